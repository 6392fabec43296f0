"""A record shared with an organisation offers its staff, on the record's page, ways to act
on it there: "Ask your advisors about this record" (the advice request page, with the
record attached) and "Start a record of your own decision" (the start page), each only to
a reader who holds, in the receiving organisation, a role that the linked page admits. The
sending organisation's staff see neither. A question asked about the record links back to
it on the asker's pages, as for any record the asker may open (not only their own)."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from infoshare.advice.models import AdviceRequest
from infoshare.advice.tests.factories import AdviceRequestFactory
from infoshare.core.roles import Role
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.tests.factories import make_decision, make_person
from infoshare.partnerships.tests.factories import MembershipFactory, OrganisationFactory

ASK = "Ask your advisors about this record"
START = "Start a record of your own decision"
SECTION = "Acting on this record"
RETURN = "Return to the record"


@pytest.fixture
def author(make_member: Any, home_org: Any) -> Any:
    return make_member(Role.PRACTITIONER, home_org)


@pytest.fixture
def dsl(make_member: Any, other_org: Any) -> Any:
    """The school's designated safeguarding lead."""
    return make_member(Role.SENIOR_LEAD, other_org, full_name="Dee Lead")


@pytest.fixture
def school_advisor(make_member: Any, other_org: Any) -> Any:
    return make_member(Role.ADVISOR, other_org)


@pytest.fixture
def received(author: Any, home_org: Any, other_org: Any) -> SharingDecision:
    """A final record the council (home_org) shared with the school (other_org)."""
    return make_decision(
        author=author,
        organisation=home_org,
        recipient_organisation=other_org,
        people=[make_person(organisation=home_org)],
    )


def record_url(decision: Any) -> str:
    return reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk})


def ask_url(decision: Any) -> str:
    return f"{reverse('advice:request_new')}?decision={decision.pk}"


def read(client: Any, reader: Any, url: str) -> str:
    client.force_login(reader)
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def link(href: str, text: str) -> str:
    return f'<a class="govuk-link" href="{href}">{text}</a>'


def test_the_receiving_organisation_is_offered_advice_and_its_own_record(
    client: Any, dsl: Any, received: Any
) -> None:
    body = read(client, dsl, record_url(received))
    assert SECTION in body
    assert link(ask_url(received), ASK) in body
    assert link(reverse("decisions:start"), START) in body
    # Both lead to pages that admit the reader: the question form carries the record.
    form = read(client, dsl, ask_url(received))
    assert f'value="{received.pk}"' in form
    assert f'href="{record_url(received)}" class="govuk-back-link">Back to the record' in form
    assert "Back to your decision" not in form
    read(client, dsl, reverse("decisions:start"))


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.MANAGER, Role.ADVISOR])
def test_every_role_of_the_school_that_may_ask_is_offered_the_links(
    client: Any, make_member: Any, other_org: Any, received: Any, role: str
) -> None:
    body = read(client, make_member(role, other_org), record_url(received))
    assert ASK in body
    assert START in body


def test_the_sending_organisations_view_is_unchanged(
    client: Any,
    author: Any,
    manager: Any,
    advisor: Any,
    senior_lead: Any,
    received: Any,
) -> None:
    for reader in (author, manager, advisor, senior_lead):
        body = read(client, reader, record_url(received))
        for offered in (SECTION, ASK, START, ask_url(received)):
            assert offered not in body, (reader, offered)


def test_a_reader_whose_role_at_the_school_cannot_ask_or_record_sees_no_links(
    client: Any, manager: Any, other_org: Any, received: Any
) -> None:
    """A council manager who is also the school's administrator reads the record as the
    council's: an administrator may neither ask for advice nor record at the school."""
    MembershipFactory(person=manager, organisation=other_org, role=Role.ORG_ADMIN)
    body = read(client, manager, record_url(received))
    assert SECTION not in body
    assert ASK not in body
    assert START not in body


def test_a_record_not_shared_with_the_readers_organisation_offers_nothing(
    client: Any, manager: Any, author: Any, home_org: Any, other_org: Any
) -> None:
    """A record of the council that names the school but did not share with it (the
    council manager reads it; the school sees none of it)."""
    not_shared = make_decision(
        author=author,
        organisation=home_org,
        recipient_organisation=other_org,
        outcome="not_shared",
    )
    MembershipFactory(person=manager, organisation=other_org, role=Role.PRACTITIONER)
    body = read(client, manager, record_url(not_shared))
    assert ASK not in body
    assert START not in body


def test_a_question_asked_from_the_record_links_back_to_it(
    client: Any, dsl: Any, school_advisor: Any, received: Any
) -> None:
    client.force_login(dsl)
    response = client.post(
        ask_url(received),
        {
            "question": "May we tell the school nurse?",
            "name_person": "no",
            "addressed_to": "organisation",
            "decision": str(received.pk),
        },
    )
    assert response.status_code == 302
    asked = AdviceRequest.objects.get()
    assert asked.context_decision_id == received.pk
    back = link(record_url(received), RETURN)
    sent = reverse("advice:request_sent", kwargs={"request_id": asked.pk})
    detail = reverse("advice:request_detail", kwargs={"request_id": asked.pk})
    for url in (sent, detail):
        page = read(client, dsl, url)
        assert back in page, url
        assert "Return to your decision" not in page
    # The link works for the asker; whoever answers is not led to the record.
    read(client, dsl, record_url(received))
    assert record_url(received) not in read(client, school_advisor, detail)


def test_the_question_page_links_to_a_colleagues_record_the_asker_may_open(
    client: Any, advisor: Any, author: Any, home_org: Any
) -> None:
    """Not only the asker's own records: the council's advisor asked about a practitioner's
    final record, which they oversee."""
    decision = make_decision(author=author, organisation=home_org)
    asked = AdviceRequestFactory.create(
        organisation=home_org, asked_by=advisor, context_decision_id=decision.pk
    )
    detail = reverse("advice:request_detail", kwargs={"request_id": asked.pk})
    assert link(record_url(decision), RETURN) in read(client, advisor, detail)


def test_no_link_to_a_record_the_asker_may_not_open(
    client: Any, dsl: Any, other_org: Any, partnership: Any, author: Any
) -> None:
    """A record of another organisation never shared with the school (as if the question
    had named it): the question page does not link to it."""
    elsewhere = make_decision(
        author=author,
        organisation=OrganisationFactory(partnership=partnership),
    )
    asked = AdviceRequestFactory.create(
        organisation=other_org, asked_by=dsl, context_decision_id=elsewhere.pk
    )
    detail = reverse("advice:request_detail", kwargs={"request_id": asked.pk})
    page = read(client, dsl, detail)
    assert RETURN not in page
    assert record_url(elsewhere) not in page


def test_the_received_record_page_costs_the_same_queries_at_two_sizes(
    client: Any, dsl: Any, author: Any, home_org: Any, other_org: Any
) -> None:
    small, large = (
        make_decision(
            author=author,
            organisation=home_org,
            recipient_organisation=other_org,
            people=[make_person(organisation=home_org) for _ in range(size)],
        )
        for size in (1, 10)
    )
    client.force_login(dsl)
    client.get(record_url(small))  # warm caches (session, MFA check)
    counts = []
    for decision in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(record_url(decision))
        assert response.status_code == 200
        assert ASK in response.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1]
