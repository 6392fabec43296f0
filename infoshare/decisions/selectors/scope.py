"""Which organisations a user works in, by role (from the access registry)."""

from __future__ import annotations

from typing import Any

from infoshare.core.access import memberships_of
from infoshare.core.roles import Role

#: Roles that record decisions and work with the people they are about.
RECORDING_ROLES = frozenset({Role.PRACTITIONER, Role.MANAGER, Role.ADVISOR, Role.SENIOR_LEAD})
#: Roles that oversee an organisation's records.
OVERSIGHT_ROLES = frozenset({Role.MANAGER, Role.ADVISOR, Role.SENIOR_LEAD})


def orgs_where(user: Any, roles: frozenset[str]) -> set[int]:
    return {org for role, org, _ in memberships_of(user) if role in roles}


def partnerships_of(user: Any) -> set[int]:
    """The partnerships of every organisation the user works in."""
    return {partnership for _, _, partnership in memberships_of(user)}


def recipient_orgs(user: Any) -> set[int]:
    """Every organisation the user works in: its staff see records shared with it."""
    return {org for _, org, _ in memberships_of(user)}


def recording_org_for(user: Any) -> int | None:
    """The organisation a new record belongs to: the first where the user may record."""
    orgs = sorted(orgs_where(user, RECORDING_ROLES))
    return orgs[0] if orgs else None
