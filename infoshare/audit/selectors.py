"""Reads of the audit trail: auditors only (the access registry), and only the events of
their own partnerships (``audit.scope``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from infoshare.audit import scope
from infoshare.audit.chain import ChainReport, verify
from infoshare.audit.models import AuditChainHead, AuditEvent


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
) -> QuerySet[AuditEvent]:
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
    return events


def actions_in_use(user: object) -> list[str]:
    """The distinct action names of the events ``user`` may read (one query)."""
    events = events_visible_to(user).order_by()
    return list(events.values_list("action", flat=True).distinct())


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
