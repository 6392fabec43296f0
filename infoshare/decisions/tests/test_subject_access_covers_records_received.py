"""A subject access export holds everything the advisor's organisation holds about the
person entry: the records it made about them and the records other organisations shared
with it about them (as it sees them: no advice, no countersignature, no identifiers it
was not given). It says whose holdings it covers, and that the person's other entries
are separate. A data protection review found that records received were left out, and
that an advisor could not export for a person known only through them."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from infoshare.audit.models import AuditEvent
from infoshare.core.roles import Role
from infoshare.decisions import exports
from infoshare.decisions.models import Person, SharingDecision
from infoshare.decisions.tests.factories import make_decision, make_person
from infoshare.partnerships.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

ADVICE = [
    {
        "asked_at": "2026-03-02T10:00:00+00:00",
        "asked_by": "Sam Sender",
        "question": "Internal question of the health trust",
        "replies": [{"by": "Ada Advisor", "at": "2026-03-02T11:00:00+00:00", "text": "Go ahead"}],
    }
]


@dataclass
class Shared:
    """The health trust's person, a record it shared with the council about them, and
    what the council must not be given: the trust's draft and a record it did not share."""

    person: Person
    received: SharingDecision
    draft: SharingDecision
    not_shared: SharingDecision
    elsewhere: SharingDecision


@pytest.fixture
def trust(partnership: Any) -> Any:
    return OrganisationFactory(partnership=partnership, name="Northshire Health Trust")


@pytest.fixture
def shared(trust: Any, home_org: Any, other_org: Any) -> Shared:
    person = make_person(
        organisation=trust,
        given_name="Grace",
        family_name="Adebayo",
        local_reference="TRUST-LOCAL-77",
        nhs_number="9434765919",
    )
    countersigner = UserFactory(full_name="Colin Countersigner")
    received = make_decision(
        organisation=trust,
        people=[person],
        recipient_organisation=home_org,
        external_recipient="",
        advice_record=ADVICE,
        countersigned_by=countersigner,
        countersigned_at=timezone.now(),
        countersign_comment="Checked by the trust",
    )
    draft = make_decision(
        organisation=trust,
        people=[person],
        recipient_organisation=home_org,
        status="draft",
        finalised_at=None,
    )
    not_shared = make_decision(
        organisation=trust, people=[person], recipient_organisation=home_org, outcome="not_shared"
    )
    elsewhere = make_decision(organisation=trust, people=[person], recipient_organisation=other_org)
    return Shared(person, received, draft, not_shared, elsewhere)


def export_url(person: Person) -> str:
    return reverse("decisions:subject_access", kwargs={"person_id": person.pk})


def person_url(person: Person) -> str:
    return reverse("decisions:person_detail", kwargs={"person_id": person.pk})


def bundle_of(response: Any) -> tuple[dict[str, Any], str]:
    bundle = zipfile.ZipFile(io.BytesIO(response.content))
    return json.loads(bundle.read("records.json")), bundle.read("README.txt").decode()


