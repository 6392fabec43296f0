"""allauth adapters: nobody signs themselves up (people are invited by an administrator),
messages follow the GOV.UK style, emailed links are on ``SITE_URL``, and two-factor
authentication cannot be switched off."""

from __future__ import annotations

import logging
import math
import time
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.urls import reverse

logger = logging.getLogger(__name__)

#: allauth's own flash messages that repeat what the next page already says.
QUIET_MESSAGES = {"account/messages/logged_in.txt", "account/messages/logged_out.txt"}


#: What someone locked out of signing in reads (``ACCOUNT_RATE_LIMITS["login_failed"]``).
TOO_MANY_SIGN_INS = (
    "You have tried to sign in too many times. Wait {wait}, then try again, "
    "or reset your password if you have forgotten it"
)


def sign_in_lockout_minutes() -> int:
    """How long a sign-in lockout lasts: the longest window of the "login_failed" limits
    (settings.ACCOUNT_RATE_LIMITS), in whole minutes."""
    from allauth.account import app_settings
    from allauth.core.internal.ratelimit import parse_rates

    rates = parse_rates(app_settings.RATE_LIMITS.get("login_failed"))
    seconds = max((rate.duration for rate in rates), default=15 * 60)
    return max(1, math.ceil(seconds / 60))


def on_site(url: str) -> str:
    """A path, or an absolute address's path, query and fragment, on ``SITE_URL`` (the
    address people use, which the production checks require to be https): every link an
    email carries, whatever Host the request that sent it named."""
    bits = urlsplit(url)
    tail = urlunsplit(("", "", bits.path or "/", bits.query, bits.fragment))
    return f"{settings.SITE_URL.rstrip('/')}{tail}"


class _Site:
    """allauth's ``current_site`` in an email's context, from ``SITE_URL`` rather than
    the request's Host (the service does not use Django's sites framework)."""

    def __init__(self) -> None:
        self.domain = self.name = urlsplit(settings.SITE_URL).netloc

    def __str__(self) -> str:
        return self.domain


