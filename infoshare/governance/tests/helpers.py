"""Shared test helpers: the same page at two data sizes takes the same queries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def assert_constant_queries(
    client: Any, url: str, grow: Callable[[], Any], django_assert_num_queries: Any
) -> None:
    """Counts the queries of ``url``, adds data with ``grow``, and expects the same count."""
    queries_for(client, url)  # warm up: the first request of a session does extra work
    small = queries_for(client, url)
    grow()
    with django_assert_num_queries(small):
        response = client.get(url)
    assert response.status_code == 200
