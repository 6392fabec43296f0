"""Sign-in throttling suits a shared office address (settings.ACCOUNT_RATE_LIMITS): one
person's wrong passwords lock out their own account, never everyone at their school or
council, while guessing one account's password is still stopped."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from allauth.core import ratelimit
from django.core import mail
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from infoshare.partnerships.tests.factories import TEST_PASSWORD

OFFICE = "203.0.113.20"  # the one address a school's staff all sign in from
TOO_MANY = "You have tried to sign in too many times"


@pytest.fixture(autouse=True)
def fresh_throttle() -> Iterator[None]:
    cache.clear()  # allauth counts sign-ins in the cache
    yield
    cache.clear()


def _sign_in(email: str, password: str) -> Any:
    """A sign-in from the office, on a browser of its own."""
    return Client().post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=OFFICE
    )


def _signed_in(response: Any) -> bool:
    # Right password: on to the code from the authenticator app.
    return response.status_code == 302 and response.url == reverse("mfa_authenticate")


def test_wrong_passwords_for_one_person_do_not_stop_another_at_the_same_address(
    make_member: Any, home_org: Any
) -> None:
    from infoshare.core.roles import Role

    ann = make_member(Role.PRACTITIONER, home_org)
    ben = make_member(Role.PRACTITIONER, home_org)
    for _ in range(5):
        refused = _sign_in(ann.email, "not-my-password")
        assert refused.status_code == 200
        assert TOO_MANY not in refused.content.decode()

    assert _signed_in(_sign_in(ben.email, TEST_PASSWORD))

    # Ann's account is locked: even her right password is refused for now, and the page
    # says what to do.
    locked = _sign_in(ann.email, TEST_PASSWORD)
    page = locked.content.decode()
    assert not _signed_in(locked)
    assert TOO_MANY in page
    assert "Wait 15 minutes, then try again, or reset your password" in page
    assert reverse("account_reset_password") in page


def test_guessing_at_a_locked_account_does_not_use_up_the_addresss_allowance(
    make_member: Any, home_org: Any
) -> None:
    from infoshare.core.roles import Role

    ann = make_member(Role.PRACTITIONER, home_org)
    ben = make_member(Role.PRACTITIONER, home_org)
    for _ in range(80):  # more than the address's own limit
        _sign_in(ann.email, "guess")
    assert TOO_MANY in _sign_in(ann.email, "guess").content.decode()
    assert _signed_in(_sign_in(ben.email, TEST_PASSWORD))


def test_many_wrong_passwords_from_one_address_are_still_throttled(
    make_member: Any, home_org: Any
) -> None:
    """Someone trying a few passwords on each of many accounts from one address is stopped
    once the address's limit is reached, whichever account they try next."""
    from infoshare.core.roles import Role

    ben = make_member(Role.PRACTITIONER, home_org)
    pages = [_sign_in(f"person{n}@example.org", "guess").content.decode() for n in range(60)]
    assert TOO_MANY not in pages[0]
    assert TOO_MANY in pages[-1]
    assert not _signed_in(_sign_in(ben.email, TEST_PASSWORD))


def test_people_signing_in_at_the_same_moment_from_one_address_are_not_refused(
    make_member: Any, home_org: Any, rf: RequestFactory
) -> None:
    """allauth counts each sign-in until its password is found right, so sign-ins at the
    same moment hold places in the address's count together: eight at once all get in."""
    from infoshare.core.roles import Role

    people = [make_member(Role.PRACTITIONER, home_org) for _ in range(8)]
    in_flight = rf.post(reverse("account_login"), REMOTE_ADDR=OFFICE)
    for person in people[:7]:  # seven sign-ins whose passwords are still being checked
        ratelimit.consume(in_flight, action="login_failed", key=f"testserver:{person.email}")
    assert _signed_in(_sign_in(people[7].email, TEST_PASSWORD))


def test_resetting_the_password_ends_the_lockout(
    make_member: Any, home_org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from infoshare.core.roles import Role

    ann = make_member(Role.PRACTITIONER, home_org)
    for _ in range(5):
        _sign_in(ann.email, "not-my-password")
    assert TOO_MANY in _sign_in(ann.email, TEST_PASSWORD).content.decode()

    browser = Client(REMOTE_ADDR=OFFICE)
    browser.post(reverse("account_reset_password"), {"email": ann.email})
    link = re.search(r"https?://[^/\s]+(/\S+)", str(mail.outbox[-1].body))
    assert link is not None
    form_page = browser.get(link.group(1), follow=True)
    [(form_url, _)] = form_page.redirect_chain
    new_password = "Reset-and-back-in-2026"
    done = browser.post(form_url, {"password1": new_password, "password2": new_password})
    assert done.status_code == 302

    assert _signed_in(_sign_in(ann.email, new_password))


def test_too_many_sign_in_attempts_from_one_address_get_a_govuk_page(
    settings: Any, db: Any
) -> None:
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    for _ in range(2):
        assert _sign_in("nobody@example.org", "not-my-password").status_code == 200
    paused = _sign_in("nobody@example.org", "not-my-password")
    assert paused.status_code == 429
    page = paused.content.decode()
    assert '<h1 class="govuk-heading-l">Too many attempts</h1>' in page
    assert "follow your local safeguarding procedures now" in page


def test_attempts_the_address_refuses_do_not_count_against_the_persons_own_limit(
    settings: Any, make_member: Any, home_org: Any
) -> None:
    """At an office address over its limit, a person's attempts are refused without using
    up their own: once the address may try again, they are not locked out."""
    from infoshare.core.roles import Role

    limits = settings.ACCOUNT_RATE_LIMITS
    settings.ACCOUNT_RATE_LIMITS = {**limits, "login_failed": "5/15m/key,3/15m/ip"}
    ben = make_member(Role.PRACTITIONER, home_org)
    for n in range(3):  # the office's allowance, used up on other accounts
        _sign_in(f"person{n}@example.org", "guess")
    for _ in range(3):  # Ben is refused by the address: his own count must not move
        assert TOO_MANY in _sign_in(ben.email, TEST_PASSWORD).content.decode()
    settings.ACCOUNT_RATE_LIMITS = {**limits, "login_failed": "5/15m/key,300/15m/ip"}
    for _ in range(3):  # three mistakes of his own: two tries left, not locked
        assert TOO_MANY not in _sign_in(ben.email, "not-my-password").content.decode()
    assert _signed_in(_sign_in(ben.email, TEST_PASSWORD))
