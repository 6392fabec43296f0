"""The GOV.UK date input (day, month, year) for Django forms."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms


def date_fields(prefix: str) -> dict[str, forms.Field]:
    """The three boxes. They have no checks of their own (length, null characters), whose
    messages would be Django's: ``clean_date`` gives the one message for the whole date,
    whatever is wrong with it."""
    fields: dict[str, forms.Field] = {}
    for part in ("day", "month", "year"):
        field = forms.CharField(label=part.title(), required=False)
        field.validators = []
        fields[f"{prefix}_{part}"] = field
    return fields


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
    if not all(part.isdigit() for part in parts) or len(parts[2]) != 4:
        form.add_error(target, f"{label[0].upper()}{label[1:]} must be a real date, like 27 3 2024")
        return None
    try:
        return dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        form.add_error(target, f"{label[0].upper()}{label[1:]} must be a real date, like 27 3 2024")
        return None
