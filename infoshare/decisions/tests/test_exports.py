"""Downloads: CSV for advisors, a record as PDF, subject access bundles; all audited."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from infoshare.audit.models import AuditEvent
from infoshare.core.roles import Role
from infoshare.decisions import exports
from infoshare.decisions.tests.factories import make_decision, make_person
from infoshare.partnerships.tests.factories import MembershipFactory, UserFactory


def test_an_advisor_downloads_the_organisations_records_as_csv(
    client: Any, advisor: Any, home_org: Any, other_org: Any
) -> None:
    # Text people typed, in two of the exported columns: who recorded it, and to whom.
    mine = make_decision(organisation=home_org, author=UserFactory(full_name="=HYPERLINK(evil)"))
    mine.external_recipient = "=cmd|' /C calc'!A0"
    mine.save()
    elsewhere = make_decision(organisation=other_org)
    client.force_login(advisor)
    response = client.get(reverse("decisions:export_csv"), {"outcome": "shared"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["Reference"] for row in rows] == [mine.reference]
    assert rows[0]["Recorded by"] == "'=HYPERLINK(evil)"
    assert rows[0]["Organisation outside the partnership"] == "'=cmd|' /C calc'!A0"
    assert elsewhere.reference not in response.content.decode()
    event = AuditEvent.objects.get(action="decisions.exported")
    assert event.organisation_id == home_org.pk
    assert event.data == {
        "kind": "decisions_csv",
        "count": 1,
        "filters": {"outcome": "shared"},
        "records": [mine.label],
    }


def test_the_export_audits_the_filters_it_applied_not_those_the_address_asked_for(
    client: Any, advisor: Any, home_org: Any
) -> None:
    """The organisation's export offers no status filter: asked for one, it gives the
    final records as always, and the audit says so (it kept "status": "draft")."""
    make_decision(organisation=home_org)
    client.force_login(advisor)
    asked = {"status": "draft", "date_from": "1/3/2026", "urgent": "", "page": "2"}
    response = client.get(reverse("decisions:export_csv"), asked)
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="decisions.exported")
    assert event.data["filters"] == {"date_from": "2026-03-01"}


def exported(response: Any) -> set[str]:
    content = response.content.decode("utf-8-sig")
    return {row["Reference"] for row in csv.DictReader(io.StringIO(content))}


def export_events() -> list[tuple[int | None, int]]:
    """(organisation, count) of each export event, in the order written."""
    events = AuditEvent.objects.filter(action="decisions.exported").order_by("id")
    return [(event.organisation_id, event.data["count"]) for event in events]


def test_the_csv_holds_only_the_organisations_where_the_user_is_an_advisor(
    client: Any, make_member: Any, home_org: Any, other_org: Any
) -> None:
    """Managing or leading another organisation does not put its records in the CSV."""
    user = make_member(Role.ADVISOR, home_org)
    for role in (Role.MANAGER, Role.SENIOR_LEAD):
        MembershipFactory(person=user, organisation=other_org, role=role)
    advised = {make_decision(organisation=home_org).reference for _ in range(2)}
    managed = make_decision(organisation=other_org)
    client.force_login(user)
    response = client.get(reverse("decisions:export_csv"))
    assert response.status_code == 200
    assert exported(response) == advised
    assert managed.reference not in response.content.decode()
    assert export_events() == [(home_org.pk, 2)]


def test_an_export_from_two_organisations_is_audited_for_each_with_its_count(
    client: Any, make_member: Any, home_org: Any, other_org: Any
) -> None:
    user = make_member(Role.ADVISOR, home_org)
    MembershipFactory(person=user, organisation=other_org, role=Role.ADVISOR)
    home = {make_decision(organisation=home_org).reference for _ in range(2)}
    other = {make_decision(organisation=other_org).reference}
    client.force_login(user)
    response = client.get(reverse("decisions:export_csv"))
    assert exported(response) == home | other
    assert export_events() == sorted([(home_org.pk, 2), (other_org.pk, 1)])


def test_the_csv_takes_the_same_number_of_queries_for_2_and_20_records(
    client: Any, advisor: Any, home_org: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(advisor)
    client.get(reverse("decisions:export_csv"))
    counts = []
    for size in (2, 20):
        while home_org.sharing_decisions.count() < size:
            make_decision(organisation=home_org, people=[make_person(organisation=home_org)])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("decisions:export_csv"))
        assert len(response.content.decode().strip().splitlines()) == size + 1
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_practitioner_cannot_download_the_csv(client: Any, practitioner: Any) -> None:
    client.force_login(practitioner)
    assert client.get(reverse("decisions:export_csv")).status_code == 403


def test_bad_csv_filters_are_a_400(client: Any, advisor: Any) -> None:
    client.force_login(advisor)
    response = client.get(reverse("decisions:export_csv"), {"date_from": "x" * 10_000})
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="decisions.exported").exists()


def test_a_record_downloads_as_pdf_and_the_view_is_audited(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    decision = make_decision(author=practitioner, organisation=home_org)
    client.force_login(practitioner)
    response = client.get(reverse("decisions:decision_pdf", kwargs={"decision_id": decision.pk}))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    event = AuditEvent.objects.get(action="decisions.viewed_decision")
    # A copy that left the service, told apart from a look at the page.
    assert event.data == {"reference": decision.reference, "version": 1, "via": "pdf"}


def test_another_organisation_cannot_download_the_pdf(
    client: Any, foreign_org_user: Any, home_org: Any
) -> None:
    decision = make_decision(organisation=home_org)
    client.force_login(foreign_org_user)
    url = reverse("decisions:decision_pdf", kwargs={"decision_id": decision.pk})
    assert client.get(url).status_code == 404


def test_subject_access_bundle_holds_every_record_about_the_person(
    client: Any, advisor: Any, home_org: Any
) -> None:
    person = make_person(organisation=home_org)
    first = make_decision(organisation=home_org, people=[person])
    second = make_decision(organisation=home_org, people=[person])
    make_decision(organisation=home_org)
    client.force_login(advisor)
    url = reverse("decisions:subject_access", kwargs={"person_id": person.pk})
    response = client.get(url)
    assert response.status_code == 200
    bundle = zipfile.ZipFile(io.BytesIO(response.content))
    assert set(bundle.namelist()) == {"records.pdf", "records.json", "README.txt"}
    readme = bundle.read("README.txt").decode()
    assert f"Information sharing records about {person.full_name}" in readme
    assert "third_party_notice" in readme
    assert "(UK time)" in readme
    assert "UTC" not in readme
    data = json.loads(bundle.read("records.json"))
    # Every key of the bundle's data is explained in its README.
    assert all(key in readme for key in data), [key for key in data if key not in readme]
    assert {r["reference"] for r in data["records"]} == {first.reference, second.reference}
    assert bundle.read("records.pdf").startswith(b"%PDF")
    event = AuditEvent.objects.get(action="decisions.exported")
    assert event.data["kind"] == "subject_access"
    assert event.object_id == str(person.pk)


def test_subject_access_is_for_advisors_of_the_recording_organisation(
    client: Any, practitioner: Any, foreign_org_user: Any, home_org: Any
) -> None:
    person = make_person(organisation=home_org)
    url = reverse("decisions:subject_access", kwargs={"person_id": person.pk})
    client.force_login(practitioner)
    assert client.get(url).status_code == 403
    client.force_login(foreign_org_user)
    assert client.get(url).status_code == 404


# --- What the PDF draws: its text, in which face, and where each line ends ----------

NAME = "Ольга Łukasiewicz"
PURPOSE = "Żółć \u2013 Ольга\u2019s"  # an en dash and a curly apostrophe
#: 5,000 characters without a space, in an order a lost or repeated piece would show.
LONG_WORD = "".join(f"{n:04d}" for n in range(1250))
LONG_URL = "https://example.org/records/" + "a1b2c3" * 28  # 196 characters, under 200


class _Face:
    """An embedded face's advance widths, read from its TTF file (fontTools, which
    WeasyPrint uses too): enough to tell where a drawn line ends."""

    def __init__(self, path: Path) -> None:
        font = TTFont(str(path), lazy=True)
        self.cmap = font.getBestCmap()
        self.advances = {name: advance for name, (advance, _) in font["hmtx"].metrics.items()}
        self.units = font["head"].unitsPerEm

    def width(self, text: str, size: float) -> float:
        return (
            sum(self.advances[self.cmap.get(ord(c), ".notdef")] for c in text) * size / self.units
        )


#: The embedded faces as the PDF names them (after a subset's "ABCDEF+").
REGULAR, BOLD = "DejaVu-Sans", "DejaVu-Sans-Bold"


def _pdf_lines(pdf: bytes) -> list[dict[str, Any]]:
    """Every line of text the PDF draws: its text, face, and left and right edges.

    The right edge is the line's start plus its advance width in the embedded face, so
    a line that runs off the page shows even though the text extractor still reads it.
    """
    regular, bold = (exports.pdf_font_files()[name] for name in exports.PDF_FONTS)
    faces = {REGULAR: _Face(regular), BOLD: _Face(bold)}
    lines: list[dict[str, Any]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        for piece in text.split("\n"):
            if not piece.strip():
                continue
            # A subset's name is "ABCDEF+DejaVu-Sans"; anything else is another face.
            face = str(font["/BaseFont"]).split("+")[-1] if font else ""
            left = cm[0] * tm[4] + cm[4]
            width = faces[face].width(piece, size * cm[0] * tm[0]) if face in faces else None
            lines.append(
                {
                    "text": piece,
                    "face": face,
                    "left": left,
                    "right": None if width is None else left + width,
                }
            )

    for page in PdfReader(io.BytesIO(pdf)).pages:
        start = len(lines)
        page.extract_text(visitor_text=visit)
        for line in lines[start:]:
            line["page_width"] = float(page.mediabox.width)
    return lines


def _flat(lines: list[dict[str, Any]]) -> str:
    """The text with every space and line break taken out: a split word joins up again."""
    return re.sub(r"\s", "", "".join(line["text"] for line in lines))


def _face_of(lines: list[dict[str, Any]], text: str) -> str:
    return next(line["face"] for line in lines if text in line["text"])


def test_the_pdf_draws_letters_beyond_latin_1_with_embedded_dejavu_sans(
    client: Any, practitioner: Any, home_org: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="weasyprint")
    person = make_person(organisation=home_org, given_name="Ольга", family_name="Łukasiewicz")
    decision = make_decision(
        author=practitioner, organisation=home_org, people=[person], purpose=PURPOSE
    )
    client.force_login(practitioner)
    response = client.get(reverse("decisions:decision_pdf", kwargs={"decision_id": decision.pk}))
    assert response.status_code == 200
    lines = _pdf_lines(response.content)
    text = "\n".join(line["text"] for line in lines)
    # With Helvetica these came out as boxes, and the extractor read them as nothing.
    assert NAME in text
    assert PURPOSE in text
    # All of it in the embedded faces: headings and labels bold, answers regular.
    assert {line["face"] for line in lines} == {REGULAR, BOLD}
    assert _face_of(lines, f"Decision record {decision.label}") == BOLD  # h1
    assert _face_of(lines, "Organisation") == BOLD  # th
    assert _face_of(lines, NAME) == REGULAR  # td
    # WeasyPrint says when it cannot load a font (at DEBUG: it falls back to the system's
    # fonts, which may be DejaVu too) or anything else; it had nothing to say.
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


def test_long_unbroken_text_is_split_and_every_line_stays_on_the_page(
    client: Any, advisor: Any, home_org: Any
) -> None:
    person = make_person(organisation=home_org, given_name="Ольга", family_name="Ł" * 100)
    decision = make_decision(organisation=home_org, people=[person], purpose=LONG_WORD)
    decision.external_recipient = LONG_URL
    decision.save()
    client.force_login(advisor)
    response = client.get(reverse("decisions:subject_access", kwargs={"person_id": person.pk}))
    assert response.status_code == 200
    lines = _pdf_lines(zipfile.ZipFile(io.BytesIO(response.content)).read("records.pdf"))
    # Nothing lost: each long string is all there, in order, once the breaks are taken out.
    flat = _flat(lines)
    assert LONG_WORD in flat
    assert LONG_URL in flat
    assert "Ł" * 100 in flat  # the title (h1) and the people row
    # ...and nothing off the page: every line ends inside it, which it did not before.
    assert all(line["right"] is not None for line in lines)
    overflowing = [
        (line["text"][:40], round(line["right"]))
        for line in lines
        if not 0 <= line["left"] < line["right"] <= line["page_width"]
    ]
    assert overflowing == []
    assert max(len(line["text"]) for line in lines) < 200


def test_the_pdf_fonts_are_found_among_the_collected_static_files(
    settings: Any, tmp_path: Path, home_org: Any
) -> None:
    """Production: no static sources, only what collectstatic copied to STATIC_ROOT."""
    built = exports.pdf_font_files()
    for name, path in built.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, tmp_path / name)
    settings.STATICFILES_DIRS = []
    settings.STATIC_ROOT = tmp_path
    collected = exports.pdf_font_files().values()
    assert all(path.is_relative_to(tmp_path.resolve()) for path in collected)
    person = make_person(organisation=home_org, given_name="Ольга", family_name="Łukasiewicz")
    pdf = exports.decision_pdf(make_decision(organisation=home_org, people=[person]), viewer=None)
    assert NAME in "".join(line["text"] for line in _pdf_lines(pdf))


def test_a_missing_pdf_font_is_an_error_not_boxes(
    settings: Any, tmp_path: Path, home_org: Any
) -> None:
    settings.STATICFILES_DIRS = [tmp_path / "sources"]
    settings.STATIC_ROOT = tmp_path / "collected"
    (tmp_path / "sources").mkdir()
    with pytest.raises(ImproperlyConfigured, match=r"dist/fonts/DejaVuSans\.ttf is missing"):
        exports.decision_pdf(make_decision(organisation=home_org), viewer=None)
    # And the system checks say so at start-up.
    from infoshare.decisions.checks import pdf_fonts

    assert [message.id for message in pdf_fonts()] == ["decisions.W001"]


def test_the_system_checks_are_silent_when_the_fonts_are_built() -> None:
    from infoshare.decisions.checks import pdf_fonts

    assert pdf_fonts() == []


def test_user_text_in_the_pdf_is_still_escaped(home_org: Any) -> None:
    """What people typed is printed as it was typed, markup included, not obeyed."""
    typed = '<b>bold</b> <img src="https://example.org/x.png"> & Ольга'
    decision = make_decision(organisation=home_org, purpose=typed)
    lines = _pdf_lines(exports.decision_pdf(decision, viewer=None))
    assert re.sub(r"\s", "", typed) in _flat(lines)  # wherever its lines break
    assert _face_of(lines, "<b>bold</b>") == REGULAR


# --- Other people on the records of a subject access bundle ----------------------------

CHILD_NHS, PARENT_NHS = "9434765919", "4857773457"


def _child_and_parent_record(home_org: Any) -> tuple[Any, Any, Any]:
    child = make_person(
        organisation=home_org,
        given_name="Mia",
        family_name="Child",
        date_of_birth=dt.date(2016, 5, 2),
        local_reference="C-1001",
        nhs_number=CHILD_NHS,
    )
    parent = make_person(
        organisation=home_org,
        given_name="Pat",
        family_name="Parent",
        date_of_birth=dt.date(1985, 3, 4),
        local_reference="P-2002",
        nhs_number=PARENT_NHS,
    )
    return child, parent, make_decision(organisation=home_org, people=[child, parent])


def _bundle_of(client: Any, person: Any) -> zipfile.ZipFile:
    response = client.get(reverse("decisions:subject_access", kwargs={"person_id": person.pk}))
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_bundles_json_gives_other_people_by_name_only(
    client: Any, advisor: Any, home_org: Any
) -> None:
    child, parent, _ = _child_and_parent_record(home_org)
    client.force_login(advisor)
    raw = _bundle_of(client, child).read("records.json").decode()
    data = json.loads(raw)
    people = {p["given_name"]: p for p in data["records"][0]["people"]}
    assert people["Pat"] == {"given_name": "Pat", "family_name": "Parent", "is_subject": False}
    # The person asking keeps every identifier, on the record and at the top.
    assert people["Mia"]["is_subject"] is True
    assert people["Mia"]["nhs_number"] == CHILD_NHS == data["person"]["nhs_number"]
    assert people["Mia"]["local_reference"] == "C-1001"
    assert people["Mia"]["date_of_birth"] == "2016-05-02"
    # Nothing else in the file identifies the parent beyond their name.
    for identifier in (PARENT_NHS, "P-2002", "1985-03-04", f'"id": {parent.pk},'):
        assert identifier not in raw
    assert "Data Protection Act 2018 (Schedule 2, Part 3)" in data["third_party_notice"]
    assert "Review it before release" in data["third_party_notice"]


def test_the_bundles_pdf_gives_other_people_by_name_only_and_says_to_review_them(
    client: Any, advisor: Any, home_org: Any
) -> None:
    child, _, decision = _child_and_parent_record(home_org)
    client.force_login(advisor)
    flat = _flat(_pdf_lines(_bundle_of(client, child).read("records.pdf")))
    assert "MiaChild(born2May2016),PatParent" in flat
    for identifier in (PARENT_NHS, "P-2002", "4March1985"):
        assert identifier not in flat
    # The cover: the person's own identifiers, and the review their release needs.
    for identifier in (CHILD_NHS, "C-1001", "2May2016"):
        assert identifier in flat
    assert "Informationaboutotherpeople." in flat
    assert "DataProtectionAct2018(Schedule2,Part3)" in flat
    # The record's own PDF (and page) give the recording organisation everyone on it.
    record_pdf = _flat(_pdf_lines(exports.decision_pdf(decision, viewer=advisor)))
    assert "PatParent(born4March1985)" in record_pdf
    assert "Informationaboutotherpeople" not in record_pdf
