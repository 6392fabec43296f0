"""The audit trail records the two-factor steps of signing in and of looking after one's
authenticators: a wrong code after the right password (never the code), a sign-in with a
recovery code (and which second factor each sign-in used), recovery codes made and made
again, and an authenticator app set up."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.cache import cache
from django.urls import reverse

from infoshare.accounts.audit import Action
from infoshare.audit.models import AuditEvent
from infoshare.core.roles import Role

WRONG_CODE = "000000"
PASSWORD = "Second-factor-audit-7"


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> Iterator[None]:
    """allauth counts sign-ins and code attempts in the cache: these tests neither inherit
    nor leave counts."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def practitioner(practitioner: Any) -> Any:
    """The practitioner (with an authenticator app), with a password this module knows."""
    practitioner.set_password(PASSWORD)
    practitioner.save(update_fields=["password"])
    return practitioner


def _code_for(secret: str) -> str:
    """The app's current code, waiting for the next 30-second window when this one is
    nearly over (the server allows no clock tolerance)."""
    remaining = 30 - time.time() % 30
    if remaining < 5:
        time.sleep(remaining + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _app_code(person: Any) -> str:
    app = Authenticator.objects.get(user=person, type=Authenticator.Type.TOTP)
    return _code_for(decrypt(app.data["secret"]))


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def _password_step(client: Any, person: Any) -> None:
    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")


def _recovery_codes(person: Any) -> list[str]:
    return RecoveryCodes.activate(person).get_unused_codes()


def test_a_wrong_code_after_the_right_password_is_audited_without_the_code(
    client: Any, practitioner: Any
) -> None:
    _password_step(client, practitioner)
    response = client.post(reverse("mfa_authenticate"), {"code": WRONG_CODE})
    assert response.status_code == 200
    assert "The code is not correct" in response.content.decode()

    [failed] = _events(Action.MFA_CODE_FAILED)
    assert (failed.actor_id, failed.object_id) == (practitioner.pk, str(practitioner.pk))
    assert failed.data == {"authenticator": "totp", "reauthentication": False}
    assert WRONG_CODE not in str(failed.data)
    assert not _events(Action.SIGNED_IN)


def test_a_sign_in_with_an_app_code_says_so(client: Any, practitioner: Any) -> None:
    _password_step(client, practitioner)
    client.post(reverse("mfa_authenticate"), {"code": _app_code(practitioner)})

    [signed_in] = _events(Action.SIGNED_IN)
    assert signed_in.actor_id == practitioner.pk
    assert signed_in.data == {"methods": ["password", "mfa"], "two_factor": "totp"}
    assert not _events(Action.RECOVERY_CODE_USED)


def test_a_sign_in_with_a_recovery_code_says_so(client: Any, practitioner: Any) -> None:
    code = _recovery_codes(practitioner)[0]
    _password_step(client, practitioner)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302

    [used] = _events(Action.RECOVERY_CODE_USED)
    assert used.actor_id == practitioner.pk
    assert used.data == {"reauthenticated": False, "unused_codes": 9}
    assert code not in str(used.data)
    [signed_in] = _events(Action.SIGNED_IN)
    assert signed_in.data == {"methods": ["password", "mfa"], "two_factor": "recovery_codes"}
    assert signed_in.id > used.id


def test_new_recovery_codes_are_audited(
    client: Any, practitioner: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _recovery_codes(practitioner)
    _password_step(client, practitioner)
    client.post(reverse("mfa_authenticate"), {"code": _app_code(practitioner)})
    confirmed = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert confirmed.status_code == 302  # new codes need the password confirmed first

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_generate_recovery_codes"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_view_recovery_codes")

    [regenerated] = _events(Action.RECOVERY_CODES_REGENERATED)
    assert (regenerated.actor_id, regenerated.object_id) == (
        practitioner.pk,
        str(practitioner.pk),
    )
    assert not _events(Action.RECOVERY_CODES_GENERATED)


def test_a_wrong_code_when_confirming_who_they_are_is_audited(
    client: Any, practitioner: Any
) -> None:
    client.force_login(practitioner)  # no sign-in step recorded: asked to confirm first
    response = client.post(reverse("mfa_reauthenticate"), {"code": WRONG_CODE})
    assert response.status_code == 200
    [failed] = _events(Action.MFA_CODE_FAILED)
    assert failed.data == {"authenticator": "totp", "reauthentication": True}


def test_setting_up_an_app_audits_the_app_and_the_recovery_codes_it_makes(
    client: Any, make_member: Any, home_org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    person = make_member(Role.PRACTITIONER, home_org, with_mfa=False)
    person.set_password(PASSWORD)
    person.save(update_fields=["password"])
    client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_activate_totp"), {"code": _code_for(secret)})
    assert response.status_code == 302

    assert Authenticator.objects.filter(user=person).count() == 2
    [activated] = _events(Action.MFA_ACTIVATED)
    assert (activated.actor_id, activated.data) == (person.pk, {"authenticator": "totp"})
    [generated] = _events(Action.RECOVERY_CODES_GENERATED)
    assert generated.actor_id == person.pk
    assert not _events(Action.RECOVERY_CODES_REGENERATED)


@pytest.mark.parametrize(
    ("url_name", "reauthentication"),
    [("mfa_authenticate", False), ("mfa_reauthenticate", True)],
)
def test_an_attempt_refused_for_too_many_wrong_codes_is_audited(
    client: Any, practitioner: Any, settings: Any, url_name: str, reauthentication: bool
) -> None:
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "2/15m/key"}
    if reauthentication:
        client.force_login(practitioner)
    else:
        _password_step(client, practitioner)
    for _ in range(2):
        client.post(reverse(url_name), {"code": WRONG_CODE})
    assert len(_events(Action.MFA_CODE_FAILED)) == 2
    assert not _events(Action.MFA_ATTEMPTS_LIMITED)
    signed_in = len(_events(Action.SIGNED_IN))  # force_login is one

    response = client.post(reverse(url_name), {"code": _app_code(practitioner)})
    assert response.status_code == 200  # refused, though the code is right
    assert "govuk-error-summary" in response.content.decode()

    [limited] = _events(Action.MFA_ATTEMPTS_LIMITED)
    assert (limited.actor_id, limited.object_id) == (practitioner.pk, str(practitioner.pk))
    assert limited.data == {"reauthentication": reauthentication}
    assert len(_events(Action.MFA_CODE_FAILED)) == 2
    assert len(_events(Action.SIGNED_IN)) == signed_in
