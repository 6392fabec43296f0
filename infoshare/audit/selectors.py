"""Reads of the audit trail: auditors only (the access registry), and only the events of
their own partnerships (``audit.scope``)."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from django.db.models import Count, Max, Q, QuerySet

from infoshare.audit import scope
from infoshare.audit.chain import ChainReport, verify
from infoshare.audit.mentions import Mention, mentioning
from infoshare.audit.models import AuditChainHead, AuditEvent
from infoshare.core.numbers import MAX_ID


def events_visible_to(user: object) -> QuerySet[AuditEvent]:
    """The events of the partnerships where ``user`` is an auditor (``audit.scope``):
    one query whatever the number of events, organisations or people."""
    condition = scope.events_filter(scope.audited_partnerships(user))
    if condition is None:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(condition)


def search_events(
    user: object,
    *,
    person: str = "",
    organisation_id: int | None = None,
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    object_type: str = "",
    object_id: str = "",
    mentions: Mention | None = None,
) -> QuerySet[AuditEvent]:
    """The events ``user`` may read that match every filter given, newest first.
    ``mentions``: those whose details name the person or record (``audit.mentions``)."""
    events = events_visible_to(user).order_by("-id")
    if person:
        cond = Q(actor_label__icontains=person)
        if person.isascii() and person.isdigit() and len(person) <= 18:
            cond |= Q(actor_id=int(person))
        events = events.filter(cond)
    if organisation_id is not None:
        events = events.filter(organisation_id=organisation_id)
    if action:
        events = events.filter(action=action)
    if date_from:
        events = events.filter(occurred_at__date__gte=date_from)
    if date_to:
        events = events.filter(occurred_at__date__lte=date_to)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if mentions is not None:
        events = events.filter(mentioning(mentions))
    return events


class Snapshot(NamedTuple):
    """A search's events as they stood at one moment (``as_it_stands``)."""

    events: QuerySet[AuditEvent]
    rows: int
    #: The newest of them (None when none matched): later events are left out.
    up_to_event_id: int | None


def as_it_stands(events: QuerySet[AuditEvent]) -> Snapshot:
    """The events of a search (``search_events``) as they stand now: those up to the
    newest that matches, and how many, read in one query. Events are only ever appended,
    each with a higher id than every event before it (``services.record`` writes them one
    at a time, holding the chain's head), so the snapshot's events are the same however
    long after it they are read: an export of them leaves out its own event, and any
    written while it streams."""
    found = events.aggregate(newest=Max("id"), rows=Count("id"))
    newest = found["newest"]
    if newest is None:
        return Snapshot(events.none(), 0, None)
    return Snapshot(events.filter(id__lte=newest), found["rows"], newest)


def event_for(user: object, event_id: int) -> AuditEvent | None:
    """One event, if ``user`` may read it (the scope of ``events_visible_to``); None for
    one that is missing or outside their partnerships alike."""
    if not 0 < event_id <= MAX_ID:
        return None
    return events_visible_to(user).filter(pk=event_id).first()


def choices_in_use(user: object) -> tuple[list[str], list[str]]:
    """The distinct action names and object types of the events ``user`` may read, for
    the search form's lists (one query: the distinct pairs are few)."""
    events = events_visible_to(user).order_by()
    pairs = list(events.values_list("action", "object_type").distinct())
    return sorted({a for a, _ in pairs}), sorted({t for _, t in pairs if t})


def organisations_visible_to(user: object) -> list[tuple[int, str]]:
    """The organisations whose events ``user`` may read, as (id, name) by name: those of
    the partnerships where they are an auditor (``audit.scope``), in one query however
    many there are. Each name is followed by its partnership's when they audit more than
    one, so that two organisations of the same name can be told apart."""
    partnership_ids = scope.audited_partnerships(user)
    several = len(partnership_ids) > 1
    named = [
        (pk, f"{name} ({partnership})" if several else str(name))
        for pk, name, partnership in scope.organisations_named(partnership_ids)
    ]
    return sorted(named, key=lambda row: (row[1].casefold(), row[0]))


def verify_chain(*, expected_head: str | None = None) -> ChainReport:
    head = AuditChainHead.objects.filter(id=1).first()
    events: Any = AuditEvent.objects.order_by("id").iterator(chunk_size=2000)
    if head is None:
        return verify(events, expected_count=0, expected_head=expected_head)
    return verify(
        events,
        expected_count=head.count,
        expected_last=head.last_hash,
        expected_head=expected_head,
    )
