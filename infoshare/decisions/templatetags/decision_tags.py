"""{% date_input form "prefix" legend="..." %}: the GOV.UK date input for three form fields."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.dateformat import format as date_format

from infoshare.core.templatetags.govuk import govuk_field
from infoshare.decisions.dates import PARTS, example_for, hint_for, marked
from infoshare.decisions.summary import other_party
from infoshare.decisions.validators import format_nhs_number

register = template.Library()


@register.inclusion_tag("decisions/partials/date_input.html")
def date_input(
    form: forms.Form, prefix: str, legend: str, hint: str = "", heading: bool = False
) -> dict[str, Any]:
    """The hint is the form's for this date ("For example, 27 3 2015" for a date of birth),
    with the example its error message gives; a page's own hint must give that example too."""
    if hint and example_for(form, prefix) not in hint:
        raise ValueError(
            f"The hint for {prefix!r} must give the example its error message gives "
            f"({example_for(form, prefix)!r}): leave it out to use the form's"
        )
    parts = [form[f"{prefix}_{part}"] for part in PARTS]
    wrong = marked(form, prefix)
    with_errors = [part for part in parts if part.errors]
    return {
        "day": parts[0],
        "parts": [
            {"field": part, "marked": name in wrong}
            for part, name in zip(parts, PARTS, strict=True)
        ],
        # The box whose error it is (the error summary links to it).
        "error_field": with_errors[0] if with_errors else None,
        "errors": [error for part in with_errors for error in part.errors],
        "legend": legend,
        "hint": hint or hint_for(form, prefix),
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


@register.filter
def nhs_number(value: str) -> str:
    """``{{ person.nhs_number|nhs_number }}``: 943 476 5919."""
    return format_nhs_number(value)


@register.filter
def told_apart(person: Any) -> str:
    """``{{ person|told_apart }}``: what tells a person from others with the same name,
    after their name: "born 14 May 2016" (or "date of birth not known"), then their local
    reference if recorded ("born 14 May 2016, reference P-1"). For the hidden text of each
    "Add" and "Remove" button, so that no two read the same, and beside each name where
    only names are listed."""
    born = person.date_of_birth
    told = f"born {date_format(born, 'j F Y')}" if born else "date of birth not known"
    return f"{told}, reference {person.local_reference}" if person.local_reference else told


@register.filter
def other_party_of(row: Any) -> str:
    """``{{ row|other_party_of }}``: a list row's other party, worded for its direction and
    outcome ("Asked by PC Smith, Northshire Police", "Shared with …", "Not shared with …");
    for a record the reader's organisation received (``DecisionRow.received``), who
    shared it with them ("Shared by Northshire Council"), not their own organisation."""
    if row.received:
        return f"Shared by {row.organisation_name}" if row.organisation_name else ""
    return other_party(row.direction, row.outcome, row.recipient_label)
