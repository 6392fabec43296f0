"""What a person does with their own account."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.utils import timezone

from infoshare.accounts.audit import Action
from infoshare.accounts.models import (
    DEFAULT_TOKEN_LIFETIME_DAYS,
    TOKEN_LIFETIME_DAYS,
    ApiToken,
    TokenAccess,
    User,
)
from infoshare.accounts.tokens import digest_of, new_secret
from infoshare.audit.services import for_change, lock_chain, record
from infoshare.core.errors import DomainError, NotFound
from infoshare.core.text import control_problem

MAX_ACTIVE_TOKENS = 10


class RevokeReason(StrEnum):
    """Why all of a person's tokens were revoked at once (kept in the audit event)."""

    SIGNED_OUT_EVERYWHERE = "signed_out_everywhere"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 - a reason, not a password
    PASSWORD_RESET = "password_reset"  # noqa: S105
    DEACTIVATED = "deactivated"
    #: Two-factor authentication reset by an administrator.
    TWO_FACTOR_RESET = "two_factor_reset"


def create_api_token(
    *,
    actor: User,
    name: str,
    days: int = DEFAULT_TOKEN_LIFETIME_DAYS,
    access: str = TokenAccess.FULL,
) -> tuple[ApiToken, str]:
    """Returns the token and its secret; the secret is never stored or shown again.

    A token lasts 30, 60 or 90 days: a leaked token that nobody remembers to revoke
    stops working on its own. ``access`` is read only or full: the tokens page asks, with
    read only chosen unless the person picks full access; code that makes a token must
    say, or gets full access as every token had before the choice existed."""
    name = name.strip()
    if not name:
        raise DomainError("name_required", "Enter a name for the token", field="name")
    problem = control_problem(name, label="Name", one_line=True)
    if problem:
        raise DomainError("control_characters", problem, field="name")
    if days not in TOKEN_LIFETIME_DAYS:
        raise DomainError(
            "expiry_required", "Select how long the token will last", field="expires_in"
        )
    if access not in TokenAccess.values:
        raise DomainError("access_required", "Select what the token can do", field="access")
    with transaction.atomic():
        now = timezone.now()
        active = ApiToken.objects.filter(
            user=actor, revoked_at__isnull=True, expires_at__gt=now
        ).count()
        if active >= MAX_ACTIVE_TOKENS:
            raise DomainError(
                "too_many_tokens",
                f"You can have at most {MAX_ACTIVE_TOKENS} tokens. Revoke one first",
                field="name",
            )
        secret = new_secret()
        token = ApiToken.objects.create(
            user=actor,
            name=name[:80],
            prefix=secret[:12],
            digest=digest_of(secret),
            created_at=now,
            expires_at=now + timedelta(days=days),
            access=access,
        )
        record(
            action=Action.TOKEN_CREATED,
            actor=actor,
            obj=token,
            data={
                "name": token.name,
                "expires_at": token.expires_at.isoformat(),
                "access": token.access,
            },
        )
    return token, secret


def revoke_api_token(*, actor: User, token_id: int) -> ApiToken:
    with transaction.atomic():
        token = for_change(ApiToken.objects).filter(pk=token_id, user=actor).first()
        if token is None:
            raise NotFound("Token not found")
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            record(action=Action.TOKEN_REVOKED, actor=actor, obj=token)
    return token


def revoke_all_api_tokens(
    *,
    actor: Any,
    person: User,
    reason: RevokeReason,
    organisation_id: int | None = None,
) -> int:
    """Revokes every token of ``person`` that is not revoked yet, and audits it when
    there were any. ``actor`` is whoever caused it (the person, or an administrator who
    deactivated them). Call it inside the transaction of the change that causes it."""
    with transaction.atomic():
        ids = list(
            for_change(ApiToken.objects)
            .filter(user=person, revoked_at__isnull=True)
            .values_list("pk", flat=True)
        )
        if ids:
            ApiToken.objects.filter(pk__in=ids).update(revoked_at=timezone.now())
            record(
                action=Action.ALL_TOKENS_REVOKED,
                actor=actor,
                organisation_id=organisation_id,
                obj=person,
                data={"reason": str(reason), "tokens": ids},
            )
    return len(ids)


def set_password(*, actor: User, password: str, reason: RevokeReason) -> None:
    """A new password (changed when signed in, or reset by email) also revokes every API
    token: whoever knew the old password may have made one."""
    with transaction.atomic():
        lock_chain()  # the lock order (docs/architecture.md): the chain, then the rows
        actor.set_password(password)
        actor.save(update_fields=["password"])
        revoke_all_api_tokens(actor=actor, person=actor, reason=reason)


def end_sessions(person: User) -> int:
    """Ends every session of the person, on every device; returns how many there were."""
    from allauth.usersessions.models import UserSession

    sessions = list(UserSession.objects.filter(user=person))
    for session in sessions:
        session.end()
    return len(sessions)


def sign_out_everywhere(*, actor: User) -> int:
    """Ends every session of the person, on every device, including this one, and revokes
    their API tokens (someone else may have used the account to make one)."""
    with transaction.atomic():
        lock_chain()  # the lock order (docs/architecture.md): the chain, then the rows
        sessions = end_sessions(actor)
        tokens = revoke_all_api_tokens(
            actor=actor, person=actor, reason=RevokeReason.SIGNED_OUT_EVERYWHERE
        )
        record(
            action=Action.SIGNED_OUT_EVERYWHERE,
            actor=actor,
            obj=actor,
            data={"sessions": sessions, "tokens": tokens},
        )
    return sessions
