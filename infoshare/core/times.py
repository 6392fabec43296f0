"""Moments in words, one GOV.UK style for every page: "27 November 2026 at 2:32am", and
deadlines time first: "5:30pm on 28 November 2026". The audit trail, where the second
matters, says it in the same style: "27 November 2026 at 10:25:43pm"."""

from __future__ import annotations

import datetime as dt

from django.utils import dateformat, timezone


def _day_and_time(value: dt.datetime, *, seconds: bool = False) -> tuple[str, str]:
    """("27 November 2026", "2:32am") in local time; "9am", "midday", "midnight" (never
    "2:32a.m." or "02:32"). With ``seconds``, always the minutes and seconds too:
    "2:32:07am", "9:00:00am" ("midday" and "midnight" only on the very second)."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    exact = not seconds or local.second == 0
    if exact and local.minute == 0 and local.hour in (0, 12):
        time = "midnight" if local.hour == 0 else "midday"
    else:
        hour = local.hour % 12 or 12
        if seconds:
            minutes = f":{local.minute:02d}:{local.second:02d}"
        else:
            minutes = f":{local.minute:02d}" if local.minute else ""
        time = f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"
    return dateformat.format(local, "j F Y"), time


def datetime_text(value: dt.datetime | None, *, seconds: bool = False) -> str:
    """A moment in the GOV.UK style, in local time: "27 November 2026 at 2:32am"; with
    ``seconds`` (the audit trail), "27 November 2026 at 2:32:07am"."""
    if value is None:
        return ""
    day, time = _day_and_time(value, seconds=seconds)
    return f"{day} at {time}"


def deadline_text(value: dt.datetime | None) -> str:
    """A deadline, the time then the day: "5:30pm on 28 November 2026", "midday on 1 June
    2026"."""
    if value is None:
        return ""
    day, time = _day_and_time(value)
    return f"{time} on {day}"


def has_passed(value: dt.datetime | None, now: dt.datetime | None = None) -> bool:
    """Whether the deadline is already behind us (no deadline never passes)."""
    return value is not None and value <= (now or timezone.now())
