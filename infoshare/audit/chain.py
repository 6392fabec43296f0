"""The hash chain: each event's hash covers its own fields and the previous hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

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


def compute_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    payload = {name: _canonical(fields[name]) for name in FIELDS}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{prev_hash}|{text}".encode()).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify(
    events: Iterable[Any], *, expected_count: int | None = None, expected_last: str | None = None
) -> ChainReport:
    """Walks events in id order; the first whose link or content does not match breaks the chain."""
    prev = GENESIS
    checked = 0
    for event in events:
        if event.prev_hash != prev:
            return ChainReport(checked, event.id, "its previous-hash link does not match")
        fields = {name: getattr(event, name) for name in FIELDS}
        if compute_hash(prev, fields) != event.hash:
            return ChainReport(checked, event.id, "its content does not match its hash")
        prev = event.hash
        checked += 1
    tail_missing = (expected_last is not None and prev != expected_last) or (
        expected_count is not None and checked != expected_count
    )
    if tail_missing:
        # The newest events were removed: the chain head remembers more than is stored.
        return ChainReport(checked, TAIL, "events are missing from the end of the chain")
    return ChainReport(checked)
