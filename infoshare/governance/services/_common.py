"""Shared checks and messages for the governance services. Which partnership an
administrator acts for is the partnerships app's one rule (``admin_partnership``)."""

from __future__ import annotations

import datetime as dt

from infoshare.core.dates import out_of_range, years_ahead
from infoshare.core.errors import DomainError
from infoshare.core.text import control_problem
from infoshare.partnerships.services.organisations import admin_partnership

MSG_NOT_SENIOR_LEAD = "Only a senior lead of this organisation can publish its position statement"
MSG_NOT_ADOPTION_ROLE = "Only a senior lead or organisation administrator can record adoption"
MSG_TARGET_DATE_REQUIRED = "Enter the target date for adopting the standard"
MSG_REASON_REQUIRED = "Enter the reason the standard is not adopted"
MSG_NOT_CURRENT = "This version has been replaced. Read and acknowledge the current version"
MSG_NOT_YET_IN_FORCE = "This version takes effect on {date}. You can acknowledge it from then"

__all__ = ["admin_partnership", "date_problem", "text"]

#: How far ahead each governance date may be (from 1 January 2000, ``core.dates``): a
#: position statement takes effect within a year (a later one is a typing mistake that
#: would otherwise be scheduled, or, with a year such as 0026, replace the statement in
#: force at once); a policy's review and an adoption's target within ten years.
EFFECTIVE_YEARS_AHEAD = 1
PLANNED_YEARS_AHEAD = 10


def date_problem(value: dt.date, *, label: str, years_ahead_at_most: int) -> str:
    """Why ``value`` cannot be the date it is for ("" when it can): the shared rule,
    ``core.dates.out_of_range``, with the date's label."""
    return out_of_range(value, name=label, latest=years_ahead(years_ahead_at_most))


def text(
    value: str,
    *,
    field: str,
    label: str,
    max_length: int,
    required: bool = True,
    one_line: bool = False,
) -> str:
    """Strips ``value`` and checks it is present (when required), not too long and free of
    control characters (``core.text.control_problem``: line breaks and tabs only where
    ``one_line`` is false). ``label`` is how a message names the field ("a title")."""
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise DomainError("required", f"Enter {label}", field=field)
    if len(cleaned) > max_length:
        raise DomainError(
            "too_long",
            f"{label[0].upper()}{label[1:]} must be {max_length} characters or fewer",
            field=field,
        )
    name = label.removeprefix("a ").removeprefix("the ")
    problem = control_problem(cleaned, label=name[0].upper() + name[1:], one_line=one_line)
    if problem:
        raise DomainError("control_characters", problem, field=field)
    return cleaned
