"""Personal API tokens expire, are made only after confirming the password again, and are
all revoked by signing out everywhere, a new password and deactivation."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from infoshare.accounts.models import ApiToken
from infoshare.accounts.services import create_api_token
from infoshare.audit.models import AuditEvent
from infoshare.partnerships.models import Membership
from infoshare.partnerships.tests.factories import TEST_PASSWORD

TOKENS = reverse("accounts:tokens")
NEW_PASSWORD = "a-much-longer-new-passphrase-42"


@pytest.fixture(autouse=True)
def _mail_in_memory(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _me(client: Any, secret: str) -> Any:
    return client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")


def _signed_in_and_confirmed(client: Any, person: Any) -> None:
    """Signed in, and the password confirmed again a moment ago (allauth's reauthentication)."""
    client.force_login(person)
    response = client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    assert response.status_code == 302


def _revoked_events(reason: str) -> list[AuditEvent]:
    return [
        event
        for event in AuditEvent.objects.filter(action="accounts.all_tokens_revoked")
        if event.data.get("reason") == reason
    ]


# --- expiry ----------------------------------------------------------------------------


def test_a_new_token_lasts_90_days_unless_another_length_is_chosen(manager: Any) -> None:
    token, _ = create_api_token(actor=manager, name="Case system")
    assert token.expires_at - token.created_at == timedelta(days=90)
    short, _ = create_api_token(actor=manager, name="Reporting", days=30)
    assert short.expires_at - short.created_at == timedelta(days=30)


def test_an_expired_token_is_refused_with_401_in_the_api_error_shape(
    client: Any, manager: Any
) -> None:
    token, secret = create_api_token(actor=manager, name="Case system")
    assert _me(client, secret).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = _me(client, secret)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "token_expired"
    assert "expired" in response.json()["error"]["message"]


def test_expired_tokens_do_not_count_towards_the_limit(manager: Any) -> None:
    for n in range(10):
        create_api_token(actor=manager, name=f"Old {n}")
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(days=1))
    token, _ = create_api_token(actor=manager, name="New")
    assert token.is_active


def test_the_token_page_offers_30_60_or_90_days_and_saves_the_choice(
    client: Any, practitioner: Any
) -> None:
    _signed_in_and_confirmed(client, practitioner)
    page = client.get(TOKENS).content.decode()
    for days in (30, 60, 90):
        assert f'value="{days}"' in page
    assert re.search(r'value="90" checked', page)  # the default

    html = client.post(TOKENS, {"name": "Reporting", "expires_in": "60"}).content.decode()

    token = ApiToken.objects.get(user=practitioner)
    assert token.expires_at - token.created_at == timedelta(days=60)
    assert "Copy it now" in html
    assert f"It stops working on {token.expires_at:%-d %B %Y}" in html
    assert AuditEvent.objects.get(action="accounts.token_created").data["expires_at"]


def test_the_token_page_shows_when_each_token_expires_and_which_have_expired(
    client: Any, practitioner: Any
) -> None:
    live, _ = create_api_token(actor=practitioner, name="Live one")
    old, _ = create_api_token(actor=practitioner, name="Old one")
    ApiToken.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=1))
    client.force_login(practitioner)

    html = client.get(TOKENS).content.decode()

    assert "Expires</th>" in html
    assert f"{live.expires_at:%-d %B %Y}" in html
    assert "Expired</strong>" in html


@pytest.mark.parametrize("choice", ["", "45", "ninety"])
def test_a_missing_or_unknown_length_gets_a_govuk_error(
    client: Any, practitioner: Any, choice: str
) -> None:
    _signed_in_and_confirmed(client, practitioner)
    response = client.post(TOKENS, {"name": "Reporting", "expires_in": choice})
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html
    assert "Select how long the token will last" in html
    assert not ApiToken.objects.filter(user=practitioner).exists()


# --- creating a token asks for the password again -------------------------------------


