"""The auditor's search form (a GET form: every filter is in the address)."""

from __future__ import annotations

from typing import Any

from django import forms

from infoshare.audit import labels
from infoshare.audit.mentions import MAX_LENGTH as MENTION_MAX_LENGTH
from infoshare.audit.mentions import Mention, parse_mention
from infoshare.core.dates import EARLIEST, DateField, date_hint, not_a_real_date

PERSON_MAX_LENGTH = 254
OBJECT_ID_MAX_LENGTH = 64  # AuditEvent.object_id
MENTION_EXAMPLE = "like 2, or a record reference, like ISD-2026-000005"


def _date_field(label: str) -> forms.DateField:
    """A filter's date box (``core.dates.DateField``): a year in 4 figures, from 2000."""
    return DateField(
        label=label,
        required=False,
        earliest=EARLIEST,
        help_text=date_hint(),
        error_messages={"invalid": not_a_real_date(label)},
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
    # A list of the organisations whose events the auditor may read; the address keeps
    # the organisation's id (``?organisation=12``), so older links and exports still work.
    organisation = forms.TypedChoiceField(
        label="Organisation",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Select an organisation from the list"},
    )
    action = forms.ChoiceField(
        label="Action",
        required=False,
        error_messages={"invalid_choice": "Select an action from the list"},
    )
    date_from = _date_field("From date")
    date_to = _date_field("To date")
    object_type = forms.ChoiceField(
        label="Object type",
        required=False,
        error_messages={"invalid_choice": "Select an object type from the list"},
    )
    object_id = forms.CharField(
        label="Object ID",
        required=False,
        max_length=OBJECT_ID_MAX_LENGTH,
        help_text="For example, 5. Select the object type too",
        error_messages={
            "max_length": f"Object ID must be {OBJECT_ID_MAX_LENGTH} characters or fewer",
        },
    )
    mentions = forms.CharField(
        label="Person or record shown",
        required=False,
        max_length=MENTION_MAX_LENGTH,
        help_text=(
            "A person's ID, like 2, or a record reference, like ISD-2026-000005. "
            "Finds what was done with the person, the records about them or the record "
            "(views, downloads, changes), and the searches, lists and exports that showed them"
        ),
        error_messages={
            "max_length": f"Enter a person's ID, {MENTION_EXAMPLE}",
        },
    )

    def __init__(
        self,
        *args: Any,
        actions: list[str] | None = None,
        object_types: list[str] | None = None,
        organisations: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].widget.attrs["spellcheck"] = "false"
        self.fields["organisation"].choices = [  # type: ignore[attr-defined]
            ("", "Any organisation"),
            *((str(pk), name) for pk, name in organisations or []),
        ]
        self.fields["action"].choices = [("", "Any action"), *labels.choices(actions or [])]  # type: ignore[attr-defined]
        self.fields["object_type"].choices = [  # type: ignore[attr-defined]
            ("", "Any type"),
            *labels.object_type_choices(object_types or []),
        ]
        for name in ("object_id", "mentions"):
            self.fields[name].widget.attrs["spellcheck"] = "false"

    def clean_person(self) -> str:
        return str(self.cleaned_data.get("person") or "").strip()

    def clean_object_id(self) -> str:
        value = str(self.cleaned_data.get("object_id") or "").strip()
        # Here rather than in clean(), so that the error summary lists it in page order.
        if value and not self.cleaned_data.get("object_type") and not self.has_error("object_type"):
            self.add_error("object_type", "Select the type of the object whose ID you entered")
        return value

    def clean_mentions(self) -> Mention | None:
        text = str(self.cleaned_data.get("mentions") or "").strip()
        if not text:
            return None
        found = parse_mention(text)
        if found is None:
            raise forms.ValidationError(f"Enter a person's ID, {MENTION_EXAMPLE}")
        return found

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
            "object_type": data.get("object_type") or "",
            "object_id": data.get("object_id") or "",
            "mentions": data.get("mentions"),
        }
