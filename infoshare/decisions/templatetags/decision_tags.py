"""{% date_input form "prefix" legend="..." %}: the GOV.UK date input for three form fields."""

from __future__ import annotations

from typing import Any

from django import forms, template

register = template.Library()


@register.inclusion_tag("decisions/partials/date_input.html")
def date_input(
    form: forms.Form, prefix: str, legend: str, hint: str = "", heading: bool = False
) -> dict[str, Any]:
    parts = [form[f"{prefix}_{part}"] for part in ("day", "month", "year")]
    return {
        "day": parts[0],
        "parts": parts,
        "legend": legend,
        "hint": hint,
        "heading": heading,
        "size": "l" if heading else "s",
    }
