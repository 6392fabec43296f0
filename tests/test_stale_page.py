"""A form sent from a page opened before the person last signed in (its CSRF token was
replaced) is not lost: when the browser says it came from this service, what was typed is
kept and offered back for confirmation, never saved by itself. Any other CSRF failure
keeps nothing and gets a GOV.UK page (infoshare/core/csrf.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from infoshare.core import resubmit
from infoshare.decisions import services

TYPED = "To arrange support from the school nurse before the holidays"
STALE_HEADING = "This page had expired before it was saved"


@pytest.fixture
def stale(practitioner: Any) -> tuple[Client, Any, str]:
    """A signed-in practitioner whose purpose page carries a token that is no longer
    valid (they signed in again in another tab since it was opened)."""
    draft, _ = services.start_draft(actor=practitioner)
    page = reverse("decisions:purpose", kwargs={"decision_id": draft.pk})
    client = Client(enforce_csrf_checks=True)
    client.force_login(practitioner)
    assert client.get(page).status_code == 200  # sets the CSRF and last-person cookies
    return client, draft, page


def test_a_stale_form_from_this_service_is_kept_for_confirmation(stale: Any) -> None:
    client, draft, page = stale
    response = client.post(
        page,
        {"purpose": TYPED, "csrfmiddlewaretoken": "x" * 64},
        headers={"Origin": "http://testserver"},
    )
    assert response.status_code == 302
    assert response.url == page
    back = client.get(page).content.decode()
    assert STALE_HEADING in back
    assert TYPED in back
    assert "Save what you typed" in back
    draft.refresh_from_db()
    assert draft.purpose == ""  # nothing saved until the person confirms


def test_a_failure_without_an_origin_keeps_nothing_and_says_what_happened(stale: Any) -> None:
    client, _, page = stale
    response = client.post(page, {"purpose": TYPED, "csrfmiddlewaretoken": "x" * 64})
    assert response.status_code == 403
    assert '<h1 class="govuk-heading-l">This page had expired</h1>' in response.content.decode()
    assert resubmit.SESSION_KEY not in client.session
    assert STALE_HEADING not in client.get(page).content.decode()


def test_a_post_from_another_site_keeps_nothing(stale: Any) -> None:
    client, draft, page = stale
    response = client.post(
        page,
        {"purpose": TYPED, "csrfmiddlewaretoken": "x" * 64},
        headers={"Origin": "https://attacker.example"},
    )
    assert response.status_code == 403
    assert resubmit.SESSION_KEY not in client.session
    draft.refresh_from_db()
    assert draft.purpose == ""


@pytest.mark.parametrize(
    "page",
    [
        reverse("partnerships:accept_invitation", kwargs={"token": "x" * 43}),
        reverse("account_login"),
        reverse("mfa_activate_totp"),
    ],
)
def test_a_stale_form_with_secrets_in_it_is_never_kept(stale: Any, page: str) -> None:
    client, _, _ = stale
    response = client.post(
        page,
        {"new_password1": "Secret-2026!", "password": "Secret-2026!", "code": "123456"},
        headers={"Origin": "http://testserver"},
    )
    assert response.status_code == 403
    assert resubmit.SESSION_KEY not in client.session
