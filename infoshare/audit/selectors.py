"""Reads of the audit trail (auditors only, via the access registry)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from infoshare.audit.chain import ChainReport, verify
from infoshare.audit.models import AuditChainHead, AuditEvent


def search_events(
    *,
    person: str = "",
    organisation_id: int | None = None,
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all().order_by("-id")
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


def actions_in_use() -> list[str]:
    """The distinct action names stored (one query, served by the action index)."""
    return list(AuditEvent.objects.order_by().values_list("action", flat=True).distinct())


def verify_chain() -> ChainReport:
    head = AuditChainHead.objects.filter(id=1).first()
    events: Any = AuditEvent.objects.order_by("id").iterator(chunk_size=2000)
    if head is None:
        return verify(events, expected_count=0)
    return verify(events, expected_count=head.count, expected_last=head.last_hash)
