from django import forms

from infoshare.accounts.models import DEFAULT_TOKEN_LIFETIME_DAYS, TOKEN_LIFETIME_DAYS
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


class ConfirmForm(forms.Form):
    """A button-only form: the POST is the confirmation."""
