"""Who may do what with an agreement: named functions, used by services, selectors
and templates alike.

- Everyone with a role in the partnership reads the register (it is transparency).
- A senior lead or advisor of the lead organisation, the owner, or a partnership
  admin of the partnership manages an agreement (drafts, parties, versions, documents).
- Only the named signatory of a party signs for it; the owner records the signature
  of an external party.

Who may be named to sign for an organisation: product.md lists "signatories" among what
the register records and does not limit who they are. The people who speak for an
organisation in the service are its senior leads and information sharing advisors
(who own agreements), and its organisation administrator, who appoints those roles and
is often the only such person at a small organisation (a school office, a surgery).
Leaving the administrator out would only make them give themselves another role first.
"""

from __future__ import annotations

from typing import Any

from infoshare.core.access import memberships_of
from infoshare.core.roles import Role

#: Roles that may create and manage agreements for their own organisation, and sign.
MANAGING_ROLES: frozenset[str] = frozenset({Role.SENIOR_LEAD, Role.ADVISOR})
SIGNATORY_ROLES: frozenset[str] = frozenset({Role.SENIOR_LEAD, Role.ADVISOR, Role.ORG_ADMIN})
#: The same, as a page says it.
SIGNATORY_ROLES_TEXT = "a senior lead, information sharing advisor or organisation administrator"


def partnership_ids_of(user: Any) -> set[int]:
    return {partnership for _, _, partnership in memberships_of(user)}


def managed_organisation_ids(user: Any) -> set[int]:
    """Organisations for which the person may create agreements (not partnership-wide)."""
    return {org for role, org, _ in memberships_of(user) if role in MANAGING_ROLES}


def is_partnership_admin(user: Any, partnership_id: int) -> bool:
    return any(
        role == Role.PARTNERSHIP_ADMIN and partnership == partnership_id
        for role, _, partnership in memberships_of(user)
    )


def can_create_in(user: Any, partnership_id: int) -> bool:
    return is_partnership_admin(user, partnership_id) or any(
        role in MANAGING_ROLES and partnership == partnership_id
        for role, _, partnership in memberships_of(user)
    )


def can_lead_for(user: Any, organisation_id: int, partnership_id: int) -> bool:
    return organisation_id in managed_organisation_ids(user) or is_partnership_admin(
        user, partnership_id
    )


def can_manage(user: Any, agreement: Any) -> bool:
    if getattr(user, "pk", None) is None:
        return False
    if agreement.owner_id == user.pk:
        return True
    if is_partnership_admin(user, agreement.partnership_id):
        return True
    return agreement.lead_organisation_id in managed_organisation_ids(user)


def can_sign_for_organisation(user: Any, organisation_id: int) -> bool:
    """A senior lead, advisor or organisation administrator of that organisation (the
    people who may be named as the signatory of its party)."""
    return any(
        role in SIGNATORY_ROLES and org == organisation_id for role, org, _ in memberships_of(user)
    )