@pytest.fixture
def pdf_html(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The HTML each PDF is made from (the PDF itself is left unmade)."""
    made: list[str] = []

    def capture(html: str) -> bytes:
        made.append(html)
        return b"%PDF-"

    monkeypatch.setattr(exports, "html_to_pdf", capture)
    return made


def test_an_advisor_exports_a_person_known_only_through_records_shared_with_them(
    client: Any, advisor: Any, shared: Shared, home_org: Any, pdf_html: list[str]
) -> None:
    client.force_login(advisor)
    page = client.get(person_url(shared.person)).content.decode()
    assert (
        f'<a class="govuk-link" href="{export_url(shared.person)}">Download all records '
        "Home Council holds about this person"
    ) in page
    assert "Other entries for them are separate" in page

    response = client.get(export_url(shared.person))

    assert response.status_code == 200
    data, readme = bundle_of(response)
    assert [r["reference"] for r in data["records"]] == [shared.received.reference]
    record = data["records"][0]
    assert record["held_as"] == "received"
    # As the receiving organisation sees it: the advice and countersigning stay with the trust.
    assert record["advice"] == []
    assert record["countersigned_by"] is None
    assert record["countersigned_by_id"] is None
    assert record["countersign_comment"] == ""
    # The council holds the person's name, not the trust's identifiers for them.
    assert data["person"]["nhs_number"] == ""
    assert data["person"]["local_reference"] == ""
    assert data["person"]["date_of_birth"] is None
    assert data["person"]["recorded_by"] == "Northshire Health Trust"
    subject = record["people"][0]
    assert subject["is_subject"]
    assert subject["nhs_number"] == ""
    assert subject["date_of_birth"] is None
    assert data["held_by"] == ["Home Council"]
    for text in (data["holdings_notice"], readme):
        assert "what Home Council holds about this entry" in text
        assert "Other entries for the same person are separate" in text
    assert "(Home Council)" in data["exported_by"]
    html = pdf_html[0]
    assert "What this covers." in html
    assert "Shared with Home Council by Northshire Health Trust." in html
    withheld = (
        "Internal question of the health trust",
        "Colin Countersigner",
        "Checked by the trust",
        "9434765919",
        "TRUST-LOCAL-77",
    )
    for text in withheld:
        assert text not in html
        assert text not in json.dumps(data)
    assert "1 April 2015" not in html  # the person's date of birth (the factory's)


def test_the_export_is_audited_for_the_holding_organisation_naming_the_records(
    client: Any, advisor: Any, shared: Shared, home_org: Any
) -> None:
    client.force_login(advisor)
    assert client.get(export_url(shared.person)).status_code == 200
    event = AuditEvent.objects.get(action="decisions.exported")
    assert event.organisation_id == home_org.pk
    assert event.object_id == str(shared.person.pk)
    assert event.data == {
        "kind": "subject_access",
        "count": 1,
        "filters": {},
        "records": [shared.received.label],
    }


def test_the_bundle_of_an_own_person_holds_what_was_received_about_the_same_entry(
    client: Any, advisor: Any, home_org: Any, trust: Any, pdf_html: list[str]
) -> None:
    person = make_person(organisation=home_org, nhs_number="9434765919")
    own = make_decision(organisation=home_org, people=[person], advice_record=ADVICE)
    received = make_decision(
        organisation=trust, people=[person], recipient_organisation=home_org, advice_record=ADVICE
    )
    client.force_login(advisor)

    response = client.get(export_url(person))

    assert response.status_code == 200
    data, _readme = bundle_of(response)
    held = {r["reference"]: r for r in data["records"]}
    assert set(held) == {own.reference, received.reference}
    assert held[own.reference]["held_as"] == "recorded"
    assert held[own.reference]["advice"] != []  # the council's own advice, disclosed
    assert held[received.reference]["held_as"] == "received"
    assert held[received.reference]["advice"] == []
    assert data["person"]["nhs_number"] == "9434765919"  # the council recorded them
    event = AuditEvent.objects.get(action="decisions.exported")
    assert sorted(event.data["records"]) == sorted([own.label, received.label])


def test_an_advisor_of_an_unrelated_organisation_is_refused(
    client: Any, make_member: Callable[..., Any], shared: Shared, partnership: Any
) -> None:
    unrelated = OrganisationFactory(partnership=partnership, name="Unrelated Academy")
    client.force_login(make_member(Role.ADVISOR, unrelated))
    assert client.get(person_url(shared.person)).status_code == 404
    assert client.get(export_url(shared.person)).status_code == 404
    assert not AuditEvent.objects.filter(action="decisions.exported").exists()


def test_a_practitioner_of_the_receiving_organisation_is_refused(
    client: Any, practitioner: Any, shared: Shared
) -> None:
    client.force_login(practitioner)
    page = client.get(person_url(shared.person))
    assert page.status_code == 200
    assert export_url(shared.person) not in page.content.decode()
    assert client.get(export_url(shared.person)).status_code == 403


def test_an_advisor_elsewhere_who_sees_the_person_as_a_practitioner_is_refused(
    client: Any, make_member: Callable[..., Any], shared: Shared, home_org: Any, partnership: Any
) -> None:
    """Their page opens through the council, where they are a practitioner; their own
    organisation, where they advise, holds nothing about the person: nothing to export."""
    from infoshare.partnerships.tests.factories import MembershipFactory

    user = make_member(Role.ADVISOR, OrganisationFactory(partnership=partnership))
    MembershipFactory(person=user, organisation=home_org, role=Role.PRACTITIONER)
    client.force_login(user)
    page = client.get(person_url(shared.person))
    assert page.status_code == 200
    assert export_url(shared.person) not in page.content.decode()
    assert client.get(export_url(shared.person)).status_code == 404


def test_the_recording_organisations_advisor_still_gets_all_its_own_records(
    client: Any, make_member: Callable[..., Any], shared: Shared, trust: Any
) -> None:
    client.force_login(make_member(Role.ADVISOR, trust))
    response = client.get(export_url(shared.person))
    assert response.status_code == 200
    data, _readme = bundle_of(response)
    references = {r["reference"] for r in data["records"]}
    assert references == {
        shared.received.reference,
        shared.draft.reference,
        shared.not_shared.reference,
        shared.elsewhere.reference,
    }
    assert all(r["held_as"] == "recorded" for r in data["records"])
    assert data["person"]["nhs_number"] == "9434765919"
    assert data["held_by"] == ["Northshire Health Trust"]


def test_an_advisor_of_two_holding_organisations_is_told_they_hold_it(
    client: Any, advisor: Any, home_org: Any, trust: Any, pdf_html: list[str]
) -> None:
    """'A and B hold', not 'holds' (a code review found the verb kept to one)."""
    MembershipFactory(person=advisor, organisation=trust, role=Role.ADVISOR)
    person = make_person(organisation=trust)
    make_decision(organisation=trust, people=[person], recipient_organisation=home_org)
    client.force_login(advisor)

    page = client.get(person_url(person)).content.decode()
    names = " and ".join(sorted([home_org.name, trust.name]))
    assert f"Download all records {names} hold about this person" in page
    response = client.get(export_url(person))
    assert response.status_code == 200
    data, _readme = bundle_of(response)
    assert f"This covers what {names} hold about this entry" in data["holdings_notice"]
