"""Keeping the register current: agreements past their review date are marked
"under review", those past their end date "expired", and owners are reminded of
reviews due within 60 days (issue 4, "Review").

Run by the scheduled command ``send_agreement_reminders`` through tasks; every
function takes ``today`` so that tests can move time forward. All are idempotent."""

from __future__ import annotations

import datetime as dt
import logging
import re

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from infoshare.agreements.audit import Action
from infoshare.agreements.models import IN_FORCE, REVIEW_WINDOW_DAYS, Agreement, Status
from infoshare.agreements.permissions import MANAGING_ROLES
from infoshare.audit.services import for_change, lock_chain, lock_job, record
from infoshare.core.roles import Role
from infoshare.partnerships.models import Membership

logger = logging.getLogger(__name__)

#: Control characters (C0, DEL, C1) and line or paragraph separators, none of which
#: belong in an email subject.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

#: An owner is reminded about one agreement at most once in this many days.
REMINDER_INTERVAL_DAYS = 7


def _system_audit(action: Action, agreement: Agreement, **data: object) -> None:
    record(
        action=action,
        actor=None,
        actor_label="system",
        organisation_id=agreement.lead_organisation_id,
        obj=agreement,
        data={"version": agreement.version, **data},
    )


def mark_expired_agreements(*, today: dt.date | None = None) -> dict[str, int]:
    """An agreement in force whose end date has passed is expired; one whose review
    date has passed (and has not been renewed by a new version) is under review."""
    today = today or timezone.localdate()
    counts = {"expired": 0, "under_review": 0}
    with transaction.atomic():
        ending = for_change(Agreement.objects).filter(status__in=IN_FORCE, end_date__lt=today)
        for agreement in ending:
            agreement.status = Status.EXPIRED
            agreement.updated_at = timezone.now()
            agreement.save(update_fields=["status", "updated_at"])
            _system_audit(Action.MARKED_EXPIRED, agreement, end_date=str(agreement.end_date))
            counts["expired"] += 1
        overdue = for_change(Agreement.objects).filter(status=Status.ACTIVE, review_date__lt=today)
        for agreement in overdue:
            agreement.status = Status.UNDER_REVIEW
            agreement.updated_at = timezone.now()
            agreement.save(update_fields=["status", "updated_at"])
            _system_audit(
                Action.MARKED_UNDER_REVIEW, agreement, review_date=str(agreement.review_date)
            )
            counts["under_review"] += 1
    return counts


def agreements_to_remind(*, today: dt.date | None = None) -> list[int]:
    """Ids of agreements in force, due for review within the window or overdue, whose
    owner has not been reminded in the last REMINDER_INTERVAL_DAYS days."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=REVIEW_WINDOW_DAYS)
    recent = today - dt.timedelta(days=REMINDER_INTERVAL_DAYS)
    due = Agreement.objects.filter(status__in=IN_FORCE, review_date__lte=horizon).exclude(
        last_reminded_on__gt=recent
    )
    return list(due.order_by("review_date", "pk").values_list("pk", flat=True))


def email_subject(*, title: str, overdue: bool) -> str:
    """One line, whatever the title holds: a line break in a header makes ``send_mail``
    refuse the message (titles written before they were checked may hold one)."""
    text = _CONTROL.sub(" ", title)
    return f"Agreement {'overdue' if overdue else 'due'} for review: {' '.join(text.split())}"


def send_review_reminder(*, agreement_id: int, today: dt.date | None = None) -> bool:
    """Emails the owner (or, once they have moved on, those who manage the agreement now)
    once per interval. Returns False when nothing was due.

    The reminder is recorded (``last_reminded_on`` and the audit event) only once the
    email has gone: when it cannot be sent, nothing is recorded, the error is logged and
    raised (the task fails), and the next run tries again."""
    today = today or timezone.localdate()
    with transaction.atomic():
        # A second run for the same agreement waits here until the first has committed,
        # then finds the owner reminded. Not the agreement's row, which would have to be
        # locked after the audit chain (the lock order: docs/architecture.md), holding up
        # every other write for as long as the mail server takes.
        lock_job("agreements.review_reminder", agreement_id)
        agreement = Agreement.objects.select_related("owner").filter(pk=agreement_id).first()
        if agreement is None or not agreement.review_due(today):
            return False
        reminded = agreement.last_reminded_on
        if reminded and reminded > today - dt.timedelta(days=REMINDER_INTERVAL_DAYS):
            return False
        try:
            _email_owner(agreement, today)
        except Exception:
            logger.exception("The review reminder for agreement %s was not sent", agreement.pk)
            raise
        lock_chain()
        agreement.last_reminded_on = today
        agreement.save(update_fields=["last_reminded_on"])
        _system_audit(
            Action.REVIEW_REMINDER_SENT,
            agreement,
            review_date=str(agreement.review_date),
            owner_id=agreement.owner_id,
        )
    return True


def _email_owner(agreement: Agreement, today: dt.date) -> None:
    overdue = agreement.review_overdue(today)
    link = settings.SITE_URL.rstrip("/") + reverse(
        "agreements:agreement_detail", args=[agreement.pk]
    )
    when = "was due for review on" if overdue else "is due for review on"
    send_mail(
        subject=email_subject(title=agreement.title, overdue=overdue),
        message=(
            f"The information sharing agreement '{agreement.title}' {when} "
            f"{agreement.review_date:%d %B %Y}.\n\n"
            "Review it and, if anything changes, start a new version: the current one "
            "stays in force until the new one is signed.\n\n"
            f"{link}\n"
        ),
        from_email=None,
        recipient_list=reminder_recipients(agreement),
    )


def reminder_recipients(agreement: Agreement) -> list[str]:
    """Who is reminded: the owner while they still manage the agreement (a senior lead or
    advisor of its lead organisation, ``permissions.is_current_owner``); once they have
    moved on, the lead organisation's senior leads and advisors, who manage it now (or,
    with none, the partnership's administrators), so a review is never left to someone
    who can no longer act on it."""
    active = Membership.objects.active().select_related("person")
    managers = active.filter(
        organisation_id=agreement.lead_organisation_id, role__in=MANAGING_ROLES
    )
    if managers.filter(person_id=agreement.owner_id).exists():
        return [agreement.owner.email]
    found = {m.person.email for m in managers if m.person.is_active}
    if not found:
        admins = active.filter(
            role=Role.PARTNERSHIP_ADMIN, organisation__partnership_id=agreement.partnership_id
        )
        found = {m.person.email for m in admins if m.person.is_active}
    return sorted(found)
