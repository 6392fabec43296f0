"""The audit trail records who did what, where and from which request; it rolls back
with the change it describes; and any tampering with stored events is detected."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from infoshare.accounts.models import ApiToken
from infoshare.audit.models import AuditChainHead, AuditEvent
from infoshare.audit.services import record
from infoshare.audit.tests.helpers import recorded_events, tampering
from infoshare.partnerships.tests import factories

HASHED = (
    "occurred_at",
    "actor_id",
    "actor_label",
    "organisation_id",
    "action",
    "object_type",
    "object_id",
    "request_id",
    "client_address",
    "data",
    "prev_hash",
    "hash",
)


def _broken_message() -> str:
    with pytest.raises(CommandError) as raised:
        call_command("verify_audit")
    return str(raised.value)


def test_record_writes_who_what_and_from_which_request(client, practitioner) -> None:
    client.force_login(practitioner)
    # Creating a token asks for the password again first (allauth's reauthentication).
    client.post(reverse("account_reauthenticate"), {"password": factories.TEST_PASSWORD})
    response = client.post(reverse("accounts:tokens"), {"name": "x", "expires_in": "90"})
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="accounts.token_created")
    token = ApiToken.objects.get(user=practitioner)
    assert event.actor_id == practitioner.pk
    assert event.actor_label == f"{practitioner.full_name} <{practitioner.email}>"
    assert event.object_type == "accounts.ApiToken"
    assert event.object_id == str(token.pk)
    assert event.request_id == response["X-Request-ID"]
    assert event.client_address == "127.0.0.1"
    assert event.data == {
        "name": "x",
        "expires_at": token.expires_at.isoformat(),
        "access": "read_only",
    }


def test_record_writes_the_organisation_and_the_object(home_org) -> None:
    event = record(action="test.thing_done", organisation_id=home_org.pk, obj=home_org)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.organisation_id == home_org.pk
    assert stored.object_type == "partnerships.Organisation"
    assert stored.object_id == str(home_org.pk)
    assert stored.actor_id is None  # the system


def test_the_event_rolls_back_with_its_transaction(db) -> None:
    recorded_events(2)
    head_before = AuditChainHead.objects.get()

    def failing_change() -> None:
        with transaction.atomic():
            record(action="test.never_happened")
            raise RuntimeError("the change failed after it was audited")

    with pytest.raises(RuntimeError):
        failing_change()
    assert not AuditEvent.objects.filter(action="test.never_happened").exists()
    head_after = AuditChainHead.objects.get()
    assert (head_after.count, head_after.last_hash) == (head_before.count, head_before.last_hash)
    call_command("verify_audit")  # still intact


def test_verify_audit_reports_an_intact_chain(db, capsys) -> None:
    recorded_events(5)
    call_command("verify_audit")
    assert "5 events checked" in capsys.readouterr().out


def test_verify_audit_accepts_an_empty_trail(db, capsys) -> None:
    call_command("verify_audit")
    assert "0 events checked" in capsys.readouterr().out


def test_an_edited_event_is_detected(db) -> None:
    events = recorded_events(5)
    with tampering():
        AuditEvent.objects.filter(pk=events[2].pk).update(actor_label="someone-else@example.org")
    message = _broken_message()
    assert f"event {events[2].pk}" in message
    assert "content does not match" in message


def test_an_edited_event_with_a_recomputed_hash_is_detected(db) -> None:
    events = recorded_events(5)
    from infoshare.audit.chain import compute_hash

    fields = {name: getattr(events[2], name) for name in HASHED[:-2]}
    fields["data"] = {"n": "changed"}
    with tampering():
        AuditEvent.objects.filter(pk=events[2].pk).update(
            data=fields["data"], hash=compute_hash(events[2].prev_hash, fields)
        )
    assert f"event {events[3].pk}" in _broken_message()


def test_a_deleted_event_in_the_middle_is_detected(db) -> None:
    events = recorded_events(5)
    with tampering(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    message = _broken_message()
    assert f"event {events[3].pk}" in message
    assert "previous-hash link" in message


def test_reordered_events_are_detected(db) -> None:
    events = recorded_events(5)
    first, second = events[1], events[2]

    def contents(event: AuditEvent) -> dict[str, Any]:
        return {name: getattr(event, name) for name in HASHED}

    with tampering():
        rows = AuditEvent.objects.filter
        rows(pk=first.pk).update(hash="0" * 63 + "x")  # free the unique hash first
        rows(pk=second.pk).update(**contents(first))
        rows(pk=first.pk).update(**contents(second))
    assert list(AuditEvent.objects.values_list("hash", flat=True))[1:3] == [
        second.hash,
        first.hash,
    ]
    assert f"event {first.pk}" in _broken_message()


def test_a_deleted_newest_event_is_detected(db) -> None:
    events = recorded_events(5)
    with tampering():
        AuditEvent.objects.filter(pk=events[-1].pk).delete()
    message = _broken_message()
    assert "end of the chain" in message
    assert "4 events checked" in message


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_to_update_or_delete_an_event(db) -> None:
    event = recorded_events(1)[0]
    for sql in (
        "UPDATE audit_auditevent SET actor_label = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).actor_label == ""


# Signing in ---------------------------------------------------------------------------


@pytest.fixture
def fresh_throttle() -> Iterator[None]:
    cache.clear()  # allauth counts failed sign-ins per address in the cache
    yield
    cache.clear()


def _password_step(client: Any, email: str, password: str) -> Any:
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _current_code() -> str:
    return factories.fresh_totp_code()


def test_a_failed_sign_in_is_audited(client, practitioner, fresh_throttle) -> None:
    response = _password_step(client, practitioner.email, "wrong-password-1")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="accounts.sign_in_failed")
    assert event.actor_label == practitioner.email
    assert event.client_address == "127.0.0.1"
    assert event.request_id == response["X-Request-ID"]
    assert "wrong-password-1" not in str(event.data)


def test_a_sign_in_with_password_and_code_is_audited(client, practitioner, fresh_throttle) -> None:
    response = _password_step(client, practitioner.email, factories.TEST_PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert not AuditEvent.objects.filter(action="accounts.signed_in").exists()
    response = client.post(reverse("mfa_authenticate"), {"code": _current_code()})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="accounts.signed_in")
    assert event.actor_id == practitioner.pk
    assert event.request_id == response["X-Request-ID"]


def test_repeated_failures_are_throttled(client, practitioner, fresh_throttle) -> None:
    for attempt in range(6):
        response = _password_step(client, practitioner.email, f"wrong-{attempt}")
    assert "You have tried to sign in too many times" in response.content.decode()
    response = _password_step(client, practitioner.email, factories.TEST_PASSWORD)
    assert response.status_code == 200
    assert "You have tried to sign in too many times" in response.content.decode()
    assert not client.session.get("_auth_user_id")
