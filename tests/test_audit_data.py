"""An event's data is hashed as the database gives it back: keys that are not strings,
dates, decimals, UUIDs and lazy text never make an intact trail look tampered with."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.utils.functional import lazy

from infoshare.audit.models import AuditEvent
from infoshare.audit.services import record

lazy_text = lazy(lambda text: text, str)

CASES: list[tuple[dict[Any, Any], dict[str, Any]]] = [
    ({10: "a", 9: "b"}, {"10": "a", "9": "b"}),
    ({"due": date(2026, 3, 1)}, {"due": "2026-03-01"}),
    ({"amount": Decimal("12.50")}, {"amount": "12.50"}),
    ({"label": lazy_text("Shared in part")}, {"label": "Shared in part"}),
    (
        {"id": uuid.UUID(int=1), "nested": {2: [date(2026, 1, 2)], "x": (1, 2)}},
        {"id": str(uuid.UUID(int=1)), "nested": {"2": ["2026-01-02"], "x": [1, 2]}},
    ),
]


@pytest.mark.parametrize(("data", "stored"), CASES)
def test_the_trail_verifies_whatever_the_data_holds(db, capsys, data, stored) -> None:
    record(action="test.before")
    event = record(action="test.with_data", data=data)
    record(action="test.after")
    assert event.data == stored  # what was hashed is what is stored
    assert AuditEvent.objects.get(pk=event.pk).data == stored
    call_command("verify_audit")
    assert "3 events checked" in capsys.readouterr().out


def test_an_aware_datetime_in_the_data_keeps_its_offset(db, capsys) -> None:
    when = datetime(2026, 3, 1, 9, 30, 15, 250000, tzinfo=UTC)
    event = record(action="test.with_data", data={"at": when})
    assert AuditEvent.objects.get(pk=event.pk).data == {"at": "2026-03-01T09:30:15.250Z"}
    call_command("verify_audit")
    assert "1 events checked" in capsys.readouterr().out
