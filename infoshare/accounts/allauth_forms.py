"""allauth's sign-in forms with GOV.UK error messages (wired up by ACCOUNT_FORMS and MFA_FORMS)."""

from __future__ import annotations

from typing import Any

from allauth.account import forms as account_forms
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms
from django import forms

from infoshare.accounts import auth_events

CODE_MISSING = "Enter the code from your authenticator app"
#: A wrong code while setting up the app: the person has no recovery codes yet, so the
#: sign-in message (``MFAAdapter``, "... or one of your recovery codes") does not fit.
SETUP_CODE_WRONG = (
    "The code is not correct. Enter the 6-digit code your authenticator app shows now"
)
PASSWORDS_DIFFER = "The passwords do not match: enter the same new password twice"


def _messages(form: forms.Form, required: dict[str, str], **extra: dict[str, str]) -> None:
    for name, message in required.items():
        if name in form.fields:
            form.fields[name].error_messages["required"] = message
    for name, messages in extra.items():
        if name in form.fields:
            form.fields[name].error_messages.update(messages)


def _same_passwords(form: forms.Form) -> None:
    errors = form.errors.get("password2")
    if errors:
        form.errors["password2"] = form.error_class(
            [PASSWORDS_DIFFER if "same password" in str(e) else str(e) for e in errors]
        )


class LoginForm(account_forms.LoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _messages(
            self,
            {"login": "Enter your email address", "password": "Enter your password"},
            login={
                "invalid": "Enter an email address in the correct format, like name@example.org"
            },
        )


class ResetPasswordForm(account_forms.ResetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _messages(
            self,
            {"email": "Enter your email address"},
            email={
                "invalid": "Enter an email address in the correct format, like name@example.org"
            },
        )


class ChangePasswordForm(account_forms.ChangePasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _messages(
            self,
            {
                "oldpassword": "Enter your current password",
                "password1": "Enter a new password",
                "password2": "Enter the new password again",
            },
        )

    def full_clean(self) -> None:
        super().full_clean()
        _same_passwords(self)


class ResetPasswordKeyForm(account_forms.ResetPasswordKeyForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _messages(
            self,
            {"password1": "Enter a new password", "password2": "Enter the new password again"},
        )

    def full_clean(self) -> None:
        super().full_clean()
        _same_passwords(self)


class ReauthenticateForm(account_forms.ReauthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _messages(self, {"password": "Enter your password"})


#: allauth's error code for a second-factor attempt refused by its rate limit
#: (``check_rate_limit``), before the code is looked at.
TOO_MANY_ATTEMPTS = "too_many_login_attempts"


def _code_checked(form: Any, check: Any, *, reauthentication: bool) -> str:
    """allauth's check of the code; an attempt its rate limit refuses is audited (it sends
    no signal for one, unlike a wrong code: ``auth_events._mfa_failed``)."""
    try:
        code: str = check()
    except forms.ValidationError as error:
        if error.code == TOO_MANY_ATTEMPTS:
            auth_events.attempts_limited(form.user, reauthentication=reauthentication)
        raise
    return code


class AuthenticateForm(mfa_forms.AuthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _messages(self, {"code": CODE_MISSING})

    def clean_code(self) -> str:
        return _code_checked(self, super().clean_code, reauthentication=False)


class MfaReauthenticateForm(mfa_forms.ReauthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _messages(self, {"code": CODE_MISSING})

    def clean_code(self) -> str:
        return _code_checked(self, super().clean_code, reauthentication=True)


class ActivateTOTPForm(totp_forms.ActivateTOTPForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _messages(self, {"code": CODE_MISSING})

    def clean_code(self) -> str:
        try:
            code: str = super().clean_code()
        except forms.ValidationError as error:
            if error.code == "incorrect_code":
                raise forms.ValidationError(SETUP_CODE_WRONG, code="incorrect_code") from error
            raise
        return code
