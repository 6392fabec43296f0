"""The chain is keyed (HMAC-SHA256 with AUDIT_CHAIN_KEY, kept outside the database): whoever
can write to the database but lacks the key cannot rewrite events and recompute their
hashes unnoticed; a head recorded elsewhere shows a rewrite even by someone with the key."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from infoshare.audit.chain import FIELDS, compute_hash
from infoshare.audit.models import AuditChainHead, AuditEvent
from infoshare.audit.tests.helpers import recorded_events, tampering

Hasher = Callable[[str, dict[str, Any]], str]
KEY_SENTENCE = "either the audit trail was altered, or AUDIT_CHAIN_KEY is not the key"


def _plain_sha256(prev: str, fields: dict[str, Any]) -> str:
    """The unkeyed hash the chain used before: anyone can compute it."""
    payload = {
        name: value.isoformat(timespec="microseconds") if isinstance(value, datetime) else value
        for name, value in ((name, fields[name]) for name in FIELDS)
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{prev}|{text}".encode()).hexdigest()


def _another_key(prev: str, fields: dict[str, Any]) -> str:
    return compute_hash(prev, fields, key=b"a key that is not the service's own key")


def _rewrite(events: list[AuditEvent], start: int, hasher: Hasher) -> None:
    """Changes the data of ``events[start]`` and rehashes it and every later event, then
    moves the head, as someone with write access to the whole database could."""
    prev = events[start].prev_hash
    with tampering():
        for index, event in enumerate(events[start:]):
            fields = {name: getattr(event, name) for name in FIELDS}
            if index == 0:
                fields["data"] = {"n": "changed"}
            new_hash = hasher(prev, fields)
            AuditEvent.objects.filter(pk=event.pk).update(
                data=fields["data"], prev_hash=prev, hash=new_hash
            )
            prev = new_hash
    AuditChainHead.objects.filter(id=1).update(last_hash=prev)


def _broken_message(**options: Any) -> str:
    with pytest.raises(CommandError) as raised:
        call_command("verify_audit", **options)
    return str(raised.value)


@pytest.mark.parametrize("hasher", [_plain_sha256, _another_key])
def test_a_whole_chain_rehashed_without_the_key_is_detected(db, hasher) -> None:
    events = recorded_events(4)
    _rewrite(events, 0, hasher)
    message = _broken_message()
    assert f"event {events[0].pk}: its content does not match its hash" in message
    assert KEY_SENTENCE in message


@pytest.mark.parametrize("hasher", [_plain_sha256, _another_key])
def test_a_newest_event_rehashed_without_the_key_is_detected(db, hasher) -> None:
    events = recorded_events(4)
    _rewrite(events, 3, hasher)
    message = _broken_message()
    assert f"event {events[3].pk}: its content does not match its hash" in message
    assert "(3 events checked before it)" in message
    assert KEY_SENTENCE not in message  # earlier events verified, so the key is right


def test_the_right_key_verifies_and_the_head_is_printed_to_be_recorded(db, capsys) -> None:
    with override_settings(AUDIT_CHAIN_KEY="the partnership's own audit key, 32+ chars"):
        recorded_events(3)
        call_command("verify_audit")
    out = capsys.readouterr().out
    head = AuditChainHead.objects.get()
    assert "Audit trail intact: 3 events checked." in out
    assert f"Head: {head.last_hash} (3 events)." in out
    assert "Record this hash and count somewhere outside the database" in out


def test_another_key_makes_an_existing_chain_fail_with_a_clear_message(db) -> None:
    events = recorded_events(3)
    call_command("verify_audit")
    with override_settings(AUDIT_CHAIN_KEY="a different key, also 32 characters long"):
        message = _broken_message()
    assert f"event {events[0].pk}" in message
    assert KEY_SENTENCE in message


def test_a_head_recorded_earlier_and_still_on_the_chain_passes(db, capsys) -> None:
    recorded_events(2)
    recorded = AuditChainHead.objects.get().last_hash
    recorded_events(2)
    call_command("verify_audit", expect_head=recorded.upper())
    out = capsys.readouterr().out
    assert "Audit trail intact: 4 events checked." in out
    assert f"The head recorded earlier, {recorded}, is still on the chain." in out


def test_a_hash_that_is_not_on_the_chain_fails(db) -> None:
    recorded_events(2)
    message = _broken_message(expect_head="ab" * 32)
    assert f"the head {'ab' * 32} recorded earlier is no longer on the chain" in message


def test_a_chain_rewritten_with_the_key_loses_the_head_recorded_earlier(db, capsys) -> None:
    events = recorded_events(4)
    recorded = AuditChainHead.objects.get().last_hash
    _rewrite(events, 1, compute_hash)  # someone who also holds AUDIT_CHAIN_KEY
    call_command("verify_audit")  # the chain alone looks intact...
    assert "4 events checked" in capsys.readouterr().out
    message = _broken_message(expect_head=recorded)  # ...but the recorded head is gone
    assert "Audit trail rewritten" in message
    assert recorded in message


def test_an_expected_head_that_is_not_a_hash_is_refused(db) -> None:
    assert "64 hexadecimal characters" in _broken_message(expect_head="not-a-hash")


# Production refuses to start without its own key ------------------------------------------

STRONG_SECRET_KEY = "k" * 30 + "Zq9!x" * 6


def _start(**env: str) -> subprocess.CompletedProcess[str]:
    code = "import django; django.setup(); from django.conf import settings as s; "
    code += "print(len(s.AUDIT_CHAIN_KEY), s.AUDIT_CHAIN_KEY == s.SECRET_KEY)"
    return subprocess.run(  # noqa: S603 (this interpreter, with fixed code)
        [sys.executable, "-c", code],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "infoshare.settings", "DEBUG": "0", **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    "key",
    ["", "x" * 31, STRONG_SECRET_KEY],
    ids=["missing", "shorter than 32 characters", "the same as SECRET_KEY"],
)
def test_production_refuses_to_start_without_a_strong_distinct_key(key) -> None:
    result = _start(INFOSHARE_ENV="production", SECRET_KEY=STRONG_SECRET_KEY, AUDIT_CHAIN_KEY=key)
    assert result.returncode != 0
    assert "Refusing to start in production without a strong AUDIT_CHAIN_KEY" in result.stderr


def test_production_starts_with_its_own_key_and_development_derives_one() -> None:
    production = _start(
        INFOSHARE_ENV="production", SECRET_KEY=STRONG_SECRET_KEY, AUDIT_CHAIN_KEY="y" * 32
    )
    assert (production.returncode, production.stdout) == (0, "32 False\n"), production.stderr
    development = _start(INFOSHARE_ENV="development", AUDIT_CHAIN_KEY="")
    assert (development.returncode, development.stdout) == (0, "64 False\n"), development.stderr
