"""The audit trail's "Person or record shown" search (``audit.mentions``, widened by
``decisions.audit_mentions``) answers "who has seen person 5 / record ISD-2026-…": a
person's ID finds every event about a record about them (views, PDFs, API reads, list
pages and API lists that showed it, a subject access export, draft edits, its being
superseded), and a reference finds every event about any version of the record, and the
lists and exports that held it. An IG lead found both answers incomplete."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from infoshare.accounts.services import create_api_token
from infoshare.audit.models import AuditEvent
from infoshare.core.roles import Role
from infoshare.decisions.models import Person, SharingDecision
from infoshare.decisions.tests.factories import make_decision, make_person
from infoshare.decisions.tests.finalising import press_finalise

AUDIT = reverse("audit:event_list")


@dataclass
class Side:
    """An organisation's person, the record about them, its advisor and its author."""

    person: Person
    record: SharingDecision
    advisor: Any
    practitioner: Any


def _side(make_member: Callable[..., Any], org: Any) -> Side:
    practitioner = make_member(Role.PRACTITIONER, org)
    person = make_person(organisation=org)
    record = make_decision(author=practitioner, organisation=org, people=[person])
    return Side(person, record, make_member(Role.ADVISOR, org), practitioner)


@pytest.fixture
def ours(make_member: Callable[..., Any], home_org: Any) -> Side:
    return _side(make_member, home_org)


@pytest.fixture
def theirs(make_member: Callable[..., Any], other_org: Any) -> Side:
    """Another person, in another organisation of the same partnership (so the auditor
    reads its events too), whose record is listed on no page of ours."""
    return _side(make_member, other_org)


def last_event_id() -> int:
    """The newest event so far (the trail is append-only: tests read what follows)."""
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def events_since(after: int, action: str) -> set[int]:
    return set(AuditEvent.objects.filter(id__gt=after, action=action).values_list("id", flat=True))


def api_get(client: Any, user: Any, name: str, query: dict[str, str] | None = None, **kw: Any):
    _, secret = create_api_token(actor=user, name="test")
    url = reverse(f"api-1:{name}", kwargs=kw)
    return client.get(url, query or {}, headers={"Authorization": f"Bearer {secret}"})


def page(name: str, decision: SharingDecision) -> str:
    return reverse(f"decisions:{name}", kwargs={"decision_id": decision.pk})


def person_page(name: str, person: Person) -> str:
    return reverse(f"decisions:{name}", kwargs={"person_id": person.pk})


# What someone does with a side's record, and the action of the event it must leave.


def view_page(client: Any, side: Side) -> str:
    client.force_login(side.advisor)
    assert client.get(page("decision_detail", side.record)).status_code == 200
    return "decisions.viewed_decision"


def download_pdf(client: Any, side: Side) -> str:
    client.force_login(side.advisor)
    assert client.get(page("decision_pdf", side.record)).status_code == 200
    return "decisions.viewed_decision"


def read_by_api(client: Any, side: Side) -> str:
    response = api_get(client, side.advisor, "decision_read", decision_id=side.record.pk)
    assert response.status_code == 200
    return "decisions.viewed_decision"


def list_by_api(client: Any, side: Side) -> str:
    response = api_get(client, side.advisor, "decision_list", {"scope": "organisation"})
    assert response.status_code == 200
    return "decisions.listed_decisions"


def list_organisation(client: Any, side: Side) -> str:
    client.force_login(side.advisor)
    response = client.get(reverse("decisions:organisation_decisions"))
    assert response.status_code == 200
    assert str(side.person.given_name) in response.content.decode()  # the list names them
    return "decisions.listed_decisions"


def open_person(client: Any, side: Side) -> str:
    """The person's page lists the records about them (an event holding no person list)."""
    client.force_login(side.advisor)
    assert client.get(person_page("person_detail", side.person)).status_code == 200
    return "decisions.listed_decisions"


def subject_access(client: Any, side: Side) -> str:
    client.force_login(side.advisor)
    assert client.get(person_page("subject_access", side.person)).status_code == 200
    return "decisions.exported"


def export_csv(client: Any, side: Side) -> str:
    """The organisation's records as CSV: its event names each record that went out."""
    client.force_login(side.advisor)
    response = client.get(reverse("decisions:export_csv"))
    assert response.status_code == 200
    assert side.record.reference in response.content.decode()
    return "decisions.exported"


