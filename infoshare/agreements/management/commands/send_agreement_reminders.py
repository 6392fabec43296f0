"""Scheduled daily: marks expired agreements and reminds owners of reviews due."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tasks import TaskResultStatus

from infoshare.agreements import reviews, tasks

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Marks expired or overdue agreements and emails owners about reviews due (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="Run as if today were this date (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        today_text = options.get("today")
        try:
            today = dt.date.fromisoformat(today_text) if today_text else None
        except ValueError as error:
            raise CommandError("--today must be a date such as 2026-12-31") from error
        iso = today.isoformat() if today else None
        tasks.mark_expired_agreements.enqueue(today=iso)
        due = reviews.agreements_to_remind(today=today)
        failed = 0
        for agreement_id in due:
            # One reminder that cannot be sent (the mail server is down, say) never
            # stops the others; the task is recorded as failed and nothing claims it went.
            try:
                result = tasks.send_review_reminder.enqueue(agreement_id=agreement_id, today=iso)
            except Exception:
                logger.exception(
                    "The review reminder for agreement %s was not queued", agreement_id
                )
                failed += 1
            else:
                if result.status == TaskResultStatus.FAILED:  # known at once when run inline
                    failed += 1
        self.stdout.write(f"Queued review reminders for {len(due)} agreement(s).")
        if failed:
            raise CommandError(
                f"{failed} review reminder(s) could not be sent; they will be tried again "
                "on the next run."
            )
