"""Queues a reminder for every urgent record not completed in time (run it hourly)."""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_tasks import TaskResultStatus

from infoshare.decisions.services.reminders import reminders_due
from infoshare.decisions.tasks import send_urgent_reminder

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Queue email reminders for overdue urgent decision records."

    def handle(self, *args: Any, **options: Any) -> None:
        ids = list(reminders_due().values_list("pk", flat=True))
        failed = 0
        for decision_id in ids:
            # One reminder that cannot be sent (the mail server is down, say) never stops
            # the others; nothing records it as sent, so the next run tries it again.
            try:
                result = send_urgent_reminder.enqueue(decision_id)
            except Exception:
                logger.warning(
                    "The urgent reminder for decision record %s was not queued",
                    decision_id,
                    exc_info=True,
                )
                failed += 1
            else:
                if result.status == TaskResultStatus.FAILED:  # known at once when run inline
                    failed += 1
        self.stdout.write(f"Queued {len(ids)} reminder(s).")
        if failed:
            raise CommandError(
                f"{failed} urgent reminder(s) could not be sent; they will be tried again "
                "on the next run."
            )
