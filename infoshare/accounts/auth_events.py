"""Audits sign-in events raised by Django and allauth.

These are the library's own hooks (its signals); domain effects in Infoshare are
never driven by signals (see docs/architecture.md)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import signals as auth_signals

from infoshare.accounts.audit import Action
from infoshare.audit.services import record


def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(action=Action.SIGNED_IN, actor=user, obj=user)


def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any
) -> None:
    attempted = str(credentials.get("email") or credentials.get("username") or "")[:254]
    record(action=Action.SIGN_IN_FAILED, actor_label=attempted, data={"email": attempted})


def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(action=Action.SIGNED_OUT, actor=user, obj=user)


def _password_changed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(action=Action.PASSWORD_CHANGED, actor=user, obj=user)


def _password_reset(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(action=Action.PASSWORD_RESET, actor=user, obj=user)


def _mfa_activated(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(action=Action.MFA_ACTIVATED, actor=user, obj=user)


def _mfa_deactivated(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(action=Action.MFA_DEACTIVATED, actor=user, obj=user)


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
