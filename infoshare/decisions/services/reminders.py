"""Reminders for urgent records not completed in time (share now, record after)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from infoshare.audit.services import record
from infoshare.decisions.audit import Action
from infoshare.decisions.models import SharingDecision, Status


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


def _link(decision: SharingDecision) -> str:
    """Where the author picks the record up again, as a full address (an email has no
    page to be relative to)."""
    path = reverse("decisions:resume", kwargs={"decision_id": decision.pk})
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def send_urgent_reminder(*, decision_id: int, now: dt.datetime | None = None) -> bool:
    """Emails the author of an overdue urgent draft, at most once a period (idempotent:
    a repeated run finds `reminded_at` already set and sends nothing). Returns whether
    an email was sent."""
    now = now or timezone.now()
    with transaction.atomic():
        decision = (
            reminders_due(now)
            .select_for_update()
            .select_related("author")
            .filter(pk=decision_id)
            .first()
        )
        if decision is None:
            return False
        decision.reminded_at = now
        decision.save(update_fields=["reminded_at"])
        record(
            action=Action.REMINDER_SENT,
            actor=None,
            organisation_id=decision.organisation_id,
            obj=decision,
            data={"reference": decision.reference, "to": "author"},
        )
        body = render_to_string(
            "decisions/emails/urgent_reminder.txt", {"decision": decision, "link": _link(decision)}
        )
        address = decision.author.email
        subject = f"Complete urgent record {decision.label}"
        transaction.on_commit(
            lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        )
    return True
