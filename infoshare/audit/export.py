"""CSV export of audit events, streamed so that a large trail never sits in memory."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from infoshare.audit.details import compact_json
from infoshare.audit.models import AuditEvent
from infoshare.core.exports import BOM, safe_cell

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
    # Last, so that the columns before it keep their places: the event's details as JSON
    # (compact, keys sorted), the only record of what a list, a search or an export showed.
    "data",
)


def _row(event: AuditEvent) -> list[Any]:
    values: list[Any] = []
    for name in COLUMNS:
        value = getattr(event, name)
        if name == "occurred_at":
            value = value.isoformat()
        elif name == "data":
            value = compact_json(value)
        values.append(safe_cell(value))
    return values


class _Echo:
    """A file-like object whose write returns the line instead of storing it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(events: Iterable[AuditEvent]) -> Iterator[str]:
    """The CSV's lines, the first starting with a byte order mark (``BOM``)."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(COLUMNS)
    for event in events:
        yield writer.writerow(_row(event))
