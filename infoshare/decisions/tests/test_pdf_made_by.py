"""A downloaded PDF says who made it, for which organisation, and when, as a printed page
does, so that a stray copy can be traced."""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any

from django.urls import reverse
from pypdf import PdfReader

from infoshare.core.roles import Role
from infoshare.decisions.tests.factories import make_decision, make_person

#: "Made by <name> (<organisation>) on 27 November 2026 at 2:32am from Infoshare."
WHEN = r"on \d{1,2} [A-Z][a-z]+ \d{4} at (\d{1,2}(:\d{2})?[ap]m|midday|midnight) from Infoshare\."


def _text(pdf: bytes) -> str:
    """The PDF's text, its lines joined with spaces."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))


def _record_pdf_text(client: Any, decision: Any) -> str:
    response = client.get(reverse("decisions:decision_pdf", kwargs={"decision_id": decision.pk}))
    assert response.status_code == 200
    return _text(response.content)


def test_a_records_pdf_names_who_made_it_and_their_organisation(
    client: Any, make_member: Any, home_org: Any, other_org: Any
) -> None:
    author = make_member(Role.PRACTITIONER, home_org, full_name="Sam Recorder")
    decision = make_decision(author=author, organisation=home_org, recipient_organisation=other_org)
    client.force_login(author)
    assert re.search(
        rf"Made by Sam Recorder \(Home Council\) {WHEN}", _record_pdf_text(client, decision)
    )

    # Someone at the organisation it was shared with: named with theirs.
    receiver = make_member(Role.PRACTITIONER, other_org, full_name="Robin Receiver")
    client.force_login(receiver)
    text = _record_pdf_text(client, decision)
    assert re.search(rf"Made by Robin Receiver \(Other School\) {WHEN}", text)
    assert "Sam Recorder (Home Council)" not in text


def test_a_subject_access_bundle_names_the_advisor_who_made_it(
    client: Any, make_member: Any, home_org: Any
) -> None:
    advisor = make_member(Role.ADVISOR, home_org, full_name="Ada Advisor")
    person = make_person(organisation=home_org)
    make_decision(organisation=home_org, people=[person])
    client.force_login(advisor)
    response = client.get(reverse("decisions:subject_access", kwargs={"person_id": person.pk}))
    assert response.status_code == 200
    bundle = zipfile.ZipFile(io.BytesIO(response.content))
    assert re.search(
        rf"Made by Ada Advisor \(Home Council\) {WHEN}", _text(bundle.read("records.pdf"))
    )
    assert json.loads(bundle.read("records.json"))["exported_by"] == "Ada Advisor (Home Council)"
