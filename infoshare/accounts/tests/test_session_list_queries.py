"""Both lists of where a person is signed in ("Sign-in and security" and allauth's sessions
page) cost the same number of queries with 3 sessions as with 20, list only the sessions
that still sign the person in, and clear away the dead ones."""

from __future__ import annotations

import re
from datetime import timedelta
from importlib import import_module
from typing import Any

import pytest
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from infoshare.accounts.user_sessions import live_sessions_of

PAGES = ["accounts:security", "usersessions_list"]
ENGINES = [
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
]
OTHER_BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


def _other_session(person: Any, *, session_hash: str | None = None) -> str:
    """A session signed in as ``person`` elsewhere, stored and recorded as a real sign-in
    leaves it; returns its key."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = person._meta.pk.value_to_string(person)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = session_hash or person.get_session_auth_hash()
    store.create()
    UserSession.objects.create(
        user=person, session_key=store.session_key, ip="192.0.2.7", user_agent=OTHER_BROWSER
    )
    return store.session_key


def _rows(page: str) -> int:
    body = page[page.index("<tbody") : page.index("</tbody>")]
    return len(re.findall(r'<tr class="govuk-table__row">', body))


def _signed_in(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    assert client.get(reverse("core:home")).status_code == 200  # this session is recorded
    return client


def _queries(client: Client, page_name: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(page_name))
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("page_name", PAGES)
def test_the_page_costs_the_same_with_3_sessions_as_with_20(
    settings: Any, practitioner: Any, page_name: str, engine: str
) -> None:
    settings.SESSION_ENGINE = engine
    client = _signed_in(practitioner)
    for _ in range(2):
        _other_session(practitioner)
    client.get(reverse(page_name))  # anything done once per session is done

    few, page = _queries(client, page_name)
    assert _rows(page) == 3

    for _ in range(17):
        _other_session(practitioner)
    many, page = _queries(client, page_name)
    assert _rows(page) == 20

    assert many == few, f"{few} queries with 3 sessions, {many} with 20"


@pytest.mark.parametrize("page_name", PAGES)
def test_dead_sessions_are_not_listed_and_are_cleared_away(
    practitioner: Any, page_name: str
) -> None:
    client = _signed_in(practitioner)
    live = _other_session(practitioner)
    expired = _other_session(practitioner)
    Session.objects.filter(session_key=expired).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    ended = _other_session(practitioner)
    Session.objects.filter(session_key=ended).delete()
    old_password = _other_session(practitioner, session_hash="made-before-a-password-change")

    response = client.get(reverse(page_name))

    assert response.status_code == 200
    assert _rows(response.content.decode()) == 2  # this browser and the live one
    recorded = set(
        UserSession.objects.filter(user=practitioner).values_list("session_key", flat=True)
    )
    assert recorded == {client.session.session_key, live}
    # A session that no longer signs the person in goes, as Django would flush it; an
    # expired one is left for clearsessions, so its browser can still be told it timed out.
    assert not Session.objects.filter(session_key=old_password).exists()
    assert Session.objects.filter(session_key=expired).exists()


def test_it_lists_what_allauth_would_list(practitioner: Any) -> None:
    _signed_in(practitioner)
    for _ in range(3):
        _other_session(practitioner)
    expired = _other_session(practitioner)
    Session.objects.filter(session_key=expired).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    _other_session(practitioner, session_hash="stale")

    ours = [session.pk for session in live_sessions_of(practitioner)]

    assert len(ours) == 4
    allauths = sorted(session.pk for session in UserSession.objects.purge_and_list(practitioner))
    assert sorted(ours) == allauths


def test_signing_out_of_the_other_sessions_still_ends_them(practitioner: Any) -> None:
    client = _signed_in(practitioner)
    other = _signed_in(practitioner)
    elsewhere = _other_session(practitioner)

    response = client.post(reverse("usersessions_list"))

    assert response.status_code == 302
    assert UserSession.objects.filter(user=practitioner).count() == 1
    assert not Session.objects.filter(session_key=elsewhere).exists()
    assert client.get(reverse("accounts:security")).status_code == 200
    assert other.get(reverse("accounts:security")).status_code == 302  # signed out
