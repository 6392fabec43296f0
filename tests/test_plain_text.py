"""Free text is plain text: markup is refused, angle brackets used as such are not."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from infoshare.core.text import HTML_TAG
from infoshare.decisions.models import SharingDecision

MARKUP = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "Jo <b>B</b>",
    "< b >bold< /b >",
    "See </p> here",
    "<!-- hidden -->",
    "<!DOCTYPE html>",
    "<?xml version='1.0'?>",
    "<br/>",
    "<IFRAME SRC=//example.org>",
    "<x-widget data=1>",
]
PROSE = [
    "Mum said <dad hit him> last night",
    "<a lot of bruising>",
    "<details of the incident>",
    "Is a score of <3 or > 5 a concern?",
    "Is 2 < 3? Yes",
    "a<>b",
    "email <jo@example.org>",
]


@pytest.mark.parametrize("text", MARKUP)
def test_markup_is_found(text: str) -> None:
    assert HTML_TAG.search(text)


@pytest.mark.parametrize("text", PROSE)
def test_words_quoted_in_angle_brackets_are_not_markup(text: str) -> None:
    assert not HTML_TAG.search(text)


def test_a_practitioner_may_quote_what_was_said_and_it_is_shown_as_typed(
    client: Any, practitioner: Any
) -> None:
    client.force_login(practitioner)
    client.post(reverse("decisions:start"))
    draft = SharingDecision.objects.get(author=practitioner)
    purpose = reverse("decisions:purpose", kwargs={"decision_id": draft.pk})
    response = client.post(purpose, {"purpose": "Mum said <dad hit him> last night"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.purpose == "Mum said <dad hit him> last night"
    page = client.get(purpose).content.decode()
    assert "Mum said &lt;dad hit him&gt; last night" in page
    assert "<dad hit him>" not in page
