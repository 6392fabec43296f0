"""The audit trail's CSV opens straight in Excel with its accents: it starts with a byte
order mark, and still streams."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import StreamingHttpResponse
from django.urls import reverse

from infoshare.audit.export import COLUMNS
from infoshare.audit.tests.helpers import make_events

EXPORT = reverse("audit:event_export")


def test_the_audit_csv_streams_and_starts_with_a_byte_order_mark(
    client: Any, auditor: Any, home_org: Any
) -> None:
    make_events(2, organisation_id=home_org.pk, actor_label="Siôn Ó Dálaigh")
    client.force_login(auditor)
    response = client.get(EXPORT, {"organisation": str(home_org.pk)})
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    streamed: Any = response.streaming_content
    chunks = list(streamed)
    assert chunks[0].startswith("\ufeffid,occurred_at,".encode())
    # Only the first line has it.
    assert sum(chunk.count("\ufeff".encode()) for chunk in chunks) == 1
    rows = list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8-sig"))))
    assert rows[0] == list(COLUMNS)
    assert [row[3] for row in rows[1:]] == ["Siôn Ó Dálaigh"] * 2
