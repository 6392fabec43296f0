"""Where you are signed in, by browser name: "Chrome on Windows", "Safari on iOS", not the
browser's user agent string (which is still there, folded away, for whoever wants it)."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from infoshare.core.browsers import browser_name

CHROME_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
EDGE_ON_WINDOWS = CHROME_ON_WINDOWS + " Edg/131.0.0.0"
SAFARI_ON_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"
)
FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
SAFARI_ON_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.1 Safari/605.1.15"
)

PAGES = ["accounts:security", "usersessions_list"]


@pytest.mark.parametrize(
    ("user_agent", "name"),
    [
        (CHROME_ON_WINDOWS, "Chrome on Windows"),
        (EDGE_ON_WINDOWS, "Edge on Windows"),
        (SAFARI_ON_IPHONE, "Safari on iOS"),
        (FIREFOX_ON_LINUX, "Firefox on Linux"),
        (SAFARI_ON_MAC, "Safari on macOS"),
        ("curl/8.5.0", "curl"),
        ("", "Unknown browser"),
        ("\x00\x01 nonsense", "Unknown browser"),
    ],
)
def test_a_user_agent_reads_as_a_browser_and_a_system(user_agent: str, name: str) -> None:
    assert browser_name(user_agent) == name


def _signed_in(person: Any, user_agent: str) -> Client:
    client = Client(headers={"user-agent": user_agent})
    client.force_login(person)
    assert client.get(reverse("core:home")).status_code == 200  # the session is recorded
    return client


def _browser_cells(page: str) -> list[str]:
    """The words of each session's first cell (its browser), tags taken out."""
    body = page[page.index("<tbody") : page.index("</tbody>")]
    cells = re.findall(
        r'<tr class="govuk-table__row">\s*<td class="govuk-table__cell">(.*?)</td>', body, re.S
    )
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip() for cell in cells]


@pytest.mark.parametrize("page_name", PAGES)
def test_each_session_is_named_by_its_browser_with_the_full_string_folded_away(
    practitioner: Any, page_name: str
) -> None:
    _signed_in(practitioner, EDGE_ON_WINDOWS)
    client = _signed_in(practitioner, CHROME_ON_WINDOWS)
    response = client.get(reverse(page_name))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    cells = _browser_cells(page)
    assert any(cell.startswith("Chrome on Windows This device") for cell in cells), cells
    assert any(cell.startswith("Edge on Windows") for cell in cells), cells
    # The full string, in a details element for the curious (not the cell's first words).
    details = re.findall(
        r'<details class="govuk-details[^"]*"><summary class="govuk-details__summary">'
        r'<span class="govuk-details__summary-text">Full browser details</span></summary>'
        r'<div class="govuk-details__text[^"]*">([^<]*)</div></details>',
        page,
    )
    assert sorted(details) == sorted([CHROME_ON_WINDOWS, EDGE_ON_WINDOWS])
    for cell in cells:
        assert not cell.startswith("Mozilla/5.0"), cell
