"""The idle timeout and the "your sessions" activity, touched at most once a minute, and
the MFA check remembered in the session: what a signed-in page costs in writes."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from infoshare.accounts import activity
from infoshare.accounts.services import create_api_token

HOME = "/"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Any:
    class Clock:
        now = 1_800_000_000.0

        def advance(self, seconds: float) -> None:
            self.now += seconds

    fake = Clock()
    monkeypatch.setattr(activity, "clock", lambda: fake.now)
    return fake


def _writes(client: Any, path: str = HOME) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return [
        q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("UPDATE")
    ]


def test_the_session_lives_the_idle_timeout_plus_the_touch_interval() -> None:
    assert settings.SESSION_IDLE_SECONDS == 30 * 60
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_SECONDS + activity.TOUCH_EVERY
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_pages_within_a_minute_write_nothing_and_a_later_page_renews_the_session(
    client: Any, practitioner: Any, clock: Any
) -> None:
    client.force_login(practitioner)
    client.get(HOME)  # the first page after signing in touches the session
    key = client.session.session_key
    expiry = Session.objects.get(pk=key).expire_date
    seen = UserSession.objects.get(session_key=key).last_seen_at

    clock.advance(activity.TOUCH_EVERY - 1)
    assert _writes(client) == []
    assert Session.objects.get(pk=key).expire_date == expiry

    clock.advance(2)
    writes = _writes(client)
    assert any("django_session" in sql for sql in writes)
    assert any("usersessions_usersession" in sql for sql in writes)
    assert Session.objects.get(pk=key).expire_date > expiry
    assert UserSession.objects.get(session_key=key).last_seen_at > seen


def test_a_clock_set_back_still_touches_the_session(
    client: Any, practitioner: Any, clock: Any
) -> None:
    client.force_login(practitioner)
    client.get(HOME)
    clock.advance(-3600)
    assert any("django_session" in sql for sql in _writes(client))


def test_an_idle_session_past_its_expiry_signs_the_person_out(
    client: Any, practitioner: Any
) -> None:
    client.force_login(practitioner)
    client.get(HOME)
    session = client.session
    session.set_expiry(-1)  # its idle time ran out a second ago (in the cache too, if any)
    session.save()

    response = client.get(reverse("decisions:my_decisions"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_api_token_requests_never_create_a_session(client: Any, manager: Any) -> None:
    _, secret = create_api_token(actor=manager, name="Case system")
    before = Session.objects.count()
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    assert Session.objects.count() == before
    assert "sessionid" not in response.cookies


def test_the_mfa_check_is_read_once_per_session(client: Any, practitioner: Any) -> None:
    client.force_login(practitioner)
    client.get(HOME)
    with CaptureQueriesContext(connection) as ctx:
        client.get(HOME)
    assert not any("mfa_authenticator" in q["sql"] for q in ctx.captured_queries)


def test_a_person_without_mfa_is_still_sent_to_set_it_up_on_every_page(
    client: Any, practitioner: Any
) -> None:
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=practitioner).delete()
    client.force_login(practitioner)
    for _ in range(2):
        response = client.get(reverse("decisions:my_decisions"))
        assert response.status_code == 302
        assert response.url == reverse("accounts:mfa_required")
