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
