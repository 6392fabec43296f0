"""Signing in to a deactivated account is refused exactly as a wrong password is: the page
never says whether the password was right (allauth's "account inactive" page did, for the
right password only). Only the audit trail says the account was deactivated."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from infoshare.accounts.models import User
from infoshare.audit.models import AuditEvent
from infoshare.core.roles import Role
from infoshare.partnerships.models import Membership
from infoshare.partnerships.tests.factories import TEST_PASSWORD

NOT_CORRECT = "The email address or password is not correct"
TOO_MANY = "You have tried to sign in too many times"


@pytest.fixture(autouse=True)
def fresh_throttle() -> Iterator[None]:
    cache.clear()  # allauth counts sign-ins in the cache
    yield
    cache.clear()


@pytest.fixture
def leaver(make_member: Any, home_org: Any) -> User:
    person = make_member(Role.PRACTITIONER, home_org, email="leaver@example.org")
    Membership.objects.filter(person=person).update(ends_on=timezone.localdate())
    User.objects.filter(pk=person.pk).update(is_active=False, deactivated_at=timezone.now())
    return User.objects.get(pk=person.pk)


def _sign_in(email: str, password: str) -> Any:
    return _attempt(email, password)[0]


def _attempt(email: str, password: str) -> tuple[Any, bool]:
    """The response, and whether the browser is now signed in."""
    client = Client()
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    return response, bool(client.session.get("_auth_user_id"))


def _page(response: Any) -> str:
    """The page without what differs from one request to the next (the form's token)."""
    html = response.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def _failures(email: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(action="accounts.sign_in_failed", actor_label=email).order_by(
            "pk"
        )
    )


def test_the_right_password_of_a_deactivated_account_is_refused_as_a_wrong_one(
    leaver: User,
) -> None:
    right, right_signed_in = _attempt(leaver.email, TEST_PASSWORD)
    wrong, wrong_signed_in = _attempt(leaver.email, "not-their-password")

    assert not right_signed_in
    assert not wrong_signed_in
    for response in (right, wrong):
        assert response.status_code == 200  # not the "account inactive" page
        assert NOT_CORRECT in response.content.decode()
    assert _page(right) == _page(wrong)
    assert "inactive" not in _page(right).lower()


def test_a_deactivated_account_is_refused_as_an_unknown_or_active_one_is(
    leaver: User, make_member: Any, home_org: Any
) -> None:
    active = make_member(Role.PRACTITIONER, home_org, email="active@example.org")
    pages = {
        _page(_sign_in(leaver.email, TEST_PASSWORD)).replace(leaver.email, "EMAIL"),
        _page(_sign_in(active.email, "not-their-password")).replace(active.email, "EMAIL"),
        _page(_sign_in("nobody@example.org", TEST_PASSWORD)).replace("nobody@example.org", "EMAIL"),
    }
    assert len(pages) == 1


def test_the_audit_says_the_account_was_deactivated_for_either_password(
    leaver: User, make_member: Any, home_org: Any
) -> None:
    _sign_in(leaver.email, TEST_PASSWORD)
    _sign_in(leaver.email, "not-their-password")

    events = _failures(leaver.email)
    assert [event.data for event in events] == [
        {"email": leaver.email, "inactive": True},
        {"email": leaver.email, "inactive": True},
    ]
    assert all(event.actor_id is None for event in events)

    # A wrong password for an active account is audited as before, once.
    active = make_member(Role.PRACTITIONER, home_org, email="active@example.org")
    _sign_in(active.email, "not-their-password")
    assert [event.data for event in _failures(active.email)] == [{"email": active.email}]


def test_the_right_password_of_a_deactivated_account_counts_towards_the_lockout(
    leaver: User,
) -> None:
    # allauth gave an attempt with the right password back to the limit: five wrong
    # passwords locked an account, the right one never did, which told them apart.
    for _ in range(5):
        response = _sign_in(leaver.email, TEST_PASSWORD)
        assert TOO_MANY not in response.content.decode()
    assert TOO_MANY in _sign_in(leaver.email, TEST_PASSWORD).content.decode()


def test_an_active_account_still_signs_in(make_member: Any, home_org: Any) -> None:
    person = make_member(Role.PRACTITIONER, home_org)
    response = _sign_in(person.email, TEST_PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
