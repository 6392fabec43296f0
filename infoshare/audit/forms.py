"""The auditor's search form (a GET form: every filter is in the address)."""

from __future__ import annotations

from typing import Any

from django import forms

from infoshare.audit import labels
from infoshare.core.dates import DATE_FORMATS, DateInput

PERSON_MAX_LENGTH = 254


def _date_field(label: str, which: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        help_text="For example, 27/3/2026",
        error_messages={
            "invalid": f"Enter the {which} date as a real date, for example 27/3/2026",
        },
    )


class EventSearchForm(forms.Form):
    person = forms.CharField(
        label="Person",
        required=False,
        max_length=PERSON_MAX_LENGTH,
        help_text="Part of their name or email address, or their user ID",
        error_messages={
            "max_length": f"Person must be {PERSON_MAX_LENGTH} characters or fewer",
        },
    )
    organisation = forms.IntegerField(
        label="Organisation ID",
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        error_messages={
            "invalid": "Organisation ID must be a whole number, like 12",
            "min_value": "Organisation ID must be a whole number, like 12",
            "max_value": "Organisation ID must be a whole number, like 12",
        },
    )
    action = forms.ChoiceField(
        label="Action",
        required=False,
        error_messages={"invalid_choice": "Select an action from the list"},
    )
    date_from = _date_field("From date", "'from'")
    date_to = _date_field("To date", "'to'")

    def __init__(self, *args: Any, actions: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].widget.attrs["spellcheck"] = "false"
        self.fields["organisation"].widget = forms.TextInput(attrs={"inputmode": "numeric"})
        self.fields["action"].choices = [("", "Any action"), *labels.choices(actions or [])]  # type: ignore[attr-defined]

    def clean_person(self) -> str:
        return str(self.cleaned_data.get("person") or "").strip()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        return cleaned

    def filters(self) -> dict[str, Any]:
        """The cleaned filters as keyword arguments of ``selectors.search_events``."""
        data = self.cleaned_data
        return {
            "person": data.get("person") or "",
            "organisation_id": data.get("organisation"),
            "action": data.get("action") or "",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }
