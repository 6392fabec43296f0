"""Setting up an authenticator app straight after signing in (or after setting a password
from an invitation) does not ask for the password again, and a wrong code while setting
it up says nothing of recovery codes, which the person does not have yet."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from django.core.cache import cache
from django.urls import reverse

from infoshare.accounts.allauth_forms import SETUP_CODE_WRONG
from infoshare.core.roles import Role
from infoshare.partnerships.tests.factories import TEST_PASSWORD


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> Iterator[None]:
    """allauth counts sign-ins and password confirmations in the cache: these tests
    neither inherit nor leave counts."""
    cache.clear()
    yield
    cache.clear()


SET_UP = reverse("mfa_activate_totp")
NEW_PASSWORD = "Sharing-safely-2026!"


def _invitation_link(client: Any, org_admin: Any, org: Any, mailoutbox: Any, capture: Any) -> str:
    client.force_login(org_admin)
    with capture(execute=True):
        client.post(
            reverse("partnerships:invite", kwargs={"org_id": org.pk}),
            {"full_name": "Nia Brown", "email": "nia@example.org", "role": Role.PRACTITIONER},
        )
    client.logout()
    body = str(mailoutbox[-1].body)
    return "/organisations/invitations/" + body.split("/organisations/invitations/")[1].split()[0]


def test_a_new_person_sets_up_the_app_straight_after_setting_their_password(
    client: Any,
    org_admin: Any,
    home_org: Any,
    mailoutbox: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    link = _invitation_link(
        client, org_admin, home_org, mailoutbox, django_capture_on_commit_callbacks
    )
    accepted = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert accepted.url == reverse("accounts:mfa_required")

    page = client.get(SET_UP)

    assert page.status_code == 200  # not sent to "Confirm it is you"
    assert "authenticator app" in page.content.decode()


def test_someone_who_has_just_signed_in_sets_up_the_app_without_confirming_again(
    client: Any, make_member: Any, home_org: Any
) -> None:
    person = make_member(Role.PRACTITIONER, home_org, with_mfa=False)
    signed_in = client.post(
        reverse("account_login"), {"login": person.email, "password": TEST_PASSWORD}
    )
    assert signed_in.status_code == 302

    assert client.get(SET_UP).status_code == 200


def test_a_sign_in_some_time_ago_is_confirmed_again_first(
    client: Any, make_member: Any, home_org: Any
) -> None:
    person = make_member(Role.PRACTITIONER, home_org, with_mfa=False)
    client.post(reverse("account_login"), {"login": person.email, "password": TEST_PASSWORD})
    session = client.session
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    for record in records:
        record["at"] -= 10 * 60  # signed in ten minutes ago
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session.save()

    response = client.get(SET_UP)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))


def test_a_wrong_code_while_setting_up_does_not_mention_recovery_codes(
    client: Any, make_member: Any, home_org: Any
) -> None:
    person = make_member(Role.PRACTITIONER, home_org, with_mfa=False)
    client.post(reverse("account_login"), {"login": person.email, "password": TEST_PASSWORD})
    assert client.get(SET_UP).status_code == 200

    response = client.post(SET_UP, {"code": "000000"})

    html = response.content.decode()
    assert "There is a problem" in html
    assert SETUP_CODE_WRONG in html
    assert "one of your recovery codes" not in html


def test_making_an_api_token_straight_after_signing_in_still_asks_for_the_password(
    client: Any, make_member: Any, home_org: Any
) -> None:
    """The exception is for setting up a first authenticator only: a token outlives the
    session, so it is confirmed even a moment after signing in."""
    from infoshare.partnerships.tests.factories import fresh_totp_code

    person = make_member(Role.PRACTITIONER, home_org)
    client.post(reverse("account_login"), {"login": person.email, "password": TEST_PASSWORD})
    assert client.post(reverse("mfa_authenticate"), {"code": fresh_totp_code()}).status_code == 302

    asked = client.post(reverse("accounts:tokens"), {"name": "Case system"})
    assert asked.status_code == 302
    assert asked.url.startswith(reverse("account_reauthenticate"))
