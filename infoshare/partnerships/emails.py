"""Emails to people invited or added to an organisation, to the administrators of the
other organisations where someone added works, or to people whose two-factor
authentication was reset. They are sent after the change commits; a mail server that
refuses them never undoes the change or gives an error page: the failure is logged,
audited (``FailureAudit``, never the link) and reported to the administrator
(``Delivery``), who can send a new invitation.

They are not put on the task queue: an invitation carries its one-time link, and only
the link's digest may be stored."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Model
from django.urls import reverse

from infoshare.audit.services import record

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class InvitationMail:
    email: str
    name: str
    organisation: str
    token: str = ""  # empty: the person already has an account and was only added
    # The other organisations where the person works (told too), and who added them.
    also_at: tuple[str, ...] = ()
    added_by: str = ""


@dataclass(frozen=True)
class AddedElsewhereNotice:
    """To an administrator of an organisation where someone works, when an administrator
    of another organisation gives them a role there: one person's account is shared by
    the organisations where they work, so each is told when another one joins."""

    email: str
    name: str
    administers: tuple[str, ...]  # the recipient's organisations where those people work
    added_by: str
    people: tuple[str, ...]  # one line each: who was given which role, where


@dataclass
class Delivery:
    """Whether a change's emails went out: None until the change commits (or when there
    was nothing to send), then True, or False when the mail server refused them."""

    sent: bool | None = None

    @property
    def failed(self) -> bool:
        return self.sent is False


@dataclass(frozen=True)
class FailureAudit:
    """The audit event written if the mail server refuses a change's emails (one for each
    organisation concerned). ``data`` must never hold a one-time link or its token."""

    action: str
    actor: Any
    organisation_id: int
    obj: Model
    data: dict[str, Any] = field(default_factory=dict)


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
    if mail.also_at:
        others = _names(mail.also_at)
        by = f"{mail.added_by} at {mail.organisation}" if mail.added_by else mail.organisation
        body += (
            f"\n{by} gave you this role. You also work for {others} on Infoshare, "
            f"and {'its' if len(mail.also_at) == 1 else 'their'} administrators have been "
            "told.\n\n"
            f"If you did not expect this, tell an administrator at {others} at once.\n"
        )
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [mail.email])


def _names(names: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    names = list(names)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def added_elsewhere_message(notice: AddedElsewhereNotice) -> EmailMessage:
    yours = _names(notice.administers)
    if len(notice.people) == 1:
        subject = "Someone who works for your organisation has been given a role elsewhere"
        intro = f"{notice.added_by} has given someone who works for {yours} a role"
    else:
        subject = "People who work for your organisation have been given roles elsewhere"
        intro = f"{notice.added_by} has given people who work for {yours} roles"
    lines = "".join(f"- {line}\n" for line in notice.people)
    body = (
        f"Dear {notice.name},\n\n"
        f"{intro} in another organisation on Infoshare:\n\n"
        f"{lines}\n"
        f"We are telling you because you are an administrator at {yours}, and the same "
        "Infoshare account is used in both places. The other organisation's "
        "administrators can change or end the role they gave, but only a partnership "
        "administrator can reset the person's two-factor authentication or send them a "
        "new invitation.\n\n"
        "If you did not expect this, contact the person and your partnership "
        "administrator.\n"
    )
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [notice.email])


def two_factor_reset_message(email: str, name: str, organisation: str) -> EmailMessage:
    body = (
        f"Dear {name},\n\n"
        f"An administrator at {organisation} has reset your two-factor authentication "
        "on Infoshare. You have been signed out on every device, and your API tokens "
        "no longer work.\n\n"
        "Next time you sign in with your password, you will set up an authenticator "
        "app again.\n\n"
        "If you did not ask for this, tell your organisation's administrator at once.\n"
    )
    subject = "Your Infoshare two-factor authentication has been reset"
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [email])


def _audit_failure(audits: Sequence[FailureAudit], error: Exception) -> None:
    """Records that the emails were not sent: the change has committed, so in a
    transaction of its own. The error's kind only: its text may quote the message."""
    with transaction.atomic():
        for audit in audits:
            record(
                action=audit.action,
                actor=audit.actor,
                organisation_id=audit.organisation_id,
                obj=audit.obj,
                data={**audit.data, "error": type(error).__name__},
            )


def _deliver(
    messages: list[EmailMessage], delivery: Delivery, audits: Sequence[FailureAudit]
) -> None:
    try:
        get_connection().send_messages(messages)
    except Exception as error:
        # Never the body: an invitation's body holds its one-time link.
        logger.exception("Could not send %d email(s): %s", len(messages), messages[0].subject)
        delivery.sent = False
        try:
            _audit_failure(audits, error)
        except Exception:
            logger.exception("Could not audit the emails not sent: %s", messages[0].subject)
    else:
        delivery.sent = True


def send_after_commit(
    messages: list[EmailMessage], audits: Sequence[FailureAudit] = ()
) -> Delivery:
    """Sends ``messages`` once the current transaction commits (at once outside one);
    if the mail server refuses them, writes ``audits``."""
    delivery = Delivery()
    if messages:
        transaction.on_commit(partial(_deliver, messages, delivery, audits), robust=True)
    return delivery


def send_invitations(mails: list[InvitationMail], audits: Sequence[FailureAudit] = ()) -> Delivery:
    return send_after_commit([_message(mail) for mail in mails], audits)
