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


def table_row(html: str, caption_id: str, header: str) -> list[str]:
    """The text of each data cell of the row headed ``header`` in the table whose caption
    has the id ``caption_id``."""
    import re

    table = html.split(f'id="{caption_id}"', 1)[1].split("</table>", 1)[0]
    for row in table.split("<tr")[1:]:
        heading = re.search(r"<th[^>]*>(.*?)</th>", row, re.S)
        if heading and re.sub(r"<[^>]+>", "", heading.group(1)).strip() == header:
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]
    raise AssertionError(f"no row {header!r} in the table {caption_id!r}")
