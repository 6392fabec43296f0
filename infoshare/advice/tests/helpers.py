"""Query counting for list and detail pages at two data sizes."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client: Any, url: str) -> list[str]:
    """The SQL run by one GET (after a first GET, so that session setup is not counted)."""
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in context.captured_queries]


def advice_queries(queries: list[str]) -> list[str]:
    return [sql for sql in queries if '"advice_' in sql]
