"""Moments in words, one GOV.UK style for every page: "27 November 2026 at 2:32am"."""

from __future__ import annotations

import datetime as dt

from django.utils import dateformat, timezone


def datetime_text(value: dt.datetime | None) -> str:
    """A moment in the GOV.UK style, in local time: "27 November 2026 at 2:32am",
    "9am", "midday", "midnight" (never "2:32a.m." or "02:32")."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    if local.minute == 0 and local.hour in (0, 12):
        time = "midnight" if local.hour == 0 else "midday"
    else:
        hour = local.hour % 12 or 12
        minutes = f":{local.minute:02d}" if local.minute else ""
        time = f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"
    return f"{dateformat.format(local, 'j F Y')} at {time}"
