"""The register as CSV or XLSX. Cells that a spreadsheet would run as a formula are
prefixed with a single quote (OWASP "CSV injection")."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from infoshare.agreements.models import Agreement
from infoshare.core.exports import safe_cell

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


def _date(value: Any) -> str:
    return value.isoformat() if value else ""


def row_for(agreement: Agreement) -> list[Any]:
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
        _date(agreement.start_date),
        _date(agreement.review_date),
        _date(agreement.end_date),
        str(agreement.owner),
    ]
    return [safe_cell(value) for value in values]


def as_csv(agreements: Iterable[Agreement]) -> tuple[str, int]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    count = 0
    for agreement in agreements:
        writer.writerow(row_for(agreement))
        count += 1
    return buffer.getvalue(), count


def _xlsx_cell(value: Any) -> Any:
    """Control characters cannot be stored in a worksheet; they are dropped."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def as_xlsx(agreements: Iterable[Agreement]) -> tuple[bytes, int]:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Agreements")
    sheet.append(list(HEADERS))
    count = 0
    for agreement in agreements:
        sheet.append([_xlsx_cell(value) for value in row_for(agreement)])
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count
