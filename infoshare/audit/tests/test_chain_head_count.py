"""The chain head remembers how many events were written, not only the newest hash:
deleting the newest events and rewinding the head's hash to the event now last (which
needs no key) is still reported, because the count no longer matches."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from infoshare.audit.models import AuditChainHead, AuditEvent
from infoshare.audit.tests.helpers import recorded_events, tampering


def test_deleting_the_newest_events_and_rewinding_the_head_is_detected(db: Any) -> None:
    events = recorded_events(5)
    call_command("verify_audit")  # intact before
    with tampering(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM audit_auditevent WHERE id IN (%s, %s)", [events[3].pk, events[4].pk]
        )
    AuditChainHead.objects.filter(id=1).update(last_hash=events[2].hash)
    assert AuditEvent.objects.count() == 3
    assert AuditChainHead.objects.get().count == 5

    with pytest.raises(CommandError) as raised:
        call_command("verify_audit")
    message = str(raised.value)
    assert "end of the chain" in message
    assert "3 events checked" in message
