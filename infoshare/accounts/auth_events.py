"""Audits sign-in events raised by Django and allauth.

These are the library's own hooks (its signals); domain effects in Infoshare are
never driven by signals (see docs/architecture.md)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import signals as auth_signals

from infoshare.accounts.audit import Action
from infoshare.audit.services import record


def _sign_in_methods(request: Any, user: Any) -> dict[str, Any]:
    """How the person signed in, from what allauth recorded in the session for each step
    (``record_authentication``): the methods in order ("password", "mfa",
    "socialaccount"), and which second factor ("totp" or "recovery_codes"). Empty when
    nothing was recorded (a new member of staff signed in by their invitation page)."""
    from allauth.account.authentication import get_authentication_records

    if request is None or not hasattr(request, "session"):
        return {}
    records = [r for r in get_authentication_records(request, user) if isinstance(r, dict)]
    methods = list(dict.fromkeys(str(r.get("method", "")) for r in records if r.get("method")))
    if not methods:
        return {}
    data: dict[str, Any] = {"methods": methods}
    second = [r.get("type") for r in records if r.get("method") == "mfa" and r.get("type")]
    if second:
        data["two_factor"] = str(second[-1])
    return data


def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(action=Action.SIGNED_IN, actor=user, obj=user, data=_sign_in_methods(request, user))


def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any
) -> None:
    sign_in_failed(credentials)


def sign_in_failed(credentials: dict[str, Any], **extra: Any) -> None:
    """A refused sign-in: the attempted email address as its label and data, and ``extra``
    (the adapter's ``inactive``, for the auditor only)."""
    attempted = str(credentials.get("email") or credentials.get("username") or "")[:254]
    record(action=Action.SIGN_IN_FAILED, actor_label=attempted, data={"email": attempted, **extra})


def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(action=Action.SIGNED_OUT, actor=user, obj=user)


def _password_changed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(action=Action.PASSWORD_CHANGED, actor=user, obj=user)


def _password_reset(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(action=Action.PASSWORD_RESET, actor=user, obj=user)


def _kind(authenticator: Any) -> str:
    return str(getattr(authenticator, "type", "") or "")


def _is_recovery_codes(authenticator: Any) -> bool:
    from allauth.mfa.models import Authenticator

    return _kind(authenticator) == Authenticator.Type.RECOVERY_CODES


def _mfa_activated(
    sender: Any, request: Any, user: Any, authenticator: Any = None, **kw: Any
) -> None:
    """An authenticator added: the app (or a security key), or the recovery codes made
    with the first one."""
    if _is_recovery_codes(authenticator):
        record(action=Action.RECOVERY_CODES_GENERATED, actor=user, obj=user)
    else:
        record(
            action=Action.MFA_ACTIVATED,
            actor=user,
            obj=user,
            data={"authenticator": _kind(authenticator)},
        )


def _mfa_deactivated(
    sender: Any, request: Any, user: Any, authenticator: Any = None, **kw: Any
) -> None:
    record(
        action=Action.MFA_DEACTIVATED,
        actor=user,
        obj=user,
        data={"authenticator": _kind(authenticator)},
    )


def _recovery_codes_regenerated(
    sender: Any, request: Any, user: Any, authenticator: Any = None, **kw: Any
) -> None:
    """New recovery codes replace the old ones (allauth's "authenticator reset")."""
    if _is_recovery_codes(authenticator):
        record(action=Action.RECOVERY_CODES_REGENERATED, actor=user, obj=user)


def _mfa_failed(sender: Any, request: Any, user: Any, authenticator: Any = None, **kw: Any) -> None:
    """A wrong second-factor code, after the right password (or when confirming who they
    are for a sensitive step): the code itself is never stored. Attempts refused by the
    rate limit before the code is checked are recorded by ``attempts_limited``."""
    record(
        action=Action.MFA_CODE_FAILED,
        actor=user,
        obj=user,
        data={
            "authenticator": _kind(authenticator),
            "reauthentication": bool(kw.get("reauthentication", False)),
        },
    )


def attempts_limited(user: Any, *, reauthentication: bool) -> None:
    """A second-factor attempt refused, unchecked, because there were too many wrong codes
    (allauth's rate limit; the forms in ``allauth_forms`` call this, as allauth sends no
    signal for it)."""
    record(
        action=Action.MFA_ATTEMPTS_LIMITED,
        actor=user,
        obj=user,
        data={"reauthentication": reauthentication},
    )


def _mfa_used(sender: Any, request: Any, user: Any, authenticator: Any = None, **kw: Any) -> None:
    """A recovery code used, to sign in or to confirm who they are (an app code is said
    by the sign-in event alone): with how many codes they have left."""
    from allauth.mfa.models import Authenticator

    if not _is_recovery_codes(authenticator):
        return
    # allauth marked the code used on a copy it read again: count from the stored row.
    stored = Authenticator.objects.filter(pk=authenticator.pk).first()
    record(
        action=Action.RECOVERY_CODE_USED,
        actor=user,
        obj=user,
        data={
            "reauthenticated": bool(kw.get("reauthenticated", False)),
            "unused_codes": len(stored.wrap().get_unused_codes()) if stored else 0,
        },
    )


def connect() -> None:
    from allauth.account import signals as account_signals
    from allauth.mfa import signals as mfa_signals

    auth_signals.user_logged_in.connect(_signed_in, dispatch_uid="audit_signed_in")
    auth_signals.user_login_failed.connect(_sign_in_failed, dispatch_uid="audit_sign_in_failed")
    auth_signals.user_logged_out.connect(_signed_out, dispatch_uid="audit_signed_out")
    account_signals.password_changed.connect(_password_changed, dispatch_uid="audit_pw_changed")
    account_signals.password_reset.connect(_password_reset, dispatch_uid="audit_pw_reset")
    mfa_signals.authenticator_added.connect(_mfa_activated, dispatch_uid="audit_mfa_added")
    mfa_signals.authenticator_removed.connect(_mfa_deactivated, dispatch_uid="audit_mfa_removed")
    mfa_signals.authenticator_reset.connect(
        _recovery_codes_regenerated, dispatch_uid="audit_mfa_reset"
    )
    mfa_signals.authentication_failed.connect(_mfa_failed, dispatch_uid="audit_mfa_failed")
    mfa_signals.authenticator_used.connect(_mfa_used, dispatch_uid="audit_mfa_used")
