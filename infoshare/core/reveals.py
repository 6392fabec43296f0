"""Questions revealed under an option (GOV.UK conditional reveals): when the option is not
chosen, its question was not asked."""

from __future__ import annotations

from typing import Any

from django import forms


def not_asked(form: forms.Form, field: str, empty: Any = "") -> None:
    """In ``clean``: what the hidden box of ``field`` still holds, right or wrong, is not
    part of the answer (its error would be hidden with it)."""
    form.errors.pop(field, None)
    form.cleaned_data[field] = empty
