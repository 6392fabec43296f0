"""Emails to people invited or added to an organisation (sent after the transaction commits)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse


@dataclass(frozen=True)
class InvitationMail:
    email: str
    name: str
    organisation: str
    token: str = ""  # empty: the person already has an account and was only added


def accept_url(token: str) -> str:
    path = reverse("partnerships:accept_invitation", kwargs={"token": token})
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _message(mail: InvitationMail) -> EmailMessage:
    if mail.token:
        subject = f"You have been invited to Infoshare by {mail.organisation}"
        body = (
            f"Dear {mail.name},\n\n"
            f"{mail.organisation} has given you an Infoshare account.\n\n"
            f"Set your password using this link (it works once and expires in 7 days):\n"
            f"{accept_url(mail.token)}\n\n"
            "You will then set up two-factor authentication.\n"
        )
    else:
        subject = f"You have been added to {mail.organisation} on Infoshare"
        body = (
            f"Dear {mail.name},\n\n"
            f"{mail.organisation} has given you a role on Infoshare. "
            "Sign in with your existing account to use it.\n"
        )
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [mail.email])


def send_invitations(mails: list[InvitationMail]) -> int:
    if not mails:
        return 0
    connection = get_connection()
    return int(connection.send_messages([_message(mail) for mail in mails]) or 0)
