"""Reads of a person's own account data."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from infoshare.accounts.models import ApiToken, User

#: How many revoked or expired tokens the tokens page shows, newest first.
TOKEN_HISTORY_SHOWN = 10


@dataclass(frozen=True)
class TokenList:
    """A person's tokens for the tokens page: every token still in use (at most
    ``services.MAX_ACTIVE_TOKENS``), then the newest revoked or expired ones, and how many
    older revoked or expired ones are left out."""

    active: list[ApiToken]
    history: list[ApiToken]
    older: int


def tokens_of(person: User, *, history_shown: int = TOKEN_HISTORY_SHOWN) -> TokenList:
    """Two queries, and a count only when there is more history than is shown."""
    now = timezone.now()
    in_use = Q(revoked_at__isnull=True, expires_at__gt=now)
    mine = ApiToken.objects.filter(user=person).order_by("-created_at", "-pk")
    active = list(mine.filter(in_use))
    ended = mine.exclude(in_use)
    history = list(ended[: history_shown + 1])
    older = 0
    if len(history) > history_shown:
        history = history[:history_shown]
        older = ended.count() - history_shown
    return TokenList(active=active, history=history, older=older)
