"""The governance pages' own navigation marks the page you are on, for screen readers
(``aria-current="page"``) and to the eye (bold), as the decision lists do."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

PAGES = {
    "governance:policy_list": "Policies and procedures",
    "governance:standard_list": "Common standards",
    "governance:priority_list": "Plan priorities",
    "governance:to_read": "What you need to read",
}


def _navigation_links(page: str) -> dict[str, str]:
    nav = re.search(r'<nav [^>]*aria-label="Governance">(.*?)</nav>', page, re.S)
    assert nav is not None
    return {text: tag for tag, text in re.findall(r"(<a [^>]*>)([^<]*)</a>", nav.group(1))}


@pytest.mark.parametrize("url_name", PAGES)
def test_the_navigation_marks_the_current_page_and_no_other(
    client: Any, advisor: Any, url_name: str
) -> None:
    client.force_login(advisor)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    links = _navigation_links(response.content.decode())
    assert set(links) == set(PAGES.values())
    for text, tag in links.items():
        current = text == PAGES[url_name]
        assert ('aria-current="page"' in tag) is current, (text, tag)
        assert ("govuk-!-font-weight-bold" in tag) is current, (text, tag)
