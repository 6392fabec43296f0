"""The GOV.UK date input (day, month, year) for Django forms."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

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


def clean_date(form: forms.Form, prefix: str, label: str, *, required: bool) -> dt.date | None:
    """The date typed into the three boxes, or None; errors go on the day box (the one the
    error summary links to)."""
    data = form.cleaned_data
    parts = [str(data.get(f"{prefix}_{part}") or "").strip() for part in ("day", "month", "year")]
    target = f"{prefix}_day"
    if not any(parts):
        if required:
            form.add_error(target, f"Enter {label}")
        return None
    names = ("day", "month", "year")
    missing = [name for name, part in zip(names, parts, strict=True) if not part]
    if missing:
        form.add_error(
            target, f"{label[0].upper()}{label[1:]} must include a {' and '.join(missing)}"
        )
        return None
    not_real = (
        f"{label[0].upper()}{label[1:]} must be a real date, like {example_for(form, prefix)}"
    )
    if not all(part.isdigit() for part in parts) or len(parts[2]) != 4:
        form.add_error(target, not_real)
        return None
    try:
        return dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        form.add_error(target, not_real)
        return None
