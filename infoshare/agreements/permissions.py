"""Who may do what with an agreement: named functions, used by services, selectors
and templates alike.

- Everyone with a role in the partnership reads the register (it is transparency).
- A senior lead or advisor of the lead organisation, the owner, or a partnership
  admin of the partnership manages an agreement (drafts, parties, versions, documents).
  The owner counts as its owner only while they still hold one of those roles in the
  lead organisation: someone who has moved on keeps no control of what they owned there
  (the agreement still names them as its owner, and the lead organisation's senior
  leads and advisors manage it).
- Only the named signatory of a party signs for it; the owner records the signature
  of an external party.

Who may be named to sign for an organisation: its senior leads and information sharing
advisors, the people who own its agreements and may bind it to one. Its organisation
administrator is not one of them: that role manages staff, teams and roles only
(product.md), and partnerships.services.rules.own_roles_refusal stops an administrator
giving themselves another role. An organisation with nobody who can sign needs someone
given the senior lead or advisor role first (the party's signatory page says so).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from infoshare.core.access import memberships_of
from infoshare.core.roles import Role

#: Roles that may create and manage agreements for their own organisation, and sign.
MANAGING_ROLES: frozenset[str] = frozenset({Role.SENIOR_LEAD, Role.ADVISOR})
SIGNATORY_ROLES: frozenset[str] = frozenset({Role.SENIOR_LEAD, Role.ADVISOR})
#: The same, as a page says it.
SIGNATORY_ROLES_TEXT = "a senior lead or information sharing advisor"


def partnership_ids_of(user: Any) -> set[int]:
    return {partnership for _, _, partnership in memberships_of(user)}


def managed_organisation_ids(user: Any) -> set[int]:
    """Organisations for which the person may create agreements (not partnership-wide)."""
    return {org for role, org, _ in memberships_of(user) if role in MANAGING_ROLES}


def admin_partnership_ids(user: Any) -> set[int]:
    return {
        partnership
        for role, _, partnership in memberships_of(user)
        if role == Role.PARTNERSHIP_ADMIN
    }


def is_partnership_admin(user: Any, partnership_id: int) -> bool:
    return partnership_id in admin_partnership_ids(user)


def can_create_in(user: Any, partnership_id: int) -> bool:
    return is_partnership_admin(user, partnership_id) or any(
        role in MANAGING_ROLES and partnership == partnership_id
        for role, _, partnership in memberships_of(user)
    )


def can_lead_for(user: Any, organisation_id: int, partnership_id: int) -> bool:
    return organisation_id in managed_organisation_ids(user) or is_partnership_admin(
        user, partnership_id
    )


def is_current_owner(user: Any, agreement: Any) -> bool:
    """The agreement's owner, while they still hold a managing role in its lead
    organisation; once they have left it (or their role there has ended), they are its
    owner in name only."""
    if getattr(user, "pk", None) is None or agreement.owner_id != user.pk:
        return False
    return agreement.lead_organisation_id in managed_organisation_ids(user)


def owned_by(user: Any) -> Q:
    """The agreements the user owns and may still manage (a filter on Agreement): those
    whose lead organisation they still hold a managing role in, or of a partnership they
    administer. What someone owned in an organisation they have left is not theirs."""
    return Q(owner_id=getattr(user, "pk", None)) & (
        Q(lead_organisation_id__in=managed_organisation_ids(user))
        | Q(partnership_id__in=admin_partnership_ids(user))
    )


def can_manage(user: Any, agreement: Any) -> bool:
    if getattr(user, "pk", None) is None:
        return False
    if is_current_owner(user, agreement):
        return True
    if is_partnership_admin(user, agreement.partnership_id):
        return True
    return agreement.lead_organisation_id in managed_organisation_ids(user)


def can_sign_for_organisation(user: Any, organisation_id: int) -> bool:
    """A senior lead or advisor of that organisation (the people who may be named as the
    signatory of its party)."""
    return any(
        role in SIGNATORY_ROLES and org == organisation_id for role, org, _ in memberships_of(user)
    )


def may_sign_for(user: Any, agreement: Any, party: Any) -> bool:
    """Whether ``user`` signs (or refuses) for ``party``: its named signatory, while they
    may still sign for its organisation; for an external party, a manager of the
    agreement, who records that party's signature."""
    if party.is_external:
        return can_manage(user, agreement)
    return party.signatory_id == user.pk and can_sign_for_organisation(user, party.organisation_id)
