"""Background jobs: thin wrappers that call the services. Idempotent, keyed by id."""

from __future__ import annotations

from django_tasks import task

from infoshare.decisions.services.reminders import send_urgent_reminder as remind


@task()
def send_urgent_reminder(decision_id: int) -> bool:
    """Fails (``ReminderNotSent``) when the mail server does not take the email: nothing
    is recorded, and the next hourly ``send_reminders`` queues it again."""
    return remind(decision_id=decision_id)
