"""A deadline in words, GOV.UK style, in local (UK) time: "5:30pm on 28 November 2026"."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from infoshare.core.times import datetime_text


def deadline_text(value: dt.datetime | None) -> str:
    """The time, then the day: "5:30pm on 28 November 2026", "midday on 1 June 2026"."""
    if value is None:
        return ""
    day, time = datetime_text(value).rsplit(" at ", 1)
    return f"{time} on {day}"


def has_passed(value: dt.datetime | None, now: dt.datetime | None = None) -> bool:
    """Whether the deadline is already behind us (no deadline never passes)."""
    return value is not None and value <= (now or timezone.now())
