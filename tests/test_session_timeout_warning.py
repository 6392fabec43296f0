"""The idle sign-out, as people meet it: "Stay signed in" (the timeout warning's endpoint)
really extends the session, and the sign-in page reached after the timeout says why.

The dialog itself is driven by frontend/js/timeout-warning.mjs (e2e/test_timeout_warning.py);
here, its markup and the settings it reads."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import quote

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from infoshare.accounts import activity
from infoshare.core import resubmit, session_timeout

EXTEND = "/session/extend"
PAGE = "/decisions/"  # any signed-in page ("your decisions")
WHY = "You were signed out because you had not done anything for 30 minutes."
KEPT = "what you typed has been kept"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Moves time on for the sessions (their expiry) and for the once-a-minute touch."""

    class Clock:
        now = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)

        def advance(self, seconds: float) -> None:
            self.now += dt.timedelta(seconds=seconds)

    fake = Clock()
    monkeypatch.setattr(timezone, "now", lambda: fake.now)
    monkeypatch.setattr(activity, "clock", lambda: fake.now.timestamp())
    return fake


def _expiry(client: Any) -> dt.datetime:
    return Session.objects.get(pk=client.session.session_key).expire_date


def _idle_and_touch_interval() -> int:
    from django.conf import settings

    return settings.SESSION_IDLE_SECONDS + activity.TOUCH_EVERY


def test_the_endpoint_has_its_address_and_an_explicit_rule() -> None:
    from infoshare.core import access

    assert reverse("core:extend_session") == EXTEND
    rule = access.rule_for("core:extend_session")
    assert rule == access.signed_in(before_mfa=True)


def test_stay_signed_in_keeps_the_person_signed_in_past_the_old_expiry(
    client: Any, practitioner: Any, clock: Any
) -> None:
    client.force_login(practitioner)
    assert client.get(PAGE).status_code == 200  # touches the session: the idle time starts
    before = _expiry(client)

    clock.advance(30)  # within the minute in which pages do not touch the session again
    response = client.post(EXTEND)

    assert response.status_code == 204
    assert _expiry(client) == before + dt.timedelta(seconds=30)
    clock.advance(_idle_and_touch_interval() - 30 + 10)  # past the old expiry
    assert client.get(PAGE).status_code == 200


def test_without_stay_signed_in_a_page_in_the_same_minute_does_not_extend_it(
    client: Any, practitioner: Any, clock: Any
) -> None:
    """The control: what "Stay signed in" adds over just loading a page."""
    client.force_login(practitioner)
    client.get(PAGE)
    before = _expiry(client)

    clock.advance(30)
    client.get(PAGE)

    assert _expiry(client) == before
    clock.advance(_idle_and_touch_interval() - 30 + 10)
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_stay_signed_in_answers_nothing_about_the_person_and_is_never_cached(
    client: Any, practitioner: Any
) -> None:
    client.force_login(practitioner)
    response = client.post(EXTEND)
    assert response.status_code == 204
    assert response.content == b""
    assert "no-store" in response["Cache-Control"]