def _amend(client: Any, side: Side) -> SharingDecision:
    client.force_login(side.practitioner)
    response = client.post(page("amend", side.record), {"reason": "Wrong date of sharing"})
    assert response.status_code == 302
    return SharingDecision.objects.get(previous=side.record)


def edit_amendment(client: Any, side: Side) -> str:
    """A change to the draft of the next version: its event names no reference."""
    amendment = _amend(client, side)
    response = client.post(page("purpose", amendment), {"purpose": "To arrange support"})
    assert response.status_code == 302
    return "decisions.draft_updated"


def supersede(client: Any, side: Side) -> str:
    amendment = _amend(client, side)
    assert press_finalise(client, amendment).status_code == 302
    return "decisions.superseded"


KINDS = [
    view_page,
    download_pdf,
    read_by_api,
    list_by_api,
    list_organisation,
    open_person,
    subject_access,
    export_csv,
    edit_amendment,
    supersede,
]


def found(client: Any, mentions: str) -> set[int]:
    """The ids of the events the auditor's search finds (all on one page)."""
    response = client.get(AUDIT, {"mentions": mentions})
    assert response.status_code == 200, response.content.decode()
    events = response.context["page_obj"]
    assert events.paginator.num_pages == 1
    return {event.pk for event in events}


@pytest.mark.parametrize("do", KINDS, ids=lambda do: do.__name__)
def test_the_person_and_the_record_searches_find_each_event_about_the_record(
    client: Any, auditor: Any, ours: Side, theirs: Side, do: Callable[[Any, Side], str]
) -> None:
    before = last_event_id()
    action = do(client, ours)
    mine = events_since(before, action)
    assert mine
    middle = last_event_id()
    do(client, theirs)
    other = events_since(middle, action)
    assert other

    client.force_login(auditor)
    for search in (str(ours.person.pk), ours.record.reference):
        shown = found(client, search)
        assert mine <= shown, search
        assert not other & shown, search  # another person's record
    for search in (str(theirs.person.pk), theirs.record.reference):
        shown = found(client, search)
        assert other <= shown, search
        assert not mine & shown, search


def test_a_version_is_found_by_its_own_reference_and_version(
    client: Any, auditor: Any, ours: Side
) -> None:
    before = last_event_id()
    supersede(client, ours)
    superseded = events_since(before, "decisions.superseded")
    middle = last_event_id()
    amendment = SharingDecision.objects.get(previous=ours.record)
    client.force_login(ours.advisor)
    client.get(page("decision_detail", amendment))
    second_viewed = events_since(middle, "decisions.viewed_decision")
    assert superseded
    assert second_viewed

    client.force_login(auditor)
    first = found(client, f"{ours.record.reference} (version 1)")
    second = found(client, f"{ours.record.reference} (version 2)")
    assert superseded <= first
    assert not superseded & second
    assert second_viewed <= second
    assert not second_viewed & first
    assert superseded | second_viewed <= found(client, str(ours.person.pk))


def test_the_subject_access_export_names_the_records_it_held(
    client: Any, auditor: Any, ours: Side
) -> None:
    amendment = _amend(client, ours)
    press_finalise(client, amendment)
    subject_access(client, ours)
    event = AuditEvent.objects.filter(action="decisions.exported").latest("id")
    label = f"{ours.record.reference} (version 2)"
    assert sorted(event.data["records"]) == sorted([ours.record.reference, label])
    assert event.data["count"] == 2
    client.force_login(auditor)
    assert event.pk in found(client, label)


def test_the_search_takes_the_same_queries_however_many_records_and_events(
    client: Any, auditor: Any, ours: Side, home_org: Any
) -> None:
    client.force_login(auditor)

    def queries(search: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            found(client, search)
        return len(captured)

    view_page(client, ours)
    client.force_login(auditor)
    few = (queries(str(ours.person.pk)), queries(ours.record.reference))
    for _ in range(5):
        make_decision(organisation=home_org, people=[ours.person], author=ours.practitioner)
    view_page(client, ours)
    list_organisation(client, ours)
    open_person(client, ours)
    client.force_login(auditor)
    assert (queries(str(ours.person.pk)), queries(ours.record.reference)) == few
