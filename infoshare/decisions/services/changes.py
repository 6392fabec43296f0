"""Validating changes to a draft: one checker per field, so pages and the API agree.

Each checker returns the cleaned value or raises `Problem` with a message for that field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.utils import timezone

from infoshare.audit.refused_ids import mark_refused
from infoshare.core.numbers import MAX_ID, parse_id
from infoshare.decisions.content import CATEGORY_LABELS
from infoshare.decisions.engine.lawful_bases import ARTICLE_6, ARTICLE_9, GATEWAYS, SCHEDULE_1
from infoshare.decisions.models import Direction, Method, Outcome, Told
from infoshare.decisions.models.decision import SHORT_TEXT_MAX, TEXT_MAX
from infoshare.decisions.text import text_problem
from infoshare.partnerships.models import Organisation

EARLIEST_SHARE = dt.date(2000, 1, 1)


class Problem(ValueError):
    pass


def _text(label: str, max_length: int, *, multiline: bool = True) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        problem = text_problem(value, label=label, max_length=max_length, multiline=multiline)
        if problem:
            raise Problem(problem)
        return str(value or "").strip()

    return check


def _choice(label: str, values: list[str]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value in ("", None):
            return ""
        if not isinstance(value, str) or value not in values:
            raise Problem(f"Select {label}: one of {', '.join(values)}")
        return value

    return check


def _codes(label: str, values: list[str]) -> Callable[[Any], list[str]]:
    def check(value: Any) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise Problem(f"{label} must be a list of codes")
        unknown = [v for v in value if v not in values]
        if unknown:
            shown = ", ".join(v[:40] for v in unknown[:3])
            raise Problem(f"{label}: unknown code {shown}. Use any of {', '.join(values)}")
        return [v for v in values if v in value]  # fixed order, no repeats

    return check


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Problem("Must be true or false")
    return value


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise Problem("Enter a real date, like 2026-03-27") from None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise Problem("Enter a real date")
    if value > timezone.localdate():
        raise Problem("The date you shared it must be today or in the past")
    if value < EARLIEST_SHARE:
        raise Problem("The date you shared it must be 1 January 2000 or later")
    return value


CHECKERS: dict[str, Callable[[Any], Any]] = {
    "direction": _choice("whether you are sharing or were asked", list(Direction.values)),
    "recipient_name": _text("Name of the person", SHORT_TEXT_MAX, multiline=False),
    "external_recipient": _text("Organisation name", SHORT_TEXT_MAX, multiline=False),
    "purpose": _text("Purpose", TEXT_MAX),
    "outcome": _choice("what you did", list(Outcome.values)),
    "reasons": _text("Reasons", TEXT_MAX),
    "departure_reason": _text("The reason your decision differs", TEXT_MAX),
    "gateway": _choice("the common-law gateway", [basis.code for basis in GATEWAYS]),
    "special_category": _boolean,
    "article6": _codes("Article 6 bases", [basis.code for basis in ARTICLE_6]),
    "article9": _codes("Article 9 conditions", [basis.code for basis in ARTICLE_9]),
    "schedule1": _codes("Schedule 1 conditions", [basis.code for basis in SCHEDULE_1]),
    "information_categories": _codes("Categories", list(CATEGORY_LABELS)),
    "information_description": _text("Description", TEXT_MAX),
    "facts": _text("Facts", TEXT_MAX),
    "opinion": _text("Opinion", TEXT_MAX),
    "person_told": _choice("whether the person was told", list(Told.values)),
    "reason_not_told": _text("The reason the person was not told", TEXT_MAX),
    "method": _choice("how you shared", list(Method.values)),
    "method_detail": _text("Method details", SHORT_TEXT_MAX, multiline=False),
    "shared_on": _date,
    # Advice got outside Infoshare: who gave it (on one line) and what they advised.
    "advice_elsewhere_from": _text("Who gave the advice", SHORT_TEXT_MAX, multiline=False),
    "advice_elsewhere_said": _text("What they advised", TEXT_MAX),
}


#: The fields that describe a share, with their empty values: a record of information not
#: shared holds none of them (golden rule 7: if shared, record what, how and when), so
#: they are set aside whenever the outcome is "not shared", and come back if it is shared
#: again (services.set_aside).
SHARING_ONLY: dict[str, Any] = {
    "gateway": "",
    "special_category": False,
    "article6": [],
    "article9": [],
    "schedule1": [],
    "information_categories": [],
    "information_description": "",
    "facts": "",
    "opinion": "",
    "method": "",
    "method_detail": "",
    "shared_on": None,
    "person_told": "",
    "reason_not_told": "",
}


#: A recipient organisation that is not an id, or not one of the partnership's active
#: organisations (the API words each its own way: ``api_decisions.API_WORDS``).
RECIPIENT_NOT_AN_ID = "Select an organisation from the list"
RECIPIENT_NOT_OFFERED = "Select an organisation of your partnership from the list"


def check_recipient_organisation(value: Any, partnership_id: int) -> int | None:
    """The recipient organisation's id: one of the active organisations of the record's
    partnership, as the recipient page offers them."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        value = parse_id(value)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= MAX_ID:
        raise Problem(RECIPIENT_NOT_AN_ID)
    found = Organisation.objects.filter(pk=value, partnership_id=partnership_id, is_active=True)
    if not found.exists():
        mark_refused("org_id", [value])
        raise Problem(RECIPIENT_NOT_OFFERED)
    return value


def clean_changes(
    changes: Mapping[str, Any], partnership_id: int
) -> tuple[dict[str, Any], dict[str, str]]:
    """(cleaned values, problems by field) for the draft fields in `changes`."""
    cleaned: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for field, value in changes.items():
        try:
            if field == "recipient_organisation_id":
                cleaned[field] = check_recipient_organisation(value, partnership_id)
            elif field in CHECKERS:
                cleaned[field] = CHECKERS[field](value)
            else:
                problems[str(field)[:60]] = "This field cannot be changed"
        except Problem as problem:
            problems[field] = str(problem)
    return cleaned, problems
