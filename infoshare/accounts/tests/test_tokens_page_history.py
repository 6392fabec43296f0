"""The tokens page lists every token in use, but only the 10 most recent revoked or expired
ones, saying how many older ones it leaves out; its query count does not grow with them."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from infoshare.accounts.models import ApiToken
from infoshare.accounts.selectors import TOKEN_HISTORY_SHOWN
from infoshare.accounts.services import create_api_token

TOKENS = reverse("accounts:tokens")


def _ended_tokens(person: Any, count: int, *, start: int = 0) -> None:
    """``count`` tokens that no longer work, alternately revoked and expired, made one day
    apart (token ``start`` the oldest)."""
    now = timezone.now()
    ApiToken.objects.bulk_create(
        ApiToken(
            user=person,
            name=f"Old {n}",
            prefix=f"old{n:09d}",
            digest=f"{n:064d}",
            created_at=now - timedelta(days=400 - n),
            expires_at=now - timedelta(days=300 - n) if n % 2 else now + timedelta(days=30),
            revoked_at=None if n % 2 else now - timedelta(days=300 - n),
        )
        for n in range(start, start + count)
    )


def _page(client: Client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(TOKENS)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _names(page: str, caption_id: str) -> list[str]:
    table = page[page.index(f'id="{caption_id}"') :]
    body = table[table.index("<tbody") : table.index("</tbody>")]
    return re.findall(
        r'<tr class="govuk-table__row">\s*<td class="govuk-table__cell">([^<]*)</td>', body
    )


def test_every_token_in_use_is_listed_and_only_the_newest_10_ended_ones(
    client: Client, practitioner: Any
) -> None:
    for name in ("Case system", "Reporting", "Dashboard"):
        create_api_token(actor=practitioner, name=name)
    _ended_tokens(practitioner, 32)
    client.force_login(practitioner)

    _, page = _page(client)

    assert sorted(_names(page, "tokens-caption")) == ["Case system", "Dashboard", "Reporting"]
    assert page.count("Revoke<span") == 3
    assert _names(page, "old-tokens-caption") == [f"Old {n}" for n in range(31, 21, -1)]
    assert "Only your 10 most recent revoked or expired tokens are shown." in page
    assert "22 older ones are not shown." in page
    assert "Revoked</strong>" in page
    assert "Expired</strong>" in page


def test_the_query_count_does_not_grow_with_the_ended_tokens(
    client: Client, practitioner: Any
) -> None:
    create_api_token(actor=practitioner, name="Case system")
    client.force_login(practitioner)
    _ended_tokens(practitioner, TOKEN_HISTORY_SHOWN + 2)
    client.get(TOKENS)
    few, page = _page(client)
    assert "2 older ones are not shown." in page

    _ended_tokens(practitioner, 40, start=100)
    many, page = _page(client)
    assert "42 older ones are not shown." in page

    assert many == few, f"{few} queries with 12 ended tokens, {many} with 52"


def test_a_short_history_is_listed_whole_without_a_note(client: Client, practitioner: Any) -> None:
    _ended_tokens(practitioner, 1)
    client.force_login(practitioner)

    _, page = _page(client)

    assert "You have no tokens in use." in page
    assert _names(page, "old-tokens-caption") == ["Old 0"]
    assert "older-tokens" not in page


def test_one_older_token_is_counted_in_the_singular(client: Client, practitioner: Any) -> None:
    _ended_tokens(practitioner, TOKEN_HISTORY_SHOWN + 1)
    client.force_login(practitioner)

    _, page = _page(client)

    assert "1 older one is not shown." in page
    assert len(_names(page, "old-tokens-caption")) == TOKEN_HISTORY_SHOWN