def test_stay_signed_in_is_a_post_with_a_csrf_token(practitioner: Any) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(practitioner)
    page = browser.get(reverse("core:home"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token is not None

    assert browser.get(EXTEND).status_code == 405
    assert browser.post(EXTEND).status_code == 403
    assert browser.post(EXTEND, headers={"X-CSRFToken": token.group(1)}).status_code == 204


def test_signed_out_stay_signed_in_answers_401_and_keeps_no_form(
    client: Any, practitioner: Any
) -> None:
    """A script's call, not a page: it is never kept as a form, so it never replaces a form
    the person sent from another tab after the timeout."""
    tokens = reverse("accounts:tokens")
    client.force_login(practitioner)
    client.get(tokens)
    _time_runs_out(client)
    client.post(tokens, {"name": "Case system", "expires_in": "90"})  # kept

    response = client.post(EXTEND)

    assert response.status_code == 401
    assert client.session[resubmit.SESSION_KEY]["path"] == tokens


def _time_runs_out(client: Any) -> None:
    """The idle time ran out: the session is stored but past its expiry."""
    session = client.session
    session.set_expiry(-1)
    session.save()


def test_after_the_idle_timeout_the_sign_in_page_says_why(client: Any, practitioner: Any) -> None:
    client.force_login(practitioner)
    client.get(PAGE)
    _time_runs_out(client)

    response = client.get(PAGE)

    # Only where to come back to is in the address: nothing about the person, or why.
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={quote(PAGE)}"
    page = client.get(response.url).content.decode()
    assert f"{WHY} Sign in again to carry on." in page
    assert KEPT not in page


def test_a_form_sent_after_the_timeout_is_kept_and_the_sign_in_page_says_so(
    client: Any, practitioner: Any
) -> None:
    tokens = reverse("accounts:tokens")
    client.force_login(practitioner)
    client.get(tokens)
    _time_runs_out(client)

    response = client.post(tokens, {"name": "Case system", "expires_in": "90"})

    assert response.status_code == 302
    assert "Case system" not in response.url
    page = client.get(response.url).content.decode()
    assert WHY in page
    assert KEPT in page


def test_the_reason_is_given_once(client: Any, practitioner: Any) -> None:
    client.force_login(practitioner)
    client.get(PAGE)
    _time_runs_out(client)
    login = client.get(PAGE).url
    assert WHY in client.get(login).content.decode()
    assert WHY not in client.get(login).content.decode()
    assert WHY not in client.get(client.get(PAGE).url).content.decode()


def test_the_idle_time_in_the_reason_follows_the_setting(
    client: Any, practitioner: Any, settings: Any
) -> None:
    settings.SESSION_IDLE_SECONDS = 60
    client.force_login(practitioner)
    client.get(PAGE)
    _time_runs_out(client)
    page = client.get(client.get(PAGE).url).content.decode()
    assert "had not done anything for 1 minute." in page


def test_no_reason_for_someone_who_was_not_signed_in(client: Any, db: Any) -> None:
    page = client.get(client.get(PAGE).url).content.decode()
    assert "You were signed out" not in page


def test_no_reason_after_signing_out_on_purpose(client: Any, practitioner: Any) -> None:
    client.force_login(practitioner)
    client.get(PAGE)
    client.post(reverse("account_logout"))
    page = client.get(client.get(PAGE).url).content.decode()
    assert "You were signed out" not in page


def test_no_idle_reason_when_the_session_was_ended_rather_than_timed_out(
    client: Any, practitioner: Any
) -> None:
    """Ending a session ("your sessions", an administrator's reset) deletes it: it did not
    run out of idle time, so the page does not say it did."""
    client.force_login(practitioner)
    client.get(PAGE)
    Session.objects.filter(pk=client.session.session_key).delete()
    page = client.get(client.get(PAGE).url).content.decode()
    assert "You were signed out" not in page


def test_signed_in_pages_carry_the_closed_warning_dialog(client: Any, practitioner: Any) -> None:
    client.force_login(practitioner)
    page = client.get(PAGE).content.decode()
    dialog = re.search(r"<dialog [^>]*>", page)
    assert dialog is not None
    tag = dialog.group(0)
    assert 'data-module="app-timeout-warning"' in tag
    assert 'data-idle-seconds="1800"' in tag
    assert 'data-warning-seconds="120"' in tag
    assert f'data-extend-url="{EXTEND}"' in tag
    assert " open" not in tag  # shown only by the script: never without JavaScript
    assert "Stay signed in" in page
    assert f'action="{reverse("account_logout")}"' in page


def test_pages_for_people_not_signed_in_have_no_warning_dialog(client: Any, db: Any) -> None:
    assert "<dialog" not in client.get(reverse("account_login")).content.decode()


def test_the_warning_comes_2_minutes_before_or_at_half_a_short_idle_time() -> None:
    from django.conf import settings

    assert settings.SESSION_IDLE_SECONDS == 30 * 60
    assert settings.SESSION_TIMEOUT_WARNING_SECONDS == 120
    assert session_timeout.warning_text() == "2 minutes"


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1800, "30 minutes"),
        (60, "1 minute"),
        (90, "1 minute and 30 seconds"),
        (121, "2 minutes and 1 second"),
        (45, "45 seconds"),
        (0, "0 seconds"),
    ],
)
def test_durations_are_said_in_words(seconds: int, words: str) -> None:
    assert session_timeout.duration_text(seconds) == words


def test_the_phase_banner_links_to_the_feedback_address(
    client: Any, db: Any, settings: Any
) -> None:
    settings.FEEDBACK_EMAIL = "infoshare-team@partnership.example"
    page = client.get(reverse("core:accessibility")).content.decode()
    banner = re.search(r'<section class="govuk-phase-banner".*?</section>', page, re.S)
    assert banner is not None
    assert "Help us improve it" in banner.group(0)
    assert (
        'href="mailto:infoshare-team@partnership.example?subject=Infoshare%20feedback"'
        in banner.group(0)
    )


def test_without_a_feedback_address_the_banner_names_the_advisor(
    client: Any, db: Any, settings: Any
) -> None:
    settings.FEEDBACK_EMAIL = ""
    page = client.get(reverse("core:accessibility")).content.decode()
    banner = re.search(r'<section class="govuk-phase-banner".*?</section>', page, re.S)
    assert banner is not None
    assert "mailto:" not in banner.group(0)
    assert "tell your information sharing advisor" in banner.group(0)
