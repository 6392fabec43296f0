"""Register exports guard against formula injection; the map counts agreements in force."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

from django.urls import reverse
from openpyxl import load_workbook

from infoshare.agreements.agreement_map import agreement_map_for, pair_counts
from infoshare.agreements.exports import HEADERS, safe_cell
from infoshare.agreements.models import Agreement, Status
from infoshare.agreements.tests.factories import AgreementPartyFactory, make_agreement


def test_a_cell_that_looks_like_a_formula_is_made_text() -> None:
    for text in ('=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(text) == "'" + text
    assert safe_cell("Plain") == "Plain"
    assert safe_cell(None) == ""
    assert safe_cell(3) == 3


def test_the_csv_export_neutralises_formulas(client, practitioner, active) -> None:
    Agreement.objects.filter(pk=active.pk).update(title="=cmd|' /C calc'!A0")
    client.force_login(practitioner)
    content = client.get(reverse("agreements:export_csv")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert tuple(rows[0]) == HEADERS
    assert rows[1][1] == "'=cmd|' /C calc'!A0"


def test_the_xlsx_export_holds_text_as_typed_never_formulas(client, practitioner, active) -> None:
    Agreement.objects.filter(pk=active.pk).update(
        title='=HYPERLINK("http://evil.example","Click")',
        purpose="+44 20 7946 0000",
        data_items="- Name\n- Date of birth",
        retention="@SUM(A1)",
    )
    client.force_login(practitioner)
    response = client.get(reverse("agreements:export_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = dict(zip(HEADERS, sheet[2], strict=True))
    # As typed, without the quote the CSV needs, and in text cells: never formulas.
    assert row["Title"].value == '=HYPERLINK("http://evil.example","Click")'
    assert row["Purpose"].value == "+44 20 7946 0000"
    assert row["Data items"].value == "- Name\n- Date of birth"
    assert row["Retention"].value == "@SUM(A1)"
    for name in ("Title", "Purpose", "Data items", "Retention"):
        assert row[name].data_type == "s", name
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        worksheet = package.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in worksheet
    assert 't="inlineStr"' in worksheet


def test_the_csv_export_still_neutralises_what_the_xlsx_holds_as_typed(
    client, practitioner, active
) -> None:
    Agreement.objects.filter(pk=active.pk).update(data_items="- Name\n- Date of birth")
    client.force_login(practitioner)
    content = client.get(reverse("agreements:export_csv")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[1][HEADERS.index("Data items")] == "'- Name\n- Date of birth"


def test_control_characters_do_not_break_the_xlsx_export(client, practitioner, active) -> None:
    Agreement.objects.filter(pk=active.pk).update(title="Bell\x07 and tab\x0b")
    client.force_login(practitioner)
    response = client.get(reverse("agreements:export_xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=2).value == "Bell and tab"


def test_the_export_follows_the_register_filters(client, practitioner, active, home_org):
    make_agreement(lead_organisation=home_org, title="A draft", status=Status.DRAFT)
    client.force_login(practitioner)
    content = client.get(reverse("agreements:export_csv"), {"status": "draft"}).content.decode(
        "utf-8-sig"
    )
    rows = list(csv.reader(io.StringIO(content)))
    assert [row[1] for row in rows[1:]] == ["A draft"]


def test_the_map_counts_only_agreements_in_force(
    active, senior_lead, home_org, other_org, partnership
) -> None:
    second = make_agreement(lead_organisation=home_org, status=Status.UNDER_REVIEW)
    AgreementPartyFactory(agreement=second, organisation=home_org)
    AgreementPartyFactory(agreement=second, organisation=other_org)
    withdrawn = make_agreement(lead_organisation=home_org, status=Status.WITHDRAWN)
    AgreementPartyFactory(agreement=withdrawn, organisation=home_org)
    AgreementPartyFactory(agreement=withdrawn, organisation=other_org)
    counts = pair_counts({partnership.pk})
    key = (min(home_org.pk, other_org.pk), max(home_org.pk, other_org.pk))
    assert counts == {key: 2}

    result = agreement_map_for(senior_lead)
    names = [org.name for org in result.organisations]
    assert names == ["Home Council", "Other School"]
    assert result.rows[0][1] == [None, 2]
    assert result.rows[1][1] == [2, None]
    assert len(result.links) == 1
    assert result.links[0].count == 2


def test_the_xlsx_export_writes_real_dates(client, practitioner, active) -> None:
    Agreement.objects.filter(pk=active.pk).update(
        start_date=dt.date(2026, 1, 31), review_date=dt.date(2027, 1, 31), end_date=None
    )
    client.force_login(practitioner)
    response = client.get(reverse("agreements:export_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[1]]
    start = sheet.cell(row=2, column=headers.index("Start date") + 1)
    review = sheet.cell(row=2, column=headers.index("Review date") + 1)
    end = sheet.cell(row=2, column=headers.index("End date") + 1)
    # Date cells (stored as numbers, so a spreadsheet sorts and filters them), not text.
    assert start.is_date
    assert start.value.date() == dt.date(2026, 1, 31)
    assert start.number_format == "d mmm yyyy"
    assert review.is_date
    assert review.value.date() == dt.date(2027, 1, 31)
    assert end.value in (None, "")


def test_the_csv_export_writes_iso_dates(client, practitioner, active) -> None:
    Agreement.objects.filter(pk=active.pk).update(start_date=dt.date(2026, 1, 31), end_date=None)
    client.force_login(practitioner)
    content = client.get(reverse("agreements:export_csv")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[1][HEADERS.index("Start date")] == "2026-01-31"
    assert rows[1][HEADERS.index("End date")] == ""


def test_the_csv_export_starts_with_a_byte_order_mark_so_excel_reads_accents(
    client, practitioner, active
) -> None:
    active.owner.full_name = "Siôn Ó Dálaigh"
    active.owner.save(update_fields=["full_name"])
    client.force_login(practitioner)
    content = client.get(reverse("agreements:export_csv")).content
    assert content.startswith("\ufeffReference,".encode())
    assert "Siôn Ó Dálaigh" in content.decode("utf-8-sig")
