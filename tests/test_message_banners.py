"""The notification banner that tells a person the result of what they just did is an alert,
which GOV.UK Frontend focuses as the page loads, so that a screen reader reads it first
(WCAG 4.1.3): a success, and an action that failed or conflicted (warning and error
levels). An information message stays a region, not focused."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage import default_storage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from infoshare.decisions.tests.factories import make_decision, make_person

BANNER = re.compile(r'<div class="govuk-notification-banner(?: [^"]*)?"[^>]*>')


def _banners(html: str) -> list[str]:
    return BANNER.findall(html)


def _page_with(level: int, text: str) -> str:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = default_storage(request)  # type: ignore[attr-defined]
    messages.add_message(request, level, text)
    return render_to_string("layouts/base.html", request=request)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("level", "role", "title"),
    [
        (messages.SUCCESS, "alert", "Success"),
        (messages.ERROR, "alert", "Important"),
        (messages.WARNING, "alert", "Important"),
        (messages.INFO, "region", "Important"),
    ],
)
def test_a_banner_about_the_result_of_an_action_is_an_alert(
    level: int, role: str, title: str
) -> None:
    html = _page_with(level, "Your change was not saved")
    [banner] = _banners(html)
    assert f'role="{role}"' in banner
    # GOV.UK Frontend's notification banner focuses an alert (its data-module starts it).
    assert 'data-module="govuk-notification-banner"' in banner
    assert 'aria-labelledby="notice-title-1"' in banner
    assert f'id="notice-title-1">{title}</h2>' in html


def test_an_action_that_conflicted_is_told_in_an_alert(
    client: Any, practitioner: Any, manager: Any, home_org: Any
) -> None:
    """A manager deleting a colleague's amendment that is no longer in progress (finished
    or deleted in another tab meanwhile): the page they land on says so in an alert."""
    record = make_decision(
        author=practitioner, organisation=home_org, people=[make_person(organisation=home_org)]
    )
    client.force_login(manager)
    url = reverse("decisions:withdraw_amendment", kwargs={"decision_id": record.pk})
    html = client.post(url, follow=True).content.decode()
    [banner] = _banners(html)
    assert 'role="alert"' in banner
    assert "Nobody else&#x27;s amendment of this record is in progress" in html
