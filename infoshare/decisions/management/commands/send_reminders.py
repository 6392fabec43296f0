"""Queues a reminder for every urgent record not completed in time (run it hourly)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from infoshare.decisions.services.reminders import reminders_due
from infoshare.decisions.tasks import send_urgent_reminder


class Command(BaseCommand):
    help = "Queue email reminders for overdue urgent decision records."

    def handle(self, *args: Any, **options: Any) -> None:
        ids = list(reminders_due().values_list("pk", flat=True))
        for decision_id in ids:
            send_urgent_reminder.enqueue(decision_id)
        self.stdout.write(f"Queued {len(ids)} reminder(s).")
