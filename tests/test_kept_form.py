"""The details of keeping a form typed on an expired session (infoshare/core/resubmit.py):
the last-person cookie, what is kept, for how long, and what the confirmation page shows.
The whole journey, through the sign-in pages, is in test_session_expiry.py."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.urls import reverse

from infoshare.core import resubmit
from infoshare.decisions import services

pytestmark = pytest.mark.django_db

KEPT_HEADING = "You were signed out before this was saved"


@pytest.fixture
def page(practitioner: Any, home_org: Any) -> str:
    draft, _ = services.start_draft(actor=practitioner)
    return reverse("decisions:purpose", kwargs={"decision_id": draft.pk})


def _expire_session(client: Any) -> None:
    client.session.flush()
    client.cookies.pop("sessionid", None)


def _kept(client: Any) -> Any:
    return client.session.get(resubmit.SESSION_KEY)


def test_signing_in_sets_a_signed_httponly_last_person_cookie(
    client: Any, practitioner: Any
) -> None:
    client.force_login(practitioner)
    response = client.get(reverse("core:home"))
    cookie = response.cookies[resubmit.LAST_PERSON_COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie.value != str(practitioner.pk)  # signed, so it cannot be made up
    assert cookie.value.startswith(f"{practitioner.pk}:")
    # Sent once, not on every page.
    assert resubmit.LAST_PERSON_COOKIE not in client.get(reverse("core:home")).cookies


def test_signing_out_removes_the_last_person_cookie(client: Any, practitioner: Any) -> None:
    client.force_login(practitioner)
    client.get(reverse("core:home"))
    response = client.post(reverse("account_logout"))
    assert response.cookies[resubmit.LAST_PERSON_COOKIE].value == ""
    assert response.cookies[resubmit.LAST_PERSON_COOKIE]["max-age"] == 0


def test_api_token_requests_set_no_cookie(client: Any, manager: Any) -> None:
    from infoshare.accounts.services import create_api_token

    _, secret = create_api_token(actor=manager, name="Case system")
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert resubmit.LAST_PERSON_COOKIE not in response.cookies


def test_nothing_is_kept_when_nobody_was_signed_in_on_this_browser(client: Any, page: str) -> None:
    response = client.post(page, {"purpose": "Typed by someone"})
    assert response.status_code == 302
    assert _kept(client) is None


def test_nothing_is_kept_with_a_made_up_last_person_cookie(
    client: Any, page: str, practitioner: Any
) -> None:
    client.cookies[resubmit.LAST_PERSON_COOKIE] = str(practitioner.pk)  # not signed
    client.post(page, {"purpose": "Typed by someone"})
    assert _kept(client) is None


def test_a_kept_form_older_than_two_hours_is_thrown_away(
    client: Any, practitioner: Any, page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.force_login(practitioner)
    client.get(page)
    _expire_session(client)
    client.post(page, {"purpose": "Typed long ago"})
    later = time.time() + resubmit.KEEP_SECONDS + 1
    monkeypatch.setattr(resubmit.time, "time", lambda: later)

    client.force_login(practitioner)
    response = client.get(page)

    assert KEPT_HEADING not in response.content.decode()
    assert _kept(client) is None


def test_the_confirmation_page_shortens_long_answers_but_keeps_them_whole(
    client: Any, practitioner: Any, page: str
) -> None:
    long_text = "word " * 200 + "THE-END"
    client.force_login(practitioner)
    client.get(page)
    _expire_session(client)
    client.post(page, {"purpose": long_text, "empty": ""})

    client.force_login(practitioner)
    response = client.get(page)

    body = response.content.decode()
    assert response.status_code == 200
    assert f"<title>{KEPT_HEADING} \N{EN DASH} Infoshare</title>" in body
    assert "What is the purpose of sharing?</dt>" in body  # the label the page shows
    assert "…" in body
    shown = body.split('<dl class="govuk-summary-list">')[1].split("</dl>")[0]
    assert "THE-END" not in shown  # shortened on the page
    assert "Empty</dt>" not in shown  # empty answers are not listed
    assert f'name="purpose" value="{long_text}"' in body  # but posted back whole
    assert 'name="empty" value=""' in body
    assert "<script>" not in body
    assert "style=" not in body


def test_another_page_is_shown_as_usual_and_the_form_stays_kept(
    client: Any, practitioner: Any, page: str
) -> None:
    client.force_login(practitioner)
    client.get(page)
    _expire_session(client)
    client.post(page, {"purpose": "Typed"})
    client.force_login(practitioner)

    home = client.get(reverse("core:home"))

    assert KEPT_HEADING not in home.content.decode()
    assert _kept(client) is not None
    assert KEPT_HEADING in client.get(page).content.decode()


@pytest.mark.parametrize(
    ("data", "headers"),
    [
        ({"action": "search", "q": "Ann O'Brien"}, {}),  # the Search button
        ({"action": "search", "q": "Ann O'Brien"}, {"HTTP_HX_REQUEST": "true"}),  # live
    ],
)
def test_a_search_posted_on_an_expired_session_is_not_kept(
    client: Any, practitioner: Any, home_org: Any, data: dict[str, str], headers: dict[str, str]
) -> None:
    """A search changes nothing, so nothing is lost; a child's name is not kept in a
    signed-out session to be offered back as "save what you typed"."""
    draft, _ = services.start_draft(actor=practitioner)
    people = reverse("decisions:people", kwargs={"decision_id": draft.pk})
    client.force_login(practitioner)
    client.get(people)
    _expire_session(client)
    client.post(people, data, **headers)
    assert _kept(client) is None
    # A change to the draft typed on an expired session is still kept.
    client.post(people, {"action": "continue"})
    assert _kept(client) is not None
