"""allauth adapters: nobody signs themselves up (people are invited by an administrator),
messages follow the GOV.UK style, and two-factor authentication cannot be switched off."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

#: allauth's own flash messages that repeat what the next page already says.
QUIET_MESSAGES = {"account/messages/logged_in.txt", "account/messages/logged_out.txt"}


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "The email address or password is not correct",
        "incorrect_password": "The password is not correct",
        "enter_current_password": "Your current password is not correct",
        "too_many_login_attempts": (
            "You have tried to sign in too many times. Wait 15 minutes, then try again"
        ),
    }

    def is_open_for_signup(self, request: Any) -> bool:
        return False

    def get_client_ip(self, request: Any) -> str:
        """The address sign-in throttling and "your sessions" use: the audit trail's one
        rule (``core.context.client_address``), which falls back to the connecting address
        where allauth's own would fail the request (fewer X-Forwarded-For entries than
        trusted proxies is a 500 there; an entry that is not an address, a 403)."""
        from infoshare.core.context import client_address

        return client_address(request) or super().get_client_ip(request)

    def set_password(self, user: Any, password: str) -> None:
        """allauth's one step for a new password (changed when signed in, or reset from
        an emailed link): it also revokes the person's API tokens."""
        from infoshare.accounts import services

        signed_in_as = getattr(getattr(self.request, "user", None), "pk", None)
        reason = (
            services.RevokeReason.PASSWORD_CHANGED
            if signed_in_as is not None and signed_in_as == user.pk
            else services.RevokeReason.PASSWORD_RESET
        )
        services.set_password(actor=user, password=password, reason=reason)

    def add_message(
        self,
        request: Any,
        level: int,
        message_template: str | None = None,
        message_context: dict[str, Any] | None = None,
        extra_tags: str = "",
        message: str | None = None,
    ) -> None:
        if message_template in QUIET_MESSAGES:
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": (
            "The code is not correct. Enter the latest code from your authenticator app, "
            "or one of your recovery codes"
        ),
    }

    def can_delete_authenticator(self, authenticator: Any) -> bool:
        # Two-factor authentication is required for every role: the authenticator app
        # can be replaced (set up again) but never simply removed.
        return False


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on never creates accounts, and never matches one by email address
    (``SOCIALACCOUNT_EMAIL_AUTHENTICATION = False``): it signs in only a person who has
    linked their provider account to their Infoshare account while signed in (single
    sign-on accounts, ``/accounts/3rdparty/``). Anyone else is told they need an
    invitation."""

    def is_open_for_signup(self, request: Any, sociallogin: Any) -> bool:
        return False
