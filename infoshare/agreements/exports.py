"""The register as CSV or XLSX. In the CSV, cells that a spreadsheet would run as a
formula are prefixed with a single quote (OWASP "CSV injection"); the XLSX holds the text
as it was typed, in cells typed as text, which a spreadsheet never runs as a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from infoshare.agreements.models import Agreement
from infoshare.core.exports import BOM, safe_cell

HEADERS = (
    "Reference",
    "Title",
    "Type",
    "Version",
    "Status",
    "Lead organisation",
    "Parties",
    "Purpose",
    "Data items",
    "Lawful bases",
    "Retention",
    "Start date",
    "Review date",
    "End date",
    "Owner",
)


#: How dates look in the XLSX export: real dates (so that they sort and filter), shown
#: the way the pages show them.
XLSX_DATE_FORMAT = "d mmm yyyy"


def row_for(agreement: Agreement) -> list[Any]:
    """One row of the register, as it was typed: dates stay dates (the CSV writes them as
    2026-01-31, the XLSX as date cells); a missing value is an empty cell."""
    values = [
        agreement.pk,
        agreement.title,
        agreement.get_kind_display(),
        agreement.version,
        agreement.get_status_display(),
        agreement.lead_organisation.name,
        "; ".join(party.name for party in agreement.parties.all()),
        agreement.purpose,
        agreement.data_items,
        "; ".join(agreement.lawful_basis_labels),
        agreement.retention,
        agreement.start_date,
        agreement.review_date,
        agreement.end_date,
        str(agreement.owner),
    ]
    return ["" if value is None else value for value in values]


def as_csv(agreements: Iterable[Agreement]) -> tuple[str, int]:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    count = 0
    for agreement in agreements:
        writer.writerow([safe_cell(value) for value in row_for(agreement)])
        count += 1
    return buffer.getvalue(), count


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    """Text is written as it was typed ("- Name", "=A1"), in a text cell: openpyxl would
    store a value starting with "=" as a formula, so the cell's type is set to text (an
    inline string), which a spreadsheet shows and never runs; no quote is added, as the
    CSV needs. Control characters cannot be stored in a worksheet; they are dropped. A
    date is written as a date cell with a date number format, never as text."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING, WriteOnlyCell

    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = TYPE_STRING
        return cell
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = XLSX_DATE_FORMAT
        return cell
    return value


def as_xlsx(agreements: Iterable[Agreement]) -> tuple[bytes, int]:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Agreements")
    sheet.append(list(HEADERS))
    count = 0
    for agreement in agreements:
        sheet.append([_xlsx_cell(sheet, value) for value in row_for(agreement)])
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count
