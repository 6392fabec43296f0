"""A subject access bundle covers the personal data held, drafts included: the drafts
about the person that their organisation holds are in it, marked as drafts, and its
cover says how many; nothing of another organisation's drafts is ever in it."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from typing import Any

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from infoshare.advice.tests.factories import AdviceRequestFactory
from infoshare.core.roles import Role
from infoshare.decisions.tests.factories import make_decision, make_person


def _bundle(client: Any, person: Any) -> tuple[dict[str, Any], str, bytes]:
    """The bundle's JSON, its PDF's text (spaces and line breaks taken out, so that
    wrapped lines join up again) and every file in it, byte for byte."""
    response = client.get(reverse("decisions:subject_access", kwargs={"person_id": person.pk}))
    assert response.status_code == 200
    bundle = zipfile.ZipFile(io.BytesIO(response.content))
    pdf = PdfReader(io.BytesIO(bundle.read("records.pdf")))
    text = re.sub(r"\s", "", "".join(page.extract_text() for page in pdf.pages))
    everything = b"".join(bundle.read(name) for name in bundle.namelist())
    return json.loads(bundle.read("records.json")), text, everything + text.encode()


def _urgent_draft_already_shared(home_org: Any, person: Any, **kwargs: Any) -> Any:
    """Shared now on the urgent path, the record to be completed afterwards."""
    return make_decision(
        organisation=home_org,
        people=[person],
        status="draft",
        urgent=True,
        urgent_due_at=timezone.now() + dt.timedelta(days=2),
        finalised_at=None,
        recommendation="",
        purpose="Told the GP about the injury before the record was finished",
        **kwargs,
    )


def test_the_bundle_includes_the_organisations_drafts_about_the_person_marked_as_drafts(
    client: Any, advisor: Any, home_org: Any, other_org: Any, make_member: Any
) -> None:
    person = make_person(organisation=home_org)
    final = make_decision(organisation=home_org, people=[person])
    draft = _urgent_draft_already_shared(
        home_org, person, author=make_member(Role.PRACTITIONER, home_org)
    )
    make_decision(organisation=home_org, status="draft", finalised_at=None)  # someone else
    client.force_login(advisor)
    data, text, _ = _bundle(client, person)

    records = {r["reference"]: r for r in data["records"]}
    assert set(records) == {final.reference, draft.reference}
    assert records[draft.reference]["status"] == "draft"
    assert records[draft.reference]["status_label"] == "Draft, not yet finalised"
    assert records[final.reference]["status"] == "final"
    assert records[final.reference]["status_label"] == "Final"
    assert data["drafts_included"] == 1
    assert data["drafts_notice"].startswith("This includes 1 draft not yet finalised")
    # The finalised records first, then the drafts.
    assert [r["reference"] for r in data["records"]] == [final.reference, draft.reference]

    # The PDF says the same: on its cover, and on the draft itself.
    assert "Drafts.Thisincludes1draftnotyetfinalised" in text
    assert f"Decision{draft.reference}(Draft,notyetfinalised)" in text
    assert "Notyetfinalised.Itsauthorisstillwritingthisrecord" in text
    assert f"Decision{final.reference}(Final)" in text
    assert "ToldtheGPabouttheinjury" in text


def test_a_bundle_without_drafts_says_it_has_none(client: Any, advisor: Any, home_org: Any) -> None:
    person = make_person(organisation=home_org)
    make_decision(organisation=home_org, people=[person])
    client.force_login(advisor)
    data, text, _ = _bundle(client, person)
    assert data["drafts_included"] == 0
    assert data["drafts_notice"] == "No drafts are included: there are none about this person."
    assert "Drafts.Nodraftsareincluded" in text
    assert "notyetfinalised" not in text.lower()


def test_the_advice_asked_from_a_draft_is_in_the_bundle(
    client: Any, advisor: Any, practitioner: Any, home_org: Any
) -> None:
    person = make_person(organisation=home_org)
    draft = _urgent_draft_already_shared(home_org, person, author=practitioner)
    AdviceRequestFactory(
        organisation=home_org,
        asked_by=practitioner,
        context_decision_id=draft.pk,
        question="Should I tell the mother first?",
    )
    client.force_login(advisor)
    data, text, _ = _bundle(client, person)
    (record,) = data["records"]
    assert [a["question"] for a in record["advice"]] == ["Should I tell the mother first?"]
    assert "ShouldItellthemotherfirst?" in text


def test_no_other_organisations_draft_is_ever_in_a_bundle(
    client: Any, advisor: Any, home_org: Any, other_org: Any, make_member: Any
) -> None:
    """A draft is never seen outside the organisation writing it: not by the organisation
    it is to be shared with, even when (against the rules, so only by a fault) it names
    someone that organisation recorded."""
    ours = make_person(organisation=home_org)
    theirs = make_person(organisation=other_org)
    their_draft = make_decision(
        organisation=other_org,
        people=[ours, theirs],
        status="draft",
        finalised_at=None,
        recipient_organisation=home_org,
        purpose="OTHER-ORGANISATION-DRAFT",
    )
    our_draft = make_decision(
        organisation=home_org,
        people=[ours, theirs],
        status="draft",
        finalised_at=None,
        recipient_organisation=other_org,
        purpose="HOME-ORGANISATION-DRAFT",
    )
    client.force_login(advisor)
    data, _, everything = _bundle(client, ours)
    assert [r["reference"] for r in data["records"]] == [our_draft.reference]
    assert their_draft.reference.encode() not in everything
    assert b"OTHER-ORGANISATION-DRAFT" not in everything

    # The other organisation's advisor, asked about the person they recorded, gets only
    # their own draft, never the home organisation's that was to be shared with them.
    client.force_login(make_member(Role.ADVISOR, other_org))
    data, _, everything = _bundle(client, theirs)
    assert [r["reference"] for r in data["records"]] == [their_draft.reference]
    assert our_draft.reference.encode() not in everything
    assert b"HOME-ORGANISATION-DRAFT" not in everything
