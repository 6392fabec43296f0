"""Background jobs: thin wrappers that call the services. Idempotent, keyed by id."""

from __future__ import annotations

from django_tasks import task

from infoshare.decisions.services.reminders import send_urgent_reminder as remind


@task()
def send_urgent_reminder(decision_id: int) -> bool:
    return remind(decision_id=decision_id)
