"""One date box for every form: a text box, with dates accepted in the ways people write
them ("27/3/2026", "27 3 2026", "2026-03-27") and shown back as typed.

Not the browser's date control (``type="date"``): GOV.UK advises against it (it differs
from browser to browser and is hard to use with assistive technology), and it cannot show
a date typed another way, so a typed filter or a date with an error came back empty."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y", "%d-%m-%Y"]


#: How a saved date is shown in the box, and the example every hint gives.
SHOWN_FORMAT = "%d/%m/%Y"

#: The example a date box's hint and its error message give, unless the date has its own
#: (a review date, in the future): the same one in both (GOV.UK: the message's example is
#: the hint's).
EXAMPLE = "27/3/2026"


def date_hint(example: str = EXAMPLE) -> str:
    """A date's hint: "For example, 27/3/2026"."""
    return f"For example, {example}"


def not_a_real_date(name: str, example: str = EXAMPLE) -> str:
    """The one message, on every page, for a date that cannot be read or does not exist
    (31/2/2026), in GOV.UK's date input words, "[Whatever it is] must be a real date", with
    the hint's example: "Review date must be a real date, for example 31/3/2027". ``name``
    is the field's label, so that two dates on one page (from and to) are told apart in
    the error summary."""
    return f"{name} must be a real date, for example {example}"


class DateInput(forms.DateInput):
    """A text box for a date: a saved date as 27/03/2026; what was typed, as typed."""

    input_type = "text"

    def __init__(self) -> None:
        super().__init__(format=SHOWN_FORMAT, attrs={"autocomplete": "off"})


#: GOV.UK's message for a year not written in full: "26", or "0026" (which ``%Y`` would
#: read as the year 26), for 2026. Said of the year box of a date in three boxes; a date
#: in one box names its field (``year_not_4_numbers``).
YEAR_DIGITS = "Year must include 4 numbers"


def year_not_4_numbers(name: str) -> str:
    """A one-box date's message for a year not written in full, naming the field in
    GOV.UK's date input words ("[Whatever it is] must include a year"), so that two dates
    on one page (from and to) are told apart in the error summary: "Finalised from must
    include a year with 4 numbers"."""
    return f"{name} must include a year with 4 numbers"


#: The earliest date a date box takes, as in the decision flow ("must be 1 January 2000
#: or later"): anything earlier is a typing mistake (1/1/0001, a year left at 1).
EARLIEST = dt.date(2000, 1, 1)

_PARTS = re.compile(r"[\s/-]+")


def year_not_in_full(typed: str) -> bool:
    """Whether a date typed in one box (any of ``DATE_FORMATS``) gives its year in other
    than 4 figures, or with a leading 0: "1/12/26", "1/12/0026", "0026-12-01". The year is
    the last part, or the first when that is the longer (2026-12-01)."""
    parts = [part for part in _PARTS.split(typed.strip()) if part]
    if len(parts) != 3 or not all(part.isascii() and part.isdecimal() for part in parts):
        return False
    year = parts[0] if len(parts[-1]) <= 2 < len(parts[0]) else parts[-1]
    return len(year) != 4 or year.startswith("0")


class DateField(forms.DateField):
    """A date box's field: the ways of writing a date that ``DATE_FORMATS`` reads, and a
    year not written in full refused with GOV.UK's message naming the field
    (``year_not_4_numbers``; ``YEAR_DIGITS`` for a box without a label) rather than read
    as the year 26. Which dates are sensible is the service's rule
    (``out_of_range``), so that the API keeps it too. A box that no service checks (a
    list's filter) gives its own ``earliest`` (``EARLIEST``, say): a date before it is
    refused with the same words, "Finalised from must be 1 January 2000 or later"."""

    def __init__(self, *, earliest: dt.date | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault("widget", DateInput())
        super().__init__(**kwargs)
        self.earliest = earliest

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, str) and year_not_in_full(value):
            message = year_not_4_numbers(str(self.label)) if self.label else YEAR_DIGITS
            raise forms.ValidationError(message, code="year_digits")
        return super().to_python(value)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if isinstance(value, dt.date) and self.earliest is not None:
            name = str(self.label or "Date")
            if problem := out_of_range(
                value, name=name, latest=dt.date.max, earliest=self.earliest
            ):
                raise forms.ValidationError(problem, code="too_early")


def years_ahead(years: int, today: dt.date | None = None) -> dt.date:
    """The same day ``years`` years from today (28 February for 29 February)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + years)
    except ValueError:
        return today.replace(year=today.year + years, day=28)


def long_date(value: dt.date) -> str:
    """A date in words, as GOV.UK writes it: "1 January 2000"."""
    return f"{value.day} {value:%B %Y}"


def out_of_range(
    value: dt.date, *, name: str, latest: dt.date, earliest: dt.date = EARLIEST
) -> str:
    """The one rule for how early and how late a date may be, with GOV.UK's words: "Review
    date must be 1 January 2000 or later", "Effective date must be 27 November 2027 or
    earlier"; "" when the date is within. ``name`` is the date's label."""
    if value < earliest:
        return f"{name} must be {long_date(earliest)} or later"
    if value > latest:
        return f"{name} must be {long_date(latest)} or earlier"
    return ""
