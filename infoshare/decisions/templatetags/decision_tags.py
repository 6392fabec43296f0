"""{% date_input form "prefix" legend="..." %}: the GOV.UK date input for three form fields."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField

from infoshare.core.templatetags.govuk import govuk_field

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


@register.inclusion_tag("components/fields/field.html")
def govuk_checkboxes(field: BoundField, **attrs: Any) -> dict[str, Any]:
    """Checkboxes for a multiple-choice field.

    `CheckboxSelectMultiple` is a subclass of `RadioSelect` in Django, so core's
    `govuk_field` draws it as radios (one choice only); this corrects the kind.
    """
    context = govuk_field(field, **attrs)
    context["kind"] = "checkboxes"
    return context
