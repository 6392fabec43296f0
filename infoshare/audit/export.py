"""CSV export of audit events, streamed so that a large trail never sits in memory."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from infoshare.audit.models import AuditEvent
from infoshare.core.exports import safe_cell

COLUMNS = (
    "id",
    "occurred_at",
    "actor_id",
    "actor_label",
    "organisation_id",
    "action",
    "object_type",
    "object_id",
    "request_id",
    "client_address",
    "hash",
)


def _row(event: AuditEvent) -> list[Any]:
    values: list[Any] = []
    for name in COLUMNS:
        value = getattr(event, name)
        if name == "occurred_at":
            value = value.isoformat()
        values.append(safe_cell(value))
    return values


class _Echo:
    """A file-like object whose write returns the line instead of storing it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(events: Iterable[AuditEvent]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(COLUMNS)
    for event in events:
        yield writer.writerow(_row(event))
