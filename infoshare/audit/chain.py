"""The hash chain: each event's hash is an HMAC-SHA256, keyed with ``AUDIT_CHAIN_KEY``
(kept outside the database), of its own fields and the previous hash. Without the key,
someone who can write to the database cannot recompute the hashes of a rewritten event."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings

GENESIS = "0" * 64
TAIL = -1  # broken_id used when the newest events are missing
FIELDS = (
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
)


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    return value


def chain_key() -> bytes:
    """Read at call time, so that a changed setting (or a test's override) takes effect."""
    return str(settings.AUDIT_CHAIN_KEY).encode()


def compute_hash(prev_hash: str, fields: dict[str, Any], *, key: bytes | None = None) -> str:
    payload = {name: _canonical(fields[name]) for name in FIELDS}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    message = f"{prev_hash}|{text}".encode()
    return hmac.new(chain_key() if key is None else key, message, hashlib.sha256).hexdigest()


CONTENT_MISMATCH = "its content does not match its hash"


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_id: int | None = None
    reason: str = ""
    last_hash: str = GENESIS
    #: A hash asked for (a head recorded earlier) that the intact chain does not contain.
    missing_head: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None and not self.missing_head


def verify(
    events: Iterable[Any],
    *,
    expected_count: int | None = None,
    expected_last: str | None = None,
    expected_head: str | None = None,
) -> ChainReport:
    """Walks events in id order; the first whose link or content does not match breaks the
    chain. ``expected_head``, a head recorded earlier, must be one of the chain's hashes."""
    key = chain_key()
    prev = GENESIS
    checked = 0
    head_seen = expected_head in (None, GENESIS)
    for event in events:
        if event.prev_hash != prev:
            return ChainReport(checked, event.id, "its previous-hash link does not match")
        fields = {name: getattr(event, name) for name in FIELDS}
        if compute_hash(prev, fields, key=key) != event.hash:
            return ChainReport(checked, event.id, CONTENT_MISMATCH)
        prev = event.hash
        head_seen = head_seen or prev == expected_head
        checked += 1
    tail_missing = (expected_last is not None and prev != expected_last) or (
        expected_count is not None and checked != expected_count
    )
    if tail_missing:
        # The newest events were removed: the chain head remembers more than is stored.
        return ChainReport(checked, TAIL, "events are missing from the end of the chain")
    return ChainReport(
        checked, last_hash=prev, missing_head="" if head_seen else str(expected_head)
    )
