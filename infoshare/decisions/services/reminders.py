"""Reminders for urgent records not completed in time (share now, record after)."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from infoshare.audit.services import lock_chain, lock_job, record
from infoshare.core.roles import Role
from infoshare.decisions.audit import Action
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.services.drafts import author_has_left
from infoshare.partnerships.models import Membership

logger = logging.getLogger(__name__)


class ReminderNotSent(Exception):
    """The mail server did not take an urgent record's reminder: nothing was recorded, so
    the record is still due and the next run tries again. It names the record only: the
    mail error's own text may quote the addresses."""


def reminder_period() -> dt.timedelta:
    return dt.timedelta(hours=settings.INFOSHARE["URGENT_RECORD_HOURS"])


def reminders_due(now: dt.datetime | None = None) -> QuerySet[SharingDecision]:
    """Urgent drafts past their due time whose author has not been reminded this period."""
    now = now or timezone.now()
    return SharingDecision.objects.filter(
        Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - reminder_period()),
        status=Status.DRAFT,
        urgent=True,
        urgent_due_at__lte=now,
    )


def _link(decision: SharingDecision, page: str) -> str:
    """Where the author picks the record up again (``decisions:resume``), or a manager
    opens it, as a full address (an email has no page to be relative to)."""
    path = reverse(page, kwargs={"decision_id": decision.pk})
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _managers_addresses(decision: SharingDecision) -> list[str]:
    """The current managers of the draft's organisation, by email."""
    return sorted(
        set(
            Membership.objects.active()
            .filter(organisation_id=decision.organisation_id, role=Role.MANAGER)
            .values_list("person__email", flat=True)
        )
    )


def send_urgent_reminder(*, decision_id: int, now: dt.datetime | None = None) -> bool:
    """Emails the author of an overdue urgent draft, at most once a period. When the author
    no longer records for the draft's organisation (they left: the link would not open for
    them), the organisation's managers are emailed instead, told that the author has left
    (nobody, when it has none: the draft shows on their home pages all the same). Returns
    whether a reminder was due.

    The reminder is recorded (``reminded_at`` and the ``decisions.reminder_sent`` event)
    only once the mail server has taken the email, as the agreements' review reminders
    are (``agreements.reviews.send_review_reminder``). The run holds its own lock on the
    record while the email is sent (``audit.services.lock_job``: not the row, so the
    author can go on meanwhile), so a second run at the same time waits, then finds it
    reminded and sends nothing. When the email cannot be sent, nothing is recorded: a
    warning naming only the record is logged and ``ReminderNotSent`` raised (the task
    fails), and the record is still due, so the next hourly run tries again."""
    now = now or timezone.now()
    with transaction.atomic():
        # A second run for the same record waits here until the first has committed, then
        # finds it reminded. Not the record's row, which would have to be locked after the
        # audit chain (the lock order: docs/architecture.md), holding up every other write
        # for as long as the mail server takes.
        lock_job("decisions.urgent_reminder", decision_id)
        decision = reminders_due(now).select_related("author").filter(pk=decision_id).first()
        if decision is None:
            return False
        left = author_has_left(decision)
        # The author has left: they could not open the record, so its organisation's
        # managers (who can delete it, or record the decision again) are told instead.
        addresses = _managers_addresses(decision) if left else [decision.author.email]
        if left:
            template = "decisions/emails/urgent_reminder_author_left.txt"
            subject = f"Urgent record {decision.label} not completed: its author has left"
            link = _link(decision, "decisions:decision_detail")
        else:
            template = "decisions/emails/urgent_reminder.txt"
            subject = f"Complete urgent record {decision.label}"
            link = _link(decision, "decisions:resume")
        if addresses:
            body = render_to_string(template, {"decision": decision, "link": link})
            try:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
            except Exception as error:
                logger.warning(
                    "The urgent reminder for decision record %s was not sent (%s); "
                    "the next run tries again",
                    decision.pk,
                    type(error).__name__,
                )
                raise ReminderNotSent(
                    f"The urgent reminder for decision record {decision.pk} was not sent "
                    f"({type(error).__name__})"
                ) from None
        lock_chain()
        # The draft may have been finalised or deleted while the email was going: the
        # reminder was sent all the same, and is recorded.
        SharingDecision.objects.filter(pk=decision.pk).update(reminded_at=now)
        decision.reminded_at = now
        record(
            action=Action.REMINDER_SENT,
            actor=None,
            organisation_id=decision.organisation_id,
            obj=decision,
            data={
                "reference": decision.reference,
                "to": "managers" if left else "author",
                "recipients": len(addresses),
            },
        )
    return True
