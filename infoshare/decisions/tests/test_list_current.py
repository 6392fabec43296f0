"""The links between the decision lists mark the one being shown (aria-current)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("url_name", "text"),
    [
        ("decisions:my_decisions", "Your decisions"),
        ("decisions:team_decisions", "Your team's decisions"),
        ("decisions:organisation_decisions", "Your organisation's decisions"),
    ],
)
def test_the_list_shown_is_marked_current(
    client: Any, manager: Any, url_name: str, text: str
) -> None:
    client.force_login(manager)
    body = client.get(reverse(url_name)).content.decode()
    current = re.findall(r'aria-current="page">([^<]*)</a>', body)
    assert current == [text]
