"""Input shape for the agreements pages. Rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms

from infoshare.agreements.lawful_bases import Article6, Article9, Gateway
from infoshare.agreements.models import (
    LONG_TEXT_MAX,
    SHORT_TEXT_MAX,
    TITLE_MAX,
    Agreement,
    Kind,
    Status,
)
from infoshare.agreements.permissions import SIGNATORY_ROLES_TEXT
from infoshare.core.dates import DateField, date_hint, not_a_real_date
from infoshare.core.text import plain_text


def _date_field(label: str, example: str, about: str = "") -> forms.DateField:
    """A date box whose hint (``about``, then the example) and "must be a real date" message
    give the same example. How early or late it may be is the service's rule."""
    return DateField(
        label=label,
        help_text=f"{about} {date_hint(example)}".strip(),
        required=False,
        error_messages={"invalid": not_a_real_date(label, example)},
    )


def _text(label: str, max_length: int, help_text: str = "", *, required: bool = False) -> Any:
    what = label[0].lower() + label[1:]
    field = forms.CharField(
        label=label,
        help_text=help_text,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": f"Enter the {what}",
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
    )
    return plain_text(field, label)


class AgreementForm(forms.Form):
    lead_organisation = forms.TypedChoiceField(
        label="Lead organisation",
        help_text="The organisation that owns and maintains this agreement",
        coerce=int,
        error_messages={
            "required": "Choose the lead organisation",
            "invalid_choice": "Choose one of the organisations listed",
        },
    )
    title = plain_text(
        forms.CharField(
            label="Title",
            max_length=TITLE_MAX,
            error_messages={
                "required": "Enter a title",
                "max_length": f"Title must be {TITLE_MAX} characters or fewer",
            },
        ),
        "Title",
        one_line=True,
    )
    kind = forms.ChoiceField(
        label="Type of agreement",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the type of agreement",
            "invalid_choice": "Choose the type of agreement",
        },
    )
    purpose = _text(
        "Purpose",
        LONG_TEXT_MAX,
        "Why the organisations share, and what the sharing achieves for children and families",
        required=True,
    )
    data_items = _text(
        "Data items", LONG_TEXT_MAX, "The information or categories of information shared"
    )
    gateways = forms.MultipleChoiceField(
        label="Common-law duty of confidence: gateway",
        choices=Gateway.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the gateways listed"},
    )
    article_6 = forms.MultipleChoiceField(
        label="UK GDPR Article 6 lawful basis",
        choices=Article6.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the Article 6 bases listed"},
    )
    article_9 = forms.MultipleChoiceField(
        label="UK GDPR Article 9 condition (special category data)",
        choices=Article9.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the Article 9 conditions listed"},
    )
    retention = _text("Retention", LONG_TEXT_MAX, "How long each party keeps what it receives")
    security_arrangements = _text(
        "Security arrangements", LONG_TEXT_MAX, "How information is sent and stored securely"
    )
    privacy_information = _text(
        "Privacy information",
        LONG_TEXT_MAX,
        "How people are told about the sharing (privacy notices, leaflets, conversations)",
    )
    start_date = _date_field("Start date", "1/4/2026")
    review_date = _date_field(
        "Review date", "31/3/2027", "When the parties will next review the agreement."
    )
    end_date = _date_field(
        "End date", "31/3/2029", "Leave empty if the agreement has no fixed end."
    )

    def __init__(self, *args: Any, organisations: list[Any] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [(org.pk, org.name) for org in organisations or []]
        self.fields["lead_organisation"].choices = [("", "Choose an organisation"), *choices]  # type: ignore[attr-defined]

    @classmethod
    def initial_from(cls, agreement: Agreement) -> dict[str, Any]:
        bases = agreement.lawful_bases or []
        return {
            "lead_organisation": agreement.lead_organisation_id,
            "title": agreement.title,
            "kind": agreement.kind,
            "purpose": agreement.purpose,
            "data_items": agreement.data_items,
            "gateways": [b for b in bases if b in Gateway.values],
            "article_6": [b for b in bases if b in Article6.values],
            "article_9": [b for b in bases if b in Article9.values],
            "retention": agreement.retention,
            "security_arrangements": agreement.security_arrangements,
            "privacy_information": agreement.privacy_information,
            "start_date": agreement.start_date,
            "review_date": agreement.review_date,
            "end_date": agreement.end_date,
        }

    def content(self) -> dict[str, Any]:
        """The cleaned values in the shape the services take."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "kind": data["kind"],
            "purpose": data["purpose"],
            "data_items": data["data_items"],
            "lawful_bases": [*data["gateways"], *data["article_6"], *data["article_9"]],
            "retention": data["retention"],
            "security_arrangements": data["security_arrangements"],
            "privacy_information": data["privacy_information"],
            "start_date": data["start_date"],
            "review_date": data["review_date"],
            "end_date": data["end_date"],
        }


class EditAgreementForm(AgreementForm):
    """Editing a draft: the lead organisation stays as it is."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["lead_organisation"]


class PartyForm(forms.Form):
    """The fields in the order the page shows them (the error summary follows it)."""

    organisation = forms.TypedChoiceField(
        label="Organisation in the partnership",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Choose one of the organisations listed"},
    )
    signatory = forms.TypedChoiceField(
        label="Signatory",
        help_text=(
            "A senior lead or information sharing advisor of that organisation. You can name "
            "them later"
        ),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Choose one of the people listed"},
    )
    external_party_name = plain_text(
        forms.CharField(
            label="Or the name of an external party",
            help_text="Only for a party outside the partnership",
            max_length=SHORT_TEXT_MAX,
            required=False,
            error_messages={
                "max_length": f"External party name must be {SHORT_TEXT_MAX} characters or fewer"
            },
        ),
        "External party name",
        one_line=True,
    )
    external_signatory_name = plain_text(
        forms.CharField(
            label="Signatory for an external party",
            help_text="The name of the person who signs for the external party",
            max_length=SHORT_TEXT_MAX,
            required=False,
            error_messages={
                "max_length": f"Signatory name must be {SHORT_TEXT_MAX} characters or fewer"
            },
        ),
        "Signatory name",
        one_line=True,
    )
    contact_name = plain_text(
        forms.CharField(
            label="Contact name",
            max_length=SHORT_TEXT_MAX,
            required=False,
            error_messages={
                "max_length": f"Contact name must be {SHORT_TEXT_MAX} characters or fewer"
            },
        ),
        "Contact name",
        one_line=True,
    )
    contact_email = plain_text(
        forms.EmailField(
            label="Contact email address",
            max_length=254,
            required=False,
            error_messages={
                "invalid": "Enter an email address in the correct format, like name@example.org",
                "max_length": "Email address must be 254 characters or fewer",
            },
        ),
        "Contact email address",
        one_line=True,
    )

    def __init__(
        self,
        *args: Any,
        organisations: list[Any] | None = None,
        signatories: list[tuple[Any, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [  # type: ignore[attr-defined]
            ("", "Choose an organisation"),
            *[(org.pk, org.name) for org in organisations or []],
        ]
        self.fields["signatory"].choices = [  # type: ignore[attr-defined]
            ("", "Choose a signatory"),
            *[(person.pk, f"{person} ({places})") for person, places in signatories or []],
        ]


class OrganisationSignatoryForm(forms.Form):
    """Who signs for an organisation's party: one of its eligible people."""

    signatory = forms.TypedChoiceField(
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the people listed"},
    )

    def __init__(
        self,
        *args: Any,
        party_name: str,
        people: list[tuple[Any, str]],
        nobody: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        #: Why nobody can be chosen, when the organisation has no eligible person.
        self.nobody = "" if people else nobody
        field = self.fields["signatory"]
        field.required = bool(people)
        field.label = f"Who signs for {party_name}?"
        field.help_text = (
            f"Only {SIGNATORY_ROLES_TEXT} of {party_name} can sign for it. They sign in "
            "Infoshare when the agreement is sent for signature"
        )
        field.error_messages["required"] = f"Choose who signs for {party_name}"
        field.choices = [(person.pk, str(person)) for person, _ in people]  # type: ignore[attr-defined]
        field.choice_hints = {person.pk: places for person, places in people}  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any] | None:
        if self.nobody:
            raise forms.ValidationError(self.nobody)
        return super().clean()


class ExternalSignatoryForm(forms.Form):
    """Who signs for an external party: a name (their signature is recorded for them)."""

    external_signatory_name = plain_text(
        forms.CharField(
            label="Name of the person who signs",
            help_text="You record their signature, for example from a signed copy you upload",
            max_length=SHORT_TEXT_MAX,
            error_messages={
                "required": "Enter the name of the person who signs for the external party",
                "max_length": f"Signatory name must be {SHORT_TEXT_MAX} characters or fewer",
            },
        ),
        "Signatory name",
        one_line=True,
    )


class ReasonForm(forms.Form):
    reason = plain_text(
        forms.CharField(
            label="Reason",
            max_length=LONG_TEXT_MAX,
            widget=forms.Textarea(attrs={"rows": 4}),
            error_messages={
                "required": "Enter the reason",
                "max_length": f"Reason must be {LONG_TEXT_MAX} characters or fewer",
            },
        ),
        "Reason",
    )


class ConfirmForm(forms.Form):
    """A button-only form: the POST is the confirmation."""


class DocumentForm(forms.Form):
    file = forms.FileField(
        label="Upload a document",
        help_text="A PDF, DOCX or ODT file, smaller than 10 MB",
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
            "invalid": "Select a file",
        },
    )


class RegisterFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status (not superseded)"), *Status.choices],
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    organisation = forms.TypedChoiceField(
        label="Organisation",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Select an organisation from the list"},
    )
    due = forms.BooleanField(label="Due for review in the next 60 days or overdue", required=False)
    mine = forms.BooleanField(label="Only agreements you own", required=False)
    to_sign = forms.BooleanField(label="Waiting for your signature", required=False)

    def __init__(self, *args: Any, organisations: list[Any] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [  # type: ignore[attr-defined]
            ("", "Any organisation"),
            *[(org.pk, org.name) for org in organisations or []],
        ]
