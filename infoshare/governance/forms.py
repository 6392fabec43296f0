"""Input shape for the governance pages. Rules live in the services."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from infoshare.core.dates import DateField, date_hint, not_a_real_date
from infoshare.core.reveals import not_asked
from infoshare.core.text import plain_text
from infoshare.governance.models import (
    BODY_MAX,
    PDF_MAX_BYTES,
    REASON_MAX,
    TITLE_MAX,
    AdoptionStatus,
    PolicyKind,
)
from infoshare.partnerships.forms import partnership_field

#: The example of a governance date (a review or target date, in the future).
FUTURE_EXAMPLE = "31/3/2027"


def date_field(label: str, *, required: bool = True, missing: str = "") -> forms.DateField:
    """A date box (``core.dates.DateField``); how early or late it may be is the service's
    rule."""
    return DateField(
        label=label,
        required=required,
        help_text=date_hint(FUTURE_EXAMPLE),
        error_messages={
            "required": missing or f"Enter the {label.lower()}",
            "invalid": not_a_real_date(label, FUTURE_EXAMPLE),
        },
    )


def title_field(label: str = "Title") -> forms.CharField:
    field = forms.CharField(
        label=label,
        max_length=TITLE_MAX,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "max_length": f"{label} must be {TITLE_MAX} characters or fewer",
        },
    )
    return plain_text(field, label, one_line=True)


def text_field(
    label: str, *, required: bool = True, max_length: int = BODY_MAX, help_text: str = ""
) -> forms.CharField:
    field = forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        strip=True,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
    )
    return plain_text(field, label)


PARAGRAPH_HINT = "Plain text. Leave a blank line between paragraphs."


class PartnershipChoiceForm(forms.Form):
    """Someone who administers more than one partnership says which one the new item is
    for (radios, no default); for everyone else there is no question."""

    def __init__(
        self, *args: Any, partnerships: Sequence[tuple[int, str]] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if len(partnerships) > 1:
            self.fields["partnership"] = partnership_field(
                partnerships,
                label="Which partnership is it for?",
                required="Select the partnership",
            )
            self.order_fields(["partnership"])


class PositionStatementForm(forms.Form):
    title = title_field()
    body = text_field("Statement", help_text=PARAGRAPH_HINT)
    effective_date = date_field(
        "Effective date", missing="Enter the date the statement takes effect"
    )


class ConfirmForm(forms.Form):
    """A button-only form: the POST is the confirmation."""


class PolicyForm(forms.Form):
    #: The service names the partnership; here it is one of the "where" answers.
    service_fields = {"partnership": "where"}

    where = forms.ChoiceField(
        label="Who does it apply to?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select who the policy applies to",
            "invalid_choice": "Select who the policy applies to",
        },
    )
    title = title_field()
    kind = forms.ChoiceField(
        label="Type",
        choices=PolicyKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether this is a policy or a procedure",
            "invalid_choice": "Select whether this is a policy or a procedure",
        },
    )
    body = text_field(
        "Text",
        required=False,
        help_text=PARAGRAPH_HINT + " Leave empty if you upload a PDF instead.",
    )
    document = forms.FileField(
        label="Or upload a PDF",
        required=False,
        help_text="A PDF, smaller than 10MB",
        error_messages={
            "invalid": "The selected file must be a PDF",
            "empty": "The selected file is empty",
        },
    )
    review_date = date_field("Review date")

    def __init__(self, *args: Any, where_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["where"].choices = where_choices  # type: ignore[attr-defined]

    def clean_document(self) -> Any:
        document = self.cleaned_data.get("document")
        if document and document.size > PDF_MAX_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 10MB")
        return document


class PolicyEditForm(PolicyForm):
    owner = forms.TypedChoiceField(
        label="Owner",
        coerce=int,
        error_messages={
            "required": "Select the owner",
            "invalid_choice": "Select an owner from the list",
        },
    )
    remove_document = forms.BooleanField(label="Remove the uploaded PDF", required=False)

    def __init__(self, *args: Any, owner_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, where_choices=[], **kwargs)
        del self.fields["where"]
        self.fields["owner"].choices = owner_choices  # type: ignore[attr-defined]


class StandardForm(PartnershipChoiceForm):
    title = title_field()
    description = text_field("Description", help_text=PARAGRAPH_HINT)


class AdoptionForm(forms.Form):
    status = forms.ChoiceField(
        label="Where does your organisation stand on this standard?",
        choices=AdoptionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select where your organisation stands",
            "invalid_choice": "Select where your organisation stands",
        },
    )
    # Each asked under its option (a GOV.UK conditional question); the service says when
    # one is needed.
    target_date = date_field("Target date", required=False)
    reason = text_field("Reason for not adopting it", required=False, max_length=REASON_MAX)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        status = data.get("status")
        for field, under, empty in (
            ("target_date", AdoptionStatus.ADOPTING, None),
            ("reason", AdoptionStatus.NOT_ADOPTED, ""),
        ):
            if status != under:
                not_asked(self, field, empty)
        return data


class PriorityForm(PartnershipChoiceForm):
    title = title_field()
    description = text_field("Description", required=False)
    order = forms.IntegerField(
        label="Position in the list",
        required=False,
        min_value=1,
        max_value=1000,
        help_text="Optional. Leave empty to add it at the end",
        error_messages={
            "invalid": "Position must be a whole number, like 3",
            "min_value": "Position must be 1 or more",
            "max_value": "Position must be 1000 or less",
        },
    )


class PolicySearchForm(forms.Form):
    """The policy list's search (a GET form): words of the title and, for someone who
    sees more than one organisation's policies, the organisation (one of those offered).
    Every field may be left empty."""

    q = plain_text(
        forms.CharField(
            label="Search by title",
            required=False,
            max_length=TITLE_MAX,
            error_messages={"max_length": f"Search must be {TITLE_MAX} characters or fewer"},
        ),
        "Search",
        one_line=True,
    )
    organisation = forms.TypedChoiceField(
        label="Organisation",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Select an organisation from the list"},
    )

    def __init__(
        self, *args: Any, organisations: Sequence[tuple[int, str]] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [  # type: ignore[attr-defined]
            ("", "Any organisation"),
            *organisations,
        ]
        #: Someone who sees one organisation's policies is not asked which (an address
        #: naming another is still refused).
        self.offers_organisation = len(organisations) > 1
