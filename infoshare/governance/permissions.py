"""Who may do what in governance, as named functions over the person's memberships.

Built on ``core.access.memberships_of`` so pages, API and services ask the same
question the access registry asks."""

from __future__ import annotations

from infoshare.core.access import memberships_of
from infoshare.core.roles import PARTNERSHIP_ROLES, Role

#: Roles that may write organisation-level policies (product.md: senior leads champion
#: the position; advisors own and keep guidance and policies current).
POLICY_EDITOR_ROLES = frozenset({Role.SENIOR_LEAD, Role.ADVISOR})
ADOPTION_ROLES = frozenset({Role.SENIOR_LEAD, Role.ORG_ADMIN})


def organisation_ids(user: object) -> set[int]:
    """Organisations where the person holds any active role."""
    return {org for _, org, _ in memberships_of(user)}


def partnership_ids(user: object) -> set[int]:
    return {partnership for _, _, partnership in memberships_of(user)}


def roles_in_organisation(user: object, organisation_id: int) -> set[str]:
    return {role for role, org, _ in memberships_of(user) if org == organisation_id}


def partnerships_where(user: object, *roles: str) -> set[int]:
    return {partnership for role, _, partnership in memberships_of(user) if role in roles}


def organisations_where(user: object, *roles: str) -> set[int]:
    return {org for role, org, _ in memberships_of(user) if role in roles}


def has_partnership_wide_role(user: object, partnership_id: int) -> bool:
    return any(
        role in PARTNERSHIP_ROLES and partnership == partnership_id
        for role, _, partnership in memberships_of(user)
    )


def can_manage_policy(
    user: object, *, level: str, organisation_id: int | None, partnership_id: int
) -> bool:
    """Organisation level: a senior lead or advisor of that organisation.
    Partnership level: a partnership administrator of that partnership."""
    if level == "partnership":
        return partnership_id in partnerships_where(user, Role.PARTNERSHIP_ADMIN)
    if organisation_id is None:
        return False
    return bool(roles_in_organisation(user, organisation_id) & POLICY_EDITOR_ROLES)


def can_record_adoption(user: object, organisation_id: int) -> bool:
    return bool(roles_in_organisation(user, organisation_id) & ADOPTION_ROLES)
