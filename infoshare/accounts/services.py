"""What a person does with their own account."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from infoshare.accounts.audit import Action
from infoshare.accounts.models import ApiToken, User
from infoshare.accounts.tokens import digest_of, new_secret
from infoshare.audit.services import record
from infoshare.core.errors import DomainError, NotFound

MAX_ACTIVE_TOKENS = 10


def create_api_token(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """Returns the token and its secret; the secret is never stored or shown again."""
    name = name.strip()
    if not name:
        raise DomainError("name_required", "Enter a name for the token", field="name")
    with transaction.atomic():
        active = ApiToken.objects.filter(user=actor, revoked_at__isnull=True).count()
        if active >= MAX_ACTIVE_TOKENS:
            raise DomainError(
                "too_many_tokens",
                f"You can have at most {MAX_ACTIVE_TOKENS} tokens. Revoke one first",
                field="name",
            )
        secret = new_secret()
        token = ApiToken.objects.create(
            user=actor, name=name[:80], prefix=secret[:12], digest=digest_of(secret)
        )
        record(action=Action.TOKEN_CREATED, actor=actor, obj=token, data={"name": token.name})
    return token, secret


def revoke_api_token(*, actor: User, token_id: int) -> ApiToken:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id, user=actor).first()
        if token is None:
            raise NotFound("Token not found")
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            record(action=Action.TOKEN_REVOKED, actor=actor, obj=token)
    return token


def sign_out_everywhere(*, actor: User) -> int:
    """Ends every session of the person, on every device, including this one."""
    from allauth.usersessions.models import UserSession

    with transaction.atomic():
        sessions = list(UserSession.objects.filter(user=actor))
        for session in sessions:
            session.end()
        record(
            action=Action.SIGNED_OUT_EVERYWHERE,
            actor=actor,
            obj=actor,
            data={"sessions": len(sessions)},
        )
    return len(sessions)
