"""``/advice/`` (the address the README gives for the area) opens the right list."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("role", "lands_on"),
    [
        ("practitioner", "advice:my_requests"),
        ("senior_lead", "advice:my_requests"),
        ("advisor", "advice:queue"),
        ("manager", "advice:queue"),
    ],
)
def test_the_advice_area_opens_the_queue_for_those_who_answer(
    client: Any, request: Any, role: str, lands_on: str
) -> None:
    client.force_login(request.getfixturevalue(role))
    response = client.get("/advice/")
    assert response.status_code == 302
    assert response.url == reverse(lands_on)


def test_the_advice_area_is_refused_to_those_who_neither_ask_nor_answer(
    client: Any, auditor: Any
) -> None:
    client.force_login(auditor)
    assert client.get("/advice/").status_code == 403
