"""Every field of an audit event is covered by its hash: changing any one of them in the
database, and nothing else, is reported by `verify_audit` as that event's content no
longer matching. The fields are listed here, not read from `audit.chain.FIELDS`, so that
a field dropped from the hash fails this test."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from infoshare.audit.models import AuditEvent
from infoshare.audit.tests.helpers import make_events, tampering

#: Each field an event stores, with a value it did not have (``make_events``' defaults).
ALTERED: dict[str, Any] = {
    "occurred_at": None,  # moved by a second, below
    "actor_id": 8,
    "actor_label": "someone-else@example.org",
    "organisation_id": 4,
    "action": "accounts.signed_out",
    "object_type": "accounts.ApiToken",
    "object_id": "8",
    "request_id": "req99999999",
    "client_address": "10.0.0.2",
    "data": {"n": "changed"},
}


def test_every_stored_field_but_the_hashes_is_listed() -> None:
    """A field added to the model is added to ``ALTERED`` (and so must be hashed)."""
    stored = {field.name for field in AuditEvent._meta.concrete_fields}
    assert stored - {"id", "prev_hash", "hash"} == set(ALTERED)


@pytest.mark.parametrize("field", list(ALTERED))
def test_changing_one_field_of_a_stored_event_breaks_the_chain(db: Any, field: str) -> None:
    events = make_events(5)
    target = events[2]
    stored = AuditEvent.objects.get(hash=target.hash)
    value = ALTERED[field]
    if field == "occurred_at":
        value = stored.occurred_at + dt.timedelta(seconds=1)
    assert getattr(stored, field) != value
    call_command("verify_audit")  # intact before

    with tampering():
        AuditEvent.objects.filter(pk=stored.pk).update(**{field: value})

    with pytest.raises(CommandError) as raised:
        call_command("verify_audit")
    message = str(raised.value)
    assert f"event {stored.pk}" in message
    assert "content does not match its hash" in message