def test_creating_a_token_asks_for_the_password_again_first(client: Any, practitioner: Any) -> None:
    client.force_login(practitioner)
    assert client.get(TOKENS).status_code == 200  # looking needs no password

    response = client.post(TOKENS, {"name": "Reporting", "expires_in": "30"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert not ApiToken.objects.filter(user=practitioner).exists()

    # Confirming the password makes the token that was asked for (allauth resumes the post).
    confirmed = client.post(response.url, {"password": TEST_PASSWORD, "next": TOKENS}, follow=True)
    assert "Copy it now" in confirmed.content.decode()
    token = ApiToken.objects.get(user=practitioner)
    assert (token.name, (token.expires_at - token.created_at).days) == ("Reporting", 30)
    # The page was drawn at the confirmation's address: a second token must still be made
    # by the tokens page, not posted to the confirmation page.
    assert f'<form method="post" action="{TOKENS}" novalidate>' in confirmed.content.decode()
    again = client.post(TOKENS, {"name": "Second", "expires_in": "30"})
    assert again.status_code == 200
    assert ApiToken.objects.filter(user=practitioner, name="Second").exists()


def test_a_wrong_password_makes_no_token(client: Any, practitioner: Any) -> None:
    client.force_login(practitioner)
    response = client.post(TOKENS, {"name": "Reporting", "expires_in": "30"})
    again = client.post(response.url, {"password": "not-the-password", "next": TOKENS})
    assert again.status_code == 200
    assert "govuk-error-summary" in again.content.decode()
    assert not ApiToken.objects.filter(user=practitioner).exists()


# --- revoking every token ---------------------------------------------------------------


def test_signing_out_everywhere_revokes_every_token(client: Any, practitioner: Any) -> None:
    _, first = create_api_token(actor=practitioner, name="One")
    _, second = create_api_token(actor=practitioner, name="Two")
    client.force_login(practitioner)

    client.post(reverse("accounts:sign_out_everywhere"))

    assert _me(client, first).status_code == 401
    assert _me(client, second).status_code == 401
    assert not ApiToken.objects.filter(user=practitioner, revoked_at__isnull=True).exists()
    [event] = _revoked_events("signed_out_everywhere")
    assert event.actor_id == practitioner.pk
    assert len(event.data["tokens"]) == 2
    summary = AuditEvent.objects.get(action="accounts.signed_out_everywhere")
    assert summary.data["tokens"] == 2


def test_signing_out_everywhere_leaves_other_peoples_tokens(
    client: Any, practitioner: Any, manager: Any
) -> None:
    _, theirs = create_api_token(actor=manager, name="Case system")
    client.force_login(practitioner)
    client.post(reverse("accounts:sign_out_everywhere"))
    assert _me(client, theirs).status_code == 200


def test_changing_the_password_revokes_every_token(client: Any, practitioner: Any) -> None:
    _, secret = create_api_token(actor=practitioner, name="One")
    _signed_in_and_confirmed(client, practitioner)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": TEST_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    practitioner.refresh_from_db()
    assert practitioner.check_password(NEW_PASSWORD)
    assert _me(client, secret).status_code == 401
    assert len(_revoked_events("password_changed")) == 1


def test_resetting_the_password_revokes_every_token(client: Any, practitioner: Any) -> None:
    _, secret = create_api_token(actor=practitioner, name="One")
    client.post(reverse("account_reset_password"), {"email": practitioner.email})
    [message] = mail.outbox
    link = re.search(r"https?://[^/\s]+(/\S+)", str(message.body))
    assert link is not None
    form_page = client.get(link.group(1), follow=True)  # allauth moves the key to the session
    assert form_page.status_code == 200
    [(form_url, _)] = form_page.redirect_chain

    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    practitioner.refresh_from_db()
    assert practitioner.check_password(NEW_PASSWORD)
    assert _me(client, secret).status_code == 401
    [event] = _revoked_events("password_reset")
    assert event.actor_id == practitioner.pk


def test_deactivating_a_person_revokes_their_tokens_for_good(
    client: Any, org_admin: Any, practitioner: Any, home_org: Any
) -> None:
    _, secret = create_api_token(actor=practitioner, name="One")
    membership = Membership.objects.get(person=practitioner, organisation=home_org)
    client.force_login(org_admin)

    client.post(
        reverse(
            "partnerships:deactivate",
            kwargs={"org_id": home_org.pk, "membership_id": membership.pk},
        )
    )

    assert ApiToken.objects.get(user=practitioner).revoked_at is not None
    [event] = _revoked_events("deactivated")
    assert (event.actor_id, event.organisation_id) == (org_admin.pk, home_org.pk)
    # Coming back (invited again) does not bring the old token back.
    practitioner.is_active = True
    practitioner.save(update_fields=["is_active"])
    client.logout()
    assert _me(client, secret).status_code == 401


def test_nothing_is_audited_when_there_were_no_tokens_to_revoke(
    client: Any, practitioner: Any
) -> None:
    client.force_login(practitioner)
    client.post(reverse("accounts:sign_out_everywhere"))
    assert not AuditEvent.objects.filter(action="accounts.all_tokens_revoked").exists()
