"""Nothing typed is lost on an expired session: the person signs in again, returns to
the same page, sees what they typed and saves it with one button. It is never sent by
itself, and never as someone else (infoshare/core/resubmit.py)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from infoshare.core import resubmit
from infoshare.decisions import services
from infoshare.partnerships.tests.factories import TEST_PASSWORD, fresh_totp_code

TYPED = "To arrange support from the school nurse before the holidays"
KEPT_HEADING = "You were signed out before this was saved"


@pytest.fixture(autouse=True)
def _fresh_throttle() -> Iterator[None]:
    cache.clear()  # allauth counts sign-ins per address in the cache
    yield
    cache.clear()


def _sign_in(client: Any, person: Any, next_url: str) -> Any:
    """Signs in through the real pages (password, then the authenticator code)."""
    step = client.post(
        reverse("account_login"),
        {"login": person.email, "password": TEST_PASSWORD, "next": next_url},
    )
    assert step.status_code == 302, step.content
    done = client.post(reverse("mfa_authenticate"), {"code": fresh_totp_code()})
    assert done.status_code == 302
    return done


def _expire_session(client: Any) -> None:
    """The 30 minutes ran out: the session is gone; the browser's other cookies stay."""
    client.session.flush()
    client.cookies.pop("sessionid", None)


def _hidden_fields(page: str) -> list[tuple[str, str]]:
    found = re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', page)
    return [(html.unescape(n), html.unescape(v)) for n, v in found if n != "csrfmiddlewaretoken"]


@pytest.fixture
def draft_page(practitioner: Any, home_org: Any) -> tuple[Any, str]:
    draft, _ = services.start_draft(actor=practitioner)
    return draft, reverse("decisions:purpose", kwargs={"decision_id": draft.pk})


@pytest.fixture
def typed_while_signed_out(client: Any, practitioner: Any, draft_page: Any) -> tuple[Any, str]:
    """The practitioner was signed in, the session expired, then they pressed Continue."""
    draft, page = draft_page
    client.force_login(practitioner)
    client.get(page)
    _expire_session(client)
    response = client.post(page, {"purpose": TYPED})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    return draft, page


def test_what_was_typed_is_shown_for_confirmation_and_not_saved_by_itself(
    client: Any, practitioner: Any, typed_while_signed_out: Any
) -> None:
    draft, page = typed_while_signed_out

    signed_in = _sign_in(client, practitioner, page)
    assert signed_in.url == page  # back to the same page
    back = client.get(page)

    assert back.status_code == 200
    body = back.content.decode()
    assert KEPT_HEADING in body
    assert TYPED in body
    assert "Save what you typed" in body
    assert "Discard it" in body
    draft.refresh_from_db()
    assert draft.purpose == ""  # nothing is sent until the person says so


def test_save_what_you_typed_posts_the_kept_fields_and_saves_them(
    client: Any, practitioner: Any, typed_while_signed_out: Any
) -> None:
    draft, page = typed_while_signed_out
    _sign_in(client, practitioner, page)
    body = client.get(page).content.decode()
    assert f'<form method="post" action="{page}"' in body
    assert 'name="csrfmiddlewaretoken"' in body  # a fresh token for this session

    client.handler.enforce_csrf_checks = True
    token = client.cookies["csrftoken"].value
    fields = _hidden_fields(body)
    assert fields == [("purpose", TYPED)]
    saved = client.post(page, {**dict(fields), "csrfmiddlewaretoken": token})

    assert saved.status_code == 302  # saved, and on to the next question
    draft.refresh_from_db()
    assert draft.purpose == TYPED
    again = client.get(page)
    assert again.status_code == 200
    assert KEPT_HEADING not in again.content.decode()  # kept until it was saved


def test_discard_it_throws_the_kept_form_away(
    client: Any, practitioner: Any, typed_while_signed_out: Any
) -> None:
    draft, page = typed_while_signed_out
    _sign_in(client, practitioner, page)
    body = client.get(page).content.decode()
    discard = re.search(r'<a class="govuk-link" href="([^"]+)">Discard it</a>', body)
    assert discard is not None

    response = client.get(html.unescape(discard.group(1)))

    assert response.status_code == 302
    assert response.url == page
    shown = client.get(page).content.decode()
    assert KEPT_HEADING not in shown
    draft.refresh_from_db()
    assert draft.purpose == ""


def test_a_different_person_signing_in_never_sees_or_sends_what_was_typed(
    client: Any, practitioner: Any, manager: Any, typed_while_signed_out: Any
) -> None:
    _, page = typed_while_signed_out

    _sign_in(client, manager, page)

    assert resubmit.SESSION_KEY not in client.session  # thrown away at once, unseen
    home = client.get(reverse("core:home")).content.decode()
    assert TYPED not in home


def test_a_form_typed_while_signed_out_is_never_sent_as_the_next_person(
    client: Any, practitioner: Any, manager: Any
) -> None:
    """On a shared computer: someone fills in a form on the screen left signed out; the
    next person to sign in must not make that change as themselves."""
    tokens = reverse("accounts:tokens")
    client.force_login(practitioner)
    client.get(tokens)
    _expire_session(client)
    client.post(tokens, {"name": "Planted", "expires_in": "90"})

    _sign_in(client, manager, tokens)
    response = client.get(tokens)

    assert response.status_code == 200
    assert KEPT_HEADING not in response.content.decode()
    assert "Planted" not in response.content.decode()
    assert not manager.api_tokens.exists()


def test_passwords_are_never_kept_in_the_signed_out_session(client: Any, practitioner: Any) -> None:
    client.force_login(practitioner)
    client.get(reverse("core:home"))
    _expire_session(client)
    client.post(reverse("accounts:tokens"), {"name": "x", "password": "secret-value"})
    kept = client.session.get(resubmit.SESSION_KEY)
    assert kept is not None
    assert "secret-value" not in kept["data"]
    assert "name=x" in kept["data"]
    assert kept["user_id"] == practitioner.pk
