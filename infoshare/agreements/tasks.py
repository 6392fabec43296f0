"""Background jobs: thin wrappers that call the review services. Idempotent."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from infoshare.agreements import reviews


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@task()
def mark_expired_agreements(today: str | None = None) -> dict[str, int]:
    return reviews.mark_expired_agreements(today=_date(today))


@task()
def send_review_reminder(agreement_id: int, today: str | None = None) -> bool:
    return reviews.send_review_reminder(agreement_id=agreement_id, today=_date(today))