class AccountAdapter(DefaultAccountAdapter):
    _messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "The email address or password is not correct",
        "incorrect_password": "The password is not correct",
        "enter_current_password": "Your current password is not correct",
    }

    @property
    def error_messages(self) -> dict[str, Any]:  # type: ignore[override]
        """allauth's messages in GOV.UK words. A lockout says how long to wait (from the
        limits in settings) and that resetting the password also ends it: allauth clears
        the count of failed sign-ins for an email address when its password is reset."""
        minutes = sign_in_lockout_minutes()
        wait = f"{minutes} minute{'' if minutes == 1 else 's'}"
        return {**self._messages, "too_many_login_attempts": TOO_MANY_SIGN_INS.format(wait=wait)}

    def is_open_for_signup(self, request: Any) -> bool:
        return False

    def pre_authenticate(self, request: Any, **credentials: Any) -> None:
        """allauth counts a sign-in against each "login_failed" limit in turn, and keeps
        the counts already taken when a later limit refuses: at an office address over
        its limit, every attempt (even with the right password) used up one of that
        person's own few, locking them out after the address's window ended. A refused
        attempt now counts against nothing: the limits are checked first without
        counting, then counted as allauth does."""
        from allauth.core import ratelimit

        key = self._get_login_attempts_cache_key(request, **credentials)
        if not ratelimit.consume(request, action="login_failed", key=key, dry_run=True):
            raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def authenticate(self, request: Any, **credentials: Any) -> Any:
        """A deactivated account never signs in, and signing in to one is refused exactly as
        a wrong password is: the same page and message ("The email address or password is
        not correct"), counted against the same limits, with the same work done (two
        password checks, as Django's and allauth's backends make), whatever the password.
        allauth's own way (the inactive-account page, for the right password only, with
        the failed attempt given back to the limits) told anyone with a leaver's email
        address whether a password was theirs. The audit event, for the auditor, says the
        account was deactivated (``inactive``)."""
        inactive = _inactive_account(credentials)
        if inactive is None:
            user = super().authenticate(request, **credentials)
            # Deactivated between the look-up and the password check: refused all the same.
            return user if user is None or user.is_active else None
        self.pre_authenticate(request, **credentials)  # counted, and never given back
        _check_password_as_the_backends_do(inactive, credentials.get("password"))
        from infoshare.accounts.auth_events import sign_in_failed

        sign_in_failed(credentials, inactive=True)
        self.authentication_failed(request, **credentials)
        return None

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """allauth asks for the password again before a sensitive step (setting up an
        authenticator app, making an API token, new recovery codes) unless the person
        confirmed it in the last few minutes, and counts only confirmations, not signing
        in. One exception: someone with no authenticator yet, setting theirs up, who signed
        in within that time (a new member of staff, straight from their invitation) is not
        asked again. allauth records how and when in the session (``record_authentication``;
        the invitation page records it too when it signs a new person in). Every other step
        still asks: an API token outlives the session."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        return not (
            _setting_up_first_authenticator(self.request) and signed_in_recently(self.request)
        )

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

    def get_reset_password_from_key_url(self, key: str) -> str:
        """The password reset link, on ``SITE_URL`` (``on_site``), never on the address
        the request came to: behind a proxy, or with a forged Host header, allauth's
        own would send the person's one-time key to wherever the Host header said."""
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return on_site(path.replace("UID-KEY", quote(key)))

    def get_email_confirmation_url(self, request: Any, emailconfirmation: Any) -> str:
        """The link to confirm an email address, on ``SITE_URL`` as a reset link is."""
        return on_site(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """allauth's emails (a password reset link, an address to confirm): when the mail
        server cannot be reached or refuses the message, the page goes on as if it had
        been sent instead of failing with an error page. A password reset says "we have
        sent you an email" for an address with no account too, so answering the same
        tells nobody anything. The failure is logged naming the email's kind and the
        person's id only: never the address, nor the link with its key.

        Every link allauth gives an email (``..._url``) and the site it names
        (``current_site``) are on ``SITE_URL``, as the service's other emails' links are,
        not on the address the request came to."""
        context = {
            **context,
            **{
                name: on_site(value)
                for name, value in context.items()
                if name.endswith("_url") and isinstance(value, str) and value
            },
            "current_site": _Site(),
        }
        try:
            super().send_mail(template_prefix, email, context)
        except OSError as error:  # smtplib's errors are OSErrors too
            user = context.get("user")
            logger.warning(
                "The %s email to person %s was not sent (%s)",
                template_prefix.rsplit("/", 1)[-1],
                getattr(user, "pk", None) or "without an account",
                type(error).__name__,
            )

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


def _inactive_account(credentials: dict[str, Any]) -> Any:
    """The account the sign-in names when it is deactivated (None when it is not, or when
    no account has that email address): found as allauth's backend finds it."""
    from allauth.account.internal.userkit import filter_users_by_email

    email = str(credentials.get("email") or credentials.get("username") or "").strip()
    if not email or not credentials.get("password"):
        return None
    users = filter_users_by_email(email, for_login=True)
    if users and not any(user.is_active for user in users):
        return users[0]
    return None


def _check_password_as_the_backends_do(user: Any, password: Any) -> None:
    """The work of a refused password: Django's backend and allauth's each check it once.
    The result is not used (a deactivated account is refused whatever the password), and
    nothing is saved (no upgrade of the stored hash)."""
    from django.contrib.auth.hashers import check_password

    for _ in range(2):
        check_password(str(password or ""), user.password)


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


#: The pages of a first two-factor set-up: the authenticator app, then the recovery codes
#: it makes, which the person is shown (and may download) straight after.
FIRST_SETUP_PAGES = ("mfa_activate_totp", "mfa_view_recovery_codes", "mfa_download_recovery_codes")


def _setting_up_first_authenticator(request: Any) -> bool:
    """On a page of the first set-up, by someone who had no authenticator until the last
    few minutes (``ACCOUNT_REAUTHENTICATION_TIMEOUT``): none yet, or only ones just made."""
    import datetime as dt

    from allauth.account import app_settings
    from allauth.mfa.models import Authenticator
    from django.urls import reverse
    from django.utils import timezone

    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return False
    if request.path not in {reverse(name) for name in FIRST_SETUP_PAGES}:
        return False
    just_now = timezone.now() - dt.timedelta(seconds=app_settings.REAUTHENTICATION_TIMEOUT)
    return not Authenticator.objects.filter(user=user, created_at__lt=just_now).exists()


def signed_in_recently(request: Any) -> bool:
    """True when the signed-in person's session records a sign-in (by a method allauth
    accepts for confirming it is them) within ``ACCOUNT_REAUTHENTICATION_TIMEOUT``."""
    from allauth.account import app_settings
    from allauth.account.internal.flows.login import get_authentication_records

    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return False
    records = [
        record
        for record in get_authentication_records(request, user)
        if record.get("method") in app_settings.REAUTHENTICATION_METHODS
    ]
    if not records:
        return False
    at = records[-1].get("at")
    return isinstance(at, int | float) and time.time() - at < app_settings.REAUTHENTICATION_TIMEOUT
