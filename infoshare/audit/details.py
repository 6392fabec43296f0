"""An event's details (``AuditEvent.data``) as an auditor reads them: one line for each
key, "Records: ISD-2026-000005, ISD-2026-000006". For a list of records or a search it is
the only record of what was shown, so the event's page shows all of it; the list of
events shows a shortened form (long lists and texts cut, saying how much was left out)."""

from __future__ import annotations

import json
from typing import Any, NamedTuple

#: In the list of events: the items of a list, and the characters of a text, shown.
SHORT_ITEMS = 5
SHORT_TEXT = 120


class Detail(NamedTuple):
    key: str  # as stored, for the CSV and the JSON
    label: str  # as read: "person_id" -> "Person ID"
    value: str


def compact_json(data: Any) -> str:
    """The details as the CSV export holds them: compact, keys sorted."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def label_for(key: str) -> str:
    words = key.replace("_", " ").strip().split()
    words = ["ID" if word.lower() == "id" else word for word in words]
    text = " ".join(words)
    return text[:1].upper() + text[1:] if text else key


def _scalar(value: Any) -> str:
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    return compact_json(value)


def _cut(text: str, short: bool) -> str:
    if short and len(text) > SHORT_TEXT:
        return f"{text[:SHORT_TEXT].rstrip()}… ({len(text) - SHORT_TEXT} more characters)"
    return text


def _value(value: Any, *, short: bool, depth: int = 0) -> str:
    if isinstance(value, list):
        if not value:
            return "None"
        shown = value[:SHORT_ITEMS] if short else value
        text = ", ".join(_value(item, short=short, depth=depth + 1) for item in shown)
        left = len(value) - len(shown)
        return f"{text} and {left} more" if left else text
    if isinstance(value, dict) and depth < 2:
        if not value:
            return "None"
        return "; ".join(
            f"{label_for(str(key))}: {_value(value[key], short=short, depth=depth + 1)}"
            for key in sorted(value, key=str)
        )
    return _cut(_scalar(value), short)


def details(data: Any, *, short: bool = False) -> list[Detail]:
    """One line for each key of the details, in key order."""
    if not isinstance(data, dict):
        return [Detail("", "Details", _value(data, short=short))] if data else []
    return [
        Detail(str(key), label_for(str(key)), _value(data[key], short=short))
        for key in sorted(data, key=str)
    ]
