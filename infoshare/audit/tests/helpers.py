"""Builds valid audit chains quickly for tests (bulk insert, same hashing as record())."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from django.db import connection
from django.utils import timezone

from infoshare.audit.chain import GENESIS, compute_hash
from infoshare.audit.models import AuditChainHead, AuditEvent
from infoshare.audit.services import record


def make_events(count: int, *, start: datetime | None = None, **fields: Any) -> list[AuditEvent]:
    """Appends ``count`` events to the chain, one minute apart from ``start``."""
    head, _ = AuditChainHead.objects.get_or_create(id=1, defaults={"last_hash": GENESIS})
    when = start or timezone.now() - timedelta(days=1)
    prev = head.last_hash
    events = []
    for index in range(count):
        values: dict[str, Any] = {
            "occurred_at": when + timedelta(minutes=index),
            "actor_id": 7,
            "actor_label": "worker@example.org",
            "organisation_id": 3,
            "action": "accounts.signed_in",
            "object_type": "accounts.User",
            "object_id": "7",
            "request_id": f"req{index:08d}",
            "client_address": "10.0.0.1",
            "data": {},
            **fields,
        }
        event = AuditEvent(prev_hash=prev, hash=compute_hash(prev, values), **values)
        prev = event.hash
        events.append(event)
    AuditEvent.objects.bulk_create(events, batch_size=500)
    head.last_hash = prev
    head.count += count
    head.save()
    return events


@contextmanager
def tampering() -> Iterator[None]:
    """On PostgreSQL a trigger refuses UPDATE and DELETE: lift it, as someone with the
    table owner's rights could, so that a test can show what verify_audit still notices."""
    postgres = connection.vendor == "postgresql"
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
    try:
        yield
    finally:
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")


def recorded_events(count: int) -> list[AuditEvent]:
    """``count`` events written the service's way (``record()``), one at a time."""
    return [
        record(action="test.thing_done", object_type="test.Thing", object_id=n, data={"n": n})
        for n in range(count)
    ]
