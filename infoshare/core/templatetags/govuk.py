"""Renders Django form fields and errors as GOV.UK Design System components.

{% error_summary form %}      the error summary, linking to each field
{% govuk_field form.name %}   label, hint, error message and the right input
{% govuk_field form.kind heading=True %}   a radio question as the page heading
{{ moment|when }}             "27 November 2026 at 2:32am"
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField

from infoshare.core.times import datetime_text

register = template.Library()


def _kind(field: BoundField) -> str:
    widget = field.field.widget
    # CheckboxSelectMultiple subclasses RadioSelect in Django, so it is checked first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"


def _first_id(field: BoundField) -> str:
    # The first radio or checkbox of a group carries the field's own id (see field.html).
    return str(field.auto_id)


@register.inclusion_tag("components/fields/field.html")
def govuk_field(
    field: BoundField, heading: bool = False, width: str = "", **attrs: Any
) -> dict[str, Any]:
    kind = _kind(field)
    widget = field.field.widget
    input_type = getattr(widget, "input_type", "text")
    options = []
    if kind in ("radios", "checkboxes", "select"):
        selected = field.value()
        chosen = (
            {str(v) for v in selected} if isinstance(selected, list | tuple) else {str(selected)}
        )
        for index, (value, label) in enumerate(field.field.choices):  # type: ignore[attr-defined]
            options.append(
                {
                    "value": "" if value is None else value,
                    "label": label,
                    "id": field.auto_id if index == 0 else f"{field.auto_id}-{index}",
                    "checked": str(value) in chosen,
                    "hint": getattr(field.field, "choice_hints", {}).get(value, ""),
                }
            )
    value = field.value()
    if isinstance(widget, forms.DateInput):
        value = widget.format_value(value)  # a saved date as the hint shows one; typed, as typed
    return {
        "field": field,
        "kind": kind,
        "input_type": input_type,
        "options": options,
        "heading": heading,
        "width": width,
        "value": "" if value is None else value,
        "errors": field.errors,
        "describedby": " ".join(
            part
            for part, present in (
                (f"{field.auto_id}-hint", bool(field.help_text)),
                (f"{field.auto_id}-error", bool(field.errors)),
            )
            if present
        ),
        "autocomplete": widget.attrs.get("autocomplete", ""),
        "spellcheck": widget.attrs.get("spellcheck", ""),
        "rows": widget.attrs.get("rows", 5),
        "inputmode": widget.attrs.get("inputmode", ""),
        "maxlength": getattr(field.field, "max_length", None),
        "required": field.field.required,
    }


@register.inclusion_tag("components/error_summary.html")
def error_summary(*forms_: forms.BaseForm | None) -> dict[str, Any]:
    errors: list[tuple[str, str]] = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for message in form.non_field_errors():
            errors.append(("", str(message)))
        for name, field_errors in form.errors.items():
            if name == "__all__":
                continue
            bound = form[name]
            for message in field_errors:
                errors.append((_first_id(bound), str(message)))
    return {"errors": errors}


@register.filter
def when(value: dt.datetime | None) -> str:
    """``{{ moment|when }}``: "27 November 2026 at 2:32am", the same on every page."""
    return datetime_text(value)
