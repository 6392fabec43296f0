"""Which organisations a user works in, by role (from the access registry)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from infoshare.core.access import memberships_of
from infoshare.core.roles import Role

#: Roles that record decisions and work with the people they are about.
RECORDING_ROLES = frozenset({Role.PRACTITIONER, Role.MANAGER, Role.ADVISOR, Role.SENIOR_LEAD})
#: Roles that oversee an organisation's records.
OVERSIGHT_ROLES = frozenset({Role.MANAGER, Role.ADVISOR, Role.SENIOR_LEAD})


def orgs_where(user: Any, roles: frozenset[str]) -> set[int]:
    return {org for role, org, _ in memberships_of(user) if role in roles}


def manages(user: Any, organisation_id: int) -> bool:
    """Whether the user is a manager in the organisation."""
    return organisation_id in orgs_where(user, frozenset({Role.MANAGER}))


def partnerships_of(user: Any) -> set[int]:
    """The partnerships of every organisation the user works in."""
    return {partnership for _, _, partnership in memberships_of(user)}


def recipient_orgs(user: Any) -> set[int]:
    """The organisations whose records shared with them the user may see: those where
    they work with children and families (a recording role). An organisation's
    administrators, board members and auditors hold no such role, and see none
    (least privilege, product principle 5)."""
    return orgs_where(user, RECORDING_ROLES)


def recording_org_for(user: Any) -> int | None:
    """The organisation a new record belongs to: the first where the user may record."""
    orgs = sorted(orgs_where(user, RECORDING_ROLES))
    return orgs[0] if orgs else None


def authored_by(user: Any) -> Q:
    """What the user wrote, in the organisations where they still hold a recording role:
    someone who has left an organisation no longer reads, resumes or amends what they
    wrote there."""
    return Q(author_id=user.pk, organisation_id__in=orgs_where(user, RECORDING_ROLES))
