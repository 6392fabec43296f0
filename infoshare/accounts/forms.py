from django import forms

from infoshare.accounts.models import (
    DEFAULT_TOKEN_LIFETIME_DAYS,
    TOKEN_LIFETIME_DAYS,
    TokenAccess,
)
from infoshare.core.text import plain_text


class TokenForm(forms.Form):
    name = plain_text(
        forms.CharField(
            label="Name for the token",
            help_text="For example, the system that will use it: 'Case management system'",
            max_length=80,
            error_messages={
                "required": "Enter a name for the token",
                "max_length": "Name must be 80 characters or fewer",
            },
        ),
        "Name",
        one_line=True,
    )
    expires_in = forms.TypedChoiceField(
        label="How long the token will last",
        help_text="It stops working after this. You can revoke it sooner.",
        choices=[(str(days), f"{days} days") for days in TOKEN_LIFETIME_DAYS],
        coerce=int,
        initial=str(DEFAULT_TOKEN_LIFETIME_DAYS),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how long the token will last",
            "invalid_choice": "Select how long the token will last",
        },
    )
    # Read only is chosen unless the person picks full access: a token usually outlives
    # the session that made it and sits in another system's configuration, so the one
    # chosen without much thought should be the one that can do least harm if it leaks.
    access = forms.ChoiceField(
        label="What the token can do",
        help_text="Choose full access only if the other system needs to record or change "
        "things for you. You cannot change this later: create a new token instead.",
        choices=[
            (TokenAccess.READ_ONLY.value, "Read only"),
            (TokenAccess.FULL.value, "Full access"),
        ],
        initial=TokenAccess.READ_ONLY.value,
        widget=forms.RadioSelect,
        # The page always sends the choice (read only is checked); a form sent without
        # one gets what the page shows chosen, never more.
        required=False,
        error_messages={"invalid_choice": "Select what the token can do"},
    )
    access.choice_hints = {  # type: ignore[attr-defined]
        TokenAccess.READ_ONLY.value: (
            "It can look at and search what you can see, and check a decision with "
            "decision support. It cannot create or change anything: it cannot record, "
            "finalise, amend or countersign decisions, add people, ask for or reply to "
            "advice, create or sign agreements, or acknowledge policies."
        ),
        TokenAccess.FULL.value: (
            "It can do everything your roles allow, including recording, finalising, "
            "amending and countersigning decisions, adding people and signing agreements."
        ),
    }

    def clean_access(self) -> str:
        return str(self.cleaned_data.get("access") or TokenAccess.READ_ONLY.value)


class ConfirmForm(forms.Form):
    """A button-only form: the POST is the confirmation."""
