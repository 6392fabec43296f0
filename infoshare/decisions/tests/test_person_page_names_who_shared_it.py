"""A person's page, read by the staff of an organisation that records were shared with,
names in the column of the other party who shared each record with them (the recording
organisation), not their own organisation as the one it was shared with. The recording
organisation's staff read the column as before, and the page costs the same queries."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from infoshare.core.roles import Role
from infoshare.decisions.models import Direction, Outcome
from infoshare.decisions.tests.factories import make_decision, make_person

HEADER = '<th scope="col" class="govuk-table__header">{}</th>'


def cell(text: str) -> str:
    return f'<td class="govuk-table__cell">{text}</td>'


def row_of(body: str, decision: Any) -> str:
    return body[body.index(f">{decision.label}</a>") :].split("</tr>")[0]


def page_of(person: Any) -> str:
    return reverse("decisions:person_detail", kwargs={"person_id": person.pk})


def shared(home_org: Any, other_org: Any, person: Any, **fields: Any) -> Any:
    """A record the council (home_org) shared with Ms Okafor at the school (other_org)."""
    return make_decision(
        organisation=home_org,
        recipient_organisation=other_org,
        recipient_name="Ms Okafor",
        external_recipient="",
        people=[person],
        **fields,
    )


def test_the_receiving_organisation_reads_who_shared_it(
    client: Any, make_member: Any, home_org: Any, other_org: Any
) -> None:
    person = make_person(organisation=home_org)
    record = shared(home_org, other_org, person)
    client.force_login(make_member(Role.PRACTITIONER, other_org))
    body = client.get(page_of(person)).content.decode()
    assert HEADER.format("Other party") in body
    row = row_of(body, record)
    assert cell("Shared by Home Council") in row
    assert "Other School" not in row  # the reader's own organisation
    assert "Shared with" not in row


def test_a_request_the_reader_made_reads_who_answered_it(
    client: Any, make_member: Any, home_org: Any, other_org: Any
) -> None:
    """The school asked the council, which shared: the school's staff read who shared it,
    not that their own colleague asked."""
    person = make_person(organisation=home_org)
    answered = shared(
        home_org, other_org, person, direction=Direction.REQUEST_RECEIVED, outcome=Outcome.SHARED
    )
    client.force_login(make_member(Role.ADVISOR, other_org))
    row = row_of(client.get(page_of(person)).content.decode(), answered)
    assert cell("Shared by Home Council") in row
    assert "Asked by" not in row


def test_the_recording_organisation_still_reads_whom_it_was_shared_with(
    client: Any, advisor: Any, home_org: Any, other_org: Any
) -> None:
    person = make_person(organisation=home_org)
    record = shared(home_org, other_org, person)
    client.force_login(advisor)
    body = client.get(page_of(person)).content.decode()
    assert HEADER.format("Other party") in body
    row = row_of(body, record)
    assert cell("Shared with Ms Okafor, Other School") in row
    assert "Shared by" not in row


def test_the_list_shared_with_the_organisation_still_names_sender_and_person(
    client: Any, make_member: Any, home_org: Any, other_org: Any
) -> None:
    record = shared(home_org, other_org, make_person(organisation=home_org))
    client.force_login(make_member(Role.PRACTITIONER, other_org))
    body = client.get(reverse("decisions:shared_with_us")).content.decode()
    assert HEADER.format("Shared by") in body
    assert HEADER.format("Shared with") in body
    row = row_of(body, record)
    assert cell("Home Council") in row
    assert cell("Ms Okafor") in row
    assert "Other School" not in row


def test_the_receiving_organisations_page_costs_the_same_queries_at_two_sizes(
    client: Any, make_member: Any, home_org: Any, other_org: Any
) -> None:
    person = make_person(organisation=home_org)
    shared(home_org, other_org, person)
    client.force_login(make_member(Role.PRACTITIONER, other_org))
    url = page_of(person)
    client.get(url)  # warm caches (session, MFA check)
    counts = []
    for size in (2, 20):
        while person.decisions.count() < size:
            shared(home_org, other_org, person)
        with CaptureQueriesContext(connection) as queries:
            body = client.get(url).content.decode()
        assert body.count(cell("Shared by Home Council")) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]
