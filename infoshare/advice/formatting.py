"""How long a request has waited, in words: "5 minutes", "3 hours", "2 days"."""

from __future__ import annotations

import datetime as dt


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}{'' if count == 1 else 's'}"


def age_text(since: dt.datetime, now: dt.datetime) -> str:
    seconds = max(int((now - since).total_seconds()), 0)
    if seconds < 60:
        return "less than a minute"
    if seconds < 3600:
        return _plural(seconds // 60, "minute")
    if seconds < 86400:
        return _plural(seconds // 3600, "hour")
    return _plural(seconds // 86400, "day")


def response_time_text(
    created_at: dt.datetime, first_response_at: dt.datetime | None, *, closed: bool = False
) -> str:
    """Time to first response, in words ("2 hours"): "Not yet" while none has come, and
    "No reply" for a request closed without one."""
    if first_response_at is None:
        return "No reply" if closed else "Not yet"
    return age_text(created_at, first_response_at)
