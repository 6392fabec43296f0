"""Input shape of the organisation and staff pages (rules live in services.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.contrib.auth.forms import SetPasswordForm

from infoshare.core.roles import Role
from infoshare.core.text import plain_text
from infoshare.partnerships import errors as msg
from infoshare.partnerships.models import Sector, Team


def _too_long(what: str, limit: int) -> str:
    return f"{what} must be {limit} characters or fewer"


class OrganisationForm(forms.Form):
    name = plain_text(
        forms.CharField(
            label="Name",
            max_length=msg.ORG_NAME_MAX,
            error_messages={
                "required": "Enter the organisation's name",
                "max_length": _too_long("Name", msg.ORG_NAME_MAX),
            },
        ),
        "Name",
        one_line=True,
    )
    sector = forms.ChoiceField(
        label="Sector",
        choices=Sector.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the organisation's sector",
            "invalid_choice": "Select the organisation's sector",
        },
    )
    identifier = plain_text(
        forms.CharField(
            label="Identifier (optional)",
            help_text="ODS code, school URN or similar. Staff import files use it",
            required=False,
            max_length=msg.IDENTIFIER_MAX,
            error_messages={"max_length": _too_long("Identifier", msg.IDENTIFIER_MAX)},
        ),
        "Identifier",
        one_line=True,
    )

    def __init__(
        self,
        *args: Any,
        partnerships: Sequence[tuple[int, str]] = (),
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        """Someone who administers more than one partnership says which one a new
        organisation is in (radios, no default); for everyone else there is no question.
        Changing an organisation also sets its local policy on countersigning (a new one
        starts without it)."""
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["countersign_required"] = countersign_field()
        if len(partnerships) > 1:
            self.fields["partnership"] = partnership_field(
                partnerships,
                label="Which partnership is it in?",
                required="Select the partnership the organisation is in",
            )
            self.order_fields(["partnership"])


COUNTERSIGN_MISSING = "Select yes if managers countersign decision records"


def countersign_field() -> forms.TypedChoiceField:
    """Local policy (``Organisation.countersign_required``): whether a manager of the
    organisation countersigns each decision record once it is finalised."""
    return forms.TypedChoiceField(
        label="Do managers countersign decision records?",
        help_text=(
            "If yes, each decision record waits for a manager of this organisation to read "
            "and countersign it once it is finalised. Managers never countersign their own "
            "records. Sharing never waits for a countersignature."
        ),
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": COUNTERSIGN_MISSING, "invalid_choice": COUNTERSIGN_MISSING},
    )


class TeamForm(forms.Form):
    name = plain_text(
        forms.CharField(
            label="Team name",
            max_length=msg.TEAM_MAX,
            error_messages={
                "required": "Enter a name for the team",
                "max_length": _too_long("Team name", msg.TEAM_MAX),
            },
        ),
        "Team name",
        one_line=True,
    )


def _role_field(roles: Iterable[str], label: str) -> forms.ChoiceField:
    allowed = set(roles)
    return forms.ChoiceField(
        label=label,
        choices=[(value, text) for value, text in Role.choices if value in allowed],
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role", "invalid_choice": "Select a role"},
    )


class InviteForm(forms.Form):
    full_name = plain_text(
        forms.CharField(
            label="Full name",
            max_length=msg.NAME_MAX,
            error_messages={
                "required": "Enter the person's full name",
                "max_length": _too_long("Full name", msg.NAME_MAX),
            },
        ),
        "Full name",
        one_line=True,
    )
    email = forms.EmailField(
        label="Email address",
        max_length=msg.EMAIL_MAX,
        help_text="Their work email address. The invitation is sent to it",
        error_messages={
            "required": "Enter the person's email address",
            "invalid": msg.ROW_EMAIL_BAD,
            "max_length": _too_long("Email address", msg.EMAIL_MAX),
        },
    )
    team = forms.ChoiceField(
        label="Team (optional)",
        required=False,
        error_messages={"invalid_choice": msg.TEAM_NOT_FOUND},
    )

    def __init__(self, *args: Any, roles: Iterable[str], teams: Iterable[Team], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["role"] = _role_field(roles, "Role")
        team_field = self.fields["team"]
        assert isinstance(team_field, forms.ChoiceField)  # noqa: S101 - narrows the type
        team_field.choices = [("", "No team")] + [(str(t.pk), t.name) for t in teams]
        self.fields["email"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.order_fields(["full_name", "email", "role", "team"])


class ChangeRoleForm(forms.Form):
    def __init__(self, *args: Any, roles: Iterable[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["role"] = _role_field(roles, "New role")


class ConfirmForm(forms.Form):
    """A button-only form: the POST is the confirmation."""


def _search(label: str) -> forms.CharField:
    return plain_text(
        forms.CharField(
            label=label,
            required=False,
            max_length=msg.SEARCH_MAX,
            error_messages={"max_length": _too_long("Search", msg.SEARCH_MAX)},
        ),
        "Search",
        one_line=True,
    )


class StaffSearchForm(forms.Form):
    q = _search("Search by name or email")


class OrganisationSearchForm(forms.Form):
    q = _search("Search by name")


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text=(
            "Columns: name, email, organisation_identifier, role, team. "
            "Include the header row. Save as UTF-8 CSV. Smaller than 5 MB"
        ),
        error_messages={
            "required": "Select a CSV file",
            "empty": msg.FILE_EMPTY,
            "invalid": "Select a CSV file",
        },
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > msg.IMPORT_MAX_BYTES:
            raise forms.ValidationError(msg.FILE_TOO_BIG)
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(msg.FILE_NOT_CSV)
        return upload


class RunImportForm(forms.Form):
    send_invitations = forms.BooleanField(
        label="Send invitations",
        required=False,
        help_text="Email each new person a link to set their password",
    )


class AcceptInvitationForm(SetPasswordForm):  # type: ignore[type-arg]
    """Django's set-password form (with the password validators), in GOV.UK words."""

    error_messages = {"password_mismatch": "The two passwords do not match"}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label, second.label = "Create a password", "Confirm your password"
        # The rule in the words of the change and reset pages (templates/account/
        # password_change.html, password_reset_from_key.html): said the same everywhere.
        first.help_text = (
            "Use at least 12 characters. Do not use a common password, only numbers, "
            "or anything like your name or email address."
        )
        second.help_text = "Enter the same password again."
        first.error_messages["required"] = "Enter a password"
        second.error_messages["required"] = "Confirm your password"
        for field in (first, second):
            field.widget.attrs["autocomplete"] = "new-password"

    def clean(self) -> dict[str, Any]:
        """Django's checks, in the order of the fields (the error summary lists them so):
        what the password validators say, beside the password itself (Django puts it
        beside the confirmation), then whether the confirmation matches it."""
        password = self.cleaned_data.get("new_password1")
        confirmation = self.cleaned_data.get("new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        if password and confirmation and password != confirmation:
            self.add_error(
                "new_password2",
                forms.ValidationError(
                    self.error_messages["password_mismatch"], code="password_mismatch"
                ),
            )
        return self.cleaned_data


def partnership_field(
    partnerships: Sequence[tuple[int, str]], *, label: str, required: str
) -> forms.TypedChoiceField:
    """The question asked of someone who administers more than one partnership: which one
    a new item belongs to (radios, no default, only their partnerships)."""
    return forms.TypedChoiceField(
        label=label,
        help_text="You are an administrator of more than one partnership",
        choices=list(partnerships),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": required, "invalid_choice": msg.NOT_YOUR_PARTNERSHIP},
    )
