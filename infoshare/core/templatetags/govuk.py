"""Renders Django form fields and errors as GOV.UK Design System components.

{% error_summary form %}      the error summary, linking to each field
{% error_summary form general_errors_to=form.login %}   the form's general errors link there
{% govuk_field form.name %}   label, hint, error message and the right input
{% govuk_field form.kind heading=True %}   a radio question as the page heading
{% govuk_field form.kind heading=True caption="Decision 4" %}   with a caption in its legend
{% govuk_field form.told reveal_no=form.why_not %}   "why not" revealed under the "No" option
{% govuk_field form.got reveal_yes="who what" %}   two of the form's fields revealed under "Yes"
{% govuk_field form.q error=message %}   with a message of the page's own, not the form's
{{ moment|when }}             "27 November 2026 at 2:32am"
{{ moment|when_exactly }}     "27 November 2026 at 2:32:07am" (the audit trail)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

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


def _reveals(field: BoundField, kind: str, attrs: dict[str, Any]) -> dict[str, list[BoundField]]:
    """The follow-up questions given as ``reveal_<option value>=form.other_field``, or as
    the names of several of the form's fields (``reveal_yes="first second"``)."""
    reveals = {
        key.removeprefix("reveal_"): value
        for key, value in attrs.items()
        if key.startswith("reveal_")
    }
    if not reveals:
        return {}
    if kind not in ("radios", "checkboxes"):
        raise ValueError(f"Only radios and checkboxes reveal a question, not {field.name!r}")
    values = {str(value) for value, _ in field.field.choices}  # type: ignore[attr-defined]
    found: dict[str, list[BoundField]] = {}
    for value, revealed in reveals.items():
        if value not in values:
            raise ValueError(f"{field.name!r} has no option {value!r} to reveal a question under")
        if isinstance(revealed, str):
            found[value] = [field.form[name] for name in revealed.split()]
        elif isinstance(revealed, BoundField):
            found[value] = [revealed]
        else:
            raise ValueError(f"reveal_{value} must be a form field, not {revealed!r}")
    return found


def _conditional(revealed: list[BoundField]) -> str:
    """Follow-up questions as they sit under their option (a date box as wide as elsewhere)."""
    # Each part is rendered (and escaped) by its template, so joining them is safe.
    return mark_safe(  # noqa: S308
        "".join(
            render_to_string(
                "components/fields/field.html",
                govuk_field(
                    one, width="10" if isinstance(one.field.widget, forms.DateInput) else ""
                ),
            )
            for one in revealed
        )
    )


@register.inclusion_tag("components/fields/field.html")
def govuk_field(
    field: BoundField,
    heading: bool = False,
    width: str = "",
    caption: str = "",
    error: str = "",
    **attrs: Any,
) -> dict[str, Any]:
    """``caption=`` (with ``heading=True``) puts a caption above the question, inside its
    legend, as GOV.UK's question pages do, so the page's error summary can come first.

    ``error=`` is a message the page found that is not the form's (the people page's
    "Add the person or people..."), shown with the field as its own errors are, for an
    error summary whose link leads to this field.

    ``reveal_<value>=form.other`` puts the question ``other`` under the option ``value``,
    as GOV.UK's conditionally revealed question: hidden by GOV.UK Frontend's script until
    that option is chosen, always shown without the script. An option whose question has
    an error is the chosen one, so that the error is seen."""
    kind = _kind(field)
    reveals = _reveals(field, kind, attrs)
    widget = field.field.widget
    input_type = getattr(widget, "input_type", "text")
    options = []
    if kind in ("radios", "checkboxes", "select"):
        selected = field.value()
        chosen = (
            {str(v) for v in selected} if isinstance(selected, list | tuple) else {str(selected)}
        )
        for index, (value, label) in enumerate(field.field.choices):  # type: ignore[attr-defined]
            revealed = reveals.get(str(value))
            options.append(
                {
                    "value": "" if value is None else value,
                    "label": label,
                    "id": field.auto_id if index == 0 else f"{field.auto_id}-{index}",
                    "checked": str(value) in chosen,
                    "hint": getattr(field.field, "choice_hints", {}).get(value, ""),
                    "conditional": "" if revealed is None else _conditional(revealed),
                }
            )
        with_errors = {
            value for value, revealed in reveals.items() if any(one.errors for one in revealed)
        }
        if with_errors:
            for option in options:
                if str(option["value"]) in with_errors:
                    option["checked"] = True
                elif kind == "radios":
                    option["checked"] = False
    errors = [*field.errors, error] if error else field.errors
    value = field.value()
    if isinstance(widget, forms.DateInput):
        value = widget.format_value(value)  # a saved date as the hint shows one; typed, as typed
    return {
        "field": field,
        "kind": kind,
        "input_type": input_type,
        "options": options,
        "heading": heading,
        "caption": caption if heading else "",
        "reveals": bool(reveals),
        "width": width,
        "value": "" if value is None else value,
        "errors": errors,
        "describedby": " ".join(
            part
            for part, present in (
                (f"{field.auto_id}-hint", bool(field.help_text)),
                (f"{field.auto_id}-error", bool(errors)),
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
def error_summary(
    *forms_: forms.BaseForm | None, general_errors_to: BoundField | None = None
) -> dict[str, Any]:
    """``general_errors_to=form.login``: the form's errors that are about no one field (a
    wrong email address or password) link to that field, which shows them too (GOV.UK:
    every link in the summary goes to a field with its message)."""
    errors: list[tuple[str, str]] = []
    general_href = _first_id(general_errors_to) if general_errors_to is not None else ""
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for message in form.non_field_errors():
            errors.append((general_href, str(message)))
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


@register.filter
def when_exactly(value: dt.datetime | None) -> str:
    """``{{ moment|when_exactly }}``: "27 November 2026 at 2:32:07am", for the audit trail,
    where the second matters."""
    return datetime_text(value, seconds=True)
