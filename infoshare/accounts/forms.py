from django import forms


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name for the token",
        help_text="For example, the system that will use it: 'Case management system'",
        max_length=80,
        error_messages={
            "required": "Enter a name for the token",
            "max_length": "Name must be 80 characters or fewer",
        },
    )


class ConfirmForm(forms.Form):
    """A button-only form: the POST is the confirmation."""
