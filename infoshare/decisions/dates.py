"""The GOV.UK date input (day, month, year) for Django forms."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from infoshare.core.dates import YEAR_DIGITS, not_a_real_date

#: The example a date's hint and its error message give: the same one, from the form (GOV.UK:
#: the message's example is the hint's). A date of birth is in the past, so it has its own.
EXAMPLE = "27 3 2024"
DATE_OF_BIRTH_EXAMPLE = "27 3 2015"


class DateBox(forms.CharField):
    """One of the three boxes of a date, carrying the example of its date."""

    def __init__(self, *, label: str, example: str) -> None:
        super().__init__(label=label, required=False)
        self.validators = []
        self.example = example


def date_fields(prefix: str, *, example: str = EXAMPLE) -> dict[str, forms.Field]:
    """The three boxes. They have no checks of their own (length, null characters), whose
    messages would be Django's: ``clean_date`` gives the one message for the whole date,
    whatever is wrong with it. ``example`` is the date the hint and that message both give."""
    return {
        f"{prefix}_{part}": DateBox(label=part.title(), example=example)
        for part in ("day", "month", "year")
    }


def example_for(form: forms.Form, prefix: str) -> str:
    """The example of the date the ``prefix`` boxes make (the hint's and the message's)."""
    field = form.fields[f"{prefix}_day"]
    return field.example if isinstance(field, DateBox) else EXAMPLE


def hint_for(form: forms.Form, prefix: str) -> str:
    return f"For example, {example_for(form, prefix)}"


def initial_for(prefix: str, value: dt.date | None) -> dict[str, Any]:
    if value is None:
        return {}
    return {
        f"{prefix}_day": value.day,
        f"{prefix}_month": value.month,
        f"{prefix}_year": value.year,
    }


PARTS = ("day", "month", "year")


# YEAR_DIGITS (core.dates): GOV.UK's message for a year not written in full ("26" for
# 2026, or "0026", which is not the year 26), the one a single date box gives too.

#: The months by name, as they may be typed in the month box (GOV.UK date input: accept
#: month names, written out or shortened, as well as numbers).
MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MONTHS_BY_NAME = {
    **{name: number for number, name in enumerate(MONTH_NAMES, start=1)},
    **{name[:3]: number for number, name in enumerate(MONTH_NAMES, start=1)},
    "sept": 9,
}


def clean_date(form: forms.Form, prefix: str, label: str, *, required: bool) -> dt.date | None:
    """The date typed into the three boxes, or None, with GOV.UK's date input messages. An
    error goes on the first box with the problem (the one the error summary links to), and
    ``marked`` says which boxes to mark (GOV.UK date input: only the month when the month is
    missing, only the year when it is not 4 numbers; all three when nothing was entered, or
    when the problem is with the date as a whole). A month may be typed as a number, or as
    its name or the name's first three letters ("November", "nov"), as GOV.UK asks."""
    data = form.cleaned_data
    parts = dict(
        zip(PARTS, (str(data.get(f"{prefix}_{p}") or "").strip() for p in PARTS), strict=True)
    )
    name = f"{label[0].upper()}{label[1:]}"
    if not any(parts.values()):
        if required:
            _date_error(form, prefix, PARTS, f"Enter {label}")
        return None
    missing = tuple(part for part in PARTS if not parts[part])
    if missing:
        _date_error(form, prefix, missing, f"{name} must include a {' and '.join(missing)}")
        return None
    numbers = {part: _number_of(part, parts[part]) for part in PARTS}
    wrong = tuple(part for part in PARTS if numbers[part] is None)
    if wrong == ("year",) and _is_digits(parts["year"]):
        # "26" for 2026: the year alone, said as GOV.UK says it.
        _date_error(form, prefix, wrong, YEAR_DIGITS)
        return None
    not_real = not_a_real_date(name, example_for(form, prefix))
    if wrong:
        _date_error(form, prefix, wrong, not_real)
        return None
    day, month, year = (numbers[part] or 0 for part in PARTS)
    try:
        return dt.date(year, month, day)
    except ValueError:
        # A day the month does not have (31 2 2015), or a year out of range.
        _date_error(form, prefix, ("day",) if year >= 1 else ("year",), not_real)
        return None


def _is_digits(value: str) -> bool:
    """ASCII digits only (not "²" or "٣")."""
    return value.isascii() and value.isdecimal()


def _number_of(part: str, value: str) -> int | None:
    """The number ``value`` gives as that part of a date, or None when it is not written as
    one: ASCII digits, four for a year and not starting with 0 ("0026" is not the year 26),
    one or two for a day or month, the month 1 to 12 (so never a number too large to make a
    date of), or a month by its name ("Nov", "november", "Nov.")."""
    if part == "month" and not _is_digits(value):
        return MONTHS_BY_NAME.get(value.lower().removesuffix("."))
    if not _is_digits(value):
        return None
    if part == "year" and (len(value) != 4 or value.startswith("0")):
        return None
    if part != "year" and len(value) > 2:
        return None
    number = int(value)
    if part == "month" and not 1 <= number <= 12:
        return None
    return number


def _date_error(form: forms.Form, prefix: str, parts: tuple[str, ...], message: str) -> None:
    form.add_error(f"{prefix}_{parts[0]}", message)
    marked: dict[str, tuple[str, ...]] = form.__dict__.setdefault("date_parts_marked", {})
    marked[prefix] = parts


def marked(form: forms.Form, prefix: str) -> tuple[str, ...]:
    """The boxes of the ``prefix`` date to mark as wrong: those ``clean_date`` named, or
    all three for an error given the date as a whole (a rule's, or a service's, which goes
    on the day box: ``core.pages.field_for``)."""
    named: tuple[str, ...] = form.__dict__.get("date_parts_marked", {}).get(prefix, ())
    if named:
        return named
    if any(form[f"{prefix}_{part}"].errors for part in PARTS):
        return PARTS
    return ()
