"""The emails sign-in sends (allauth's) are the service's own, and never fail a page.

An operations review found that a password reset sent allauth's default email ("Hello
from infoshare.example.org! … Thank you for using …"), that an address with no account
was emailed "you can sign up for an account" although nobody signs up (people are
invited), and that with the mail server down asking for a reset was an error page."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pytest
from allauth.account.adapter import get_adapter
from allauth.core import context
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.test import RequestFactory, override_settings
from django.urls import reverse

RESET = reverse("account_reset_password")
REFUSING = f"{__name__}.RefusingBackend"

#: The emails allauth can send with this service's settings (its notices are off,
#: ``ACCOUNT_EMAIL_NOTIFICATIONS``), written for Infoshare.
OWN_EMAILS = {
    "account/email/password_reset_key": "Reset your Infoshare password",
    "account/email/email_confirmation": "Confirm your email address for Infoshare",
    "account/email/unknown_account": "Infoshare: no account with this email address",
}


class RefusingBackend(BaseEmailBackend):
    """A mail server that cannot be reached."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise ConnectionRefusedError(111, "Connection refused")


def test_the_reset_email_is_the_services_own(client: Any, practitioner: Any) -> None:
    response = client.post(RESET, {"email": practitioner.email})

    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [practitioner.email]
    assert message.subject == "Reset your Infoshare password"
    body = str(message.body)
    assert body.startswith(f"Dear {practitioner.full_name},\n")
    assert re.search(r"https?://\S+/accounts/password/reset/key/\S+", body)
    assert "The link works once" in body
    assert "If you did not ask to reset your password" in body
    assert body.rstrip().endswith("Infoshare")
    for default in ("Hello from", "Thank you for using", "[", "username"):
        assert default not in body + message.subject


def test_an_address_without_an_account_is_told_so_by_email_not_on_the_page(
    client: Any, db: Any
) -> None:
    """The page answers the same for anyone, and an email goes either way, so that neither
    the answer nor the time it takes (a mail server's round trip) tells whether someone
    has an account (a security review timed 0.05 s against 3 s when none was sent)."""
    response = client.post(RESET, {"email": "nobody-here@example.org"}, follow=True)

    assert response.status_code == 200
    assert "Check your email" in response.content.decode()  # the same answer as for anyone
    [message] = mail.outbox
    assert message.to == ["nobody-here@example.org"]
    assert message.subject == "Infoshare: no account with this email address"
    body = str(message.body)
    assert "there is no Infoshare account with it" in body
    assert "ask your organisation's administrator to invite you" in body
    assert "sign up" not in body
    assert "/accounts/signup" not in body


@pytest.mark.parametrize("known", [True, False], ids=["an account", "no account"])
def test_asking_for_a_reset_with_the_mail_server_down_is_not_an_error_page(
    client: Any, practitioner: Any, caplog: Any, known: bool
) -> None:
    email = practitioner.email if known else "nobody-here@example.org"
    with override_settings(EMAIL_BACKEND=REFUSING):
        response = client.post(RESET, {"email": email}, follow=True)

    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    assert mail.outbox == []
    if known:
        assert (
            f"The password_reset_key email to person {practitioner.pk} was not sent "
            "(ConnectionRefusedError)"
        ) in caplog.text
    assert email not in caplog.text
    assert "/accounts/password/reset/key/" not in caplog.text  # never the link


@pytest.mark.parametrize("prefix", sorted(OWN_EMAILS))
def test_each_email_is_written_for_infoshare(prefix: str, practitioner: Any) -> None:
    request = RequestFactory().get("/", HTTP_HOST="infoshare.example.org")
    request.user = practitioner
    values = {
        "user": practitioner,
        "password_reset_url": "https://infoshare.example.org/accounts/password/reset/key/1-a/",
        "activate_url": "https://infoshare.example.org/accounts/confirm-email/abc/",
        "key": "abc",
    }
    with context.request_context(request):
        message = get_adapter(request).render_mail(prefix, practitioner.email, values)

    body = str(message.body)
    assert message.subject == OWN_EMAILS[prefix]
    assert body.rstrip().endswith("Infoshare")
    for default in ("Hello from", "Thank you for using", "sign up", "infoshare.example.org!"):
        assert default not in body
