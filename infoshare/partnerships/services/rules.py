"""Rules shared by the partnership services: who may do what, and fixed lock order."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Collection, Iterable
from typing import Any

from django.db.models import Q
from django.utils import timezone

from infoshare.accounts.models import User
from infoshare.audit.services import for_change
from infoshare.core.errors import DomainError
from infoshare.core.roles import PARTNERSHIP_ROLES, Role
from infoshare.partnerships import errors as msg
from infoshare.partnerships.models import (
    Invitation,
    Membership,
    Organisation,
)
from infoshare.partnerships.selectors import (
    STAFF_ADMIN_ROLES,
    can_manage_staff,
    holds_in,
    is_partnership_admin_for,
    token_digest,
)

INVITATION_DAYS = 7

#: The organisations where a person works, each as (organisation id, partnership id).
PersonOrganisations = Collection[tuple[int, int]]


class Forbidden(DomainError):
    status = 403


# --- rules ---------------------------------------------------------------------------


def grantable_roles(actor: Any, organisation: Organisation) -> frozenset[str]:
    """Least privilege: an organisation administrator gives organisation roles only;
    partnership-wide roles (board member, partnership admin, auditor) are given by a
    partnership administrator."""
    if is_partnership_admin_for(actor, organisation):
        return frozenset(Role.values)
    if can_manage_staff(actor, organisation):
        return frozenset(Role.values) - PARTNERSHIP_ROLES
    return frozenset()


def require_admin(actor: Any, organisation: Organisation) -> None:
    if not can_manage_staff(actor, organisation):
        raise Forbidden("forbidden", msg.NOT_AN_ADMIN)


def require_grantable(actor: Any, organisation: Organisation, role: str) -> None:
    if role not in Role.values:
        raise DomainError("unknown_role", "Select a role", field="role")
    if role not in grantable_roles(actor, organisation):
        raise Forbidden("role_not_grantable", msg.ROLE_NOT_GRANTABLE, field="role")


def own_roles_refusal(actor: Any, person_id: int | None, *, field: str) -> Forbidden | None:
    """Nobody gives themselves a role or changes their own: an organisation administrator
    could otherwise take a case-data role (advisor, manager) and read the organisation's
    decision records. Another administrator does it, and the audit shows who."""
    if person_id is not None and person_id == getattr(actor, "pk", None):
        return Forbidden("own_roles", msg.OWN_ROLES, field=field)
    return None


def change_refusal(actor: Any, organisation: Organisation, role: str) -> Forbidden | None:
    """Why ``actor`` may not change or remove someone's ``role`` in ``organisation`` (None
    when they may): staff administrators only, and a partnership-wide role (board member,
    partnership administrator, auditor) is changed or removed by a partnership
    administrator only, as only they give one. The staff list offers "Change role" and
    "Remove role" by this rule."""
    if not can_manage_staff(actor, organisation):
        return Forbidden("forbidden", msg.NOT_AN_ADMIN)
    if role in PARTNERSHIP_ROLES and not is_partnership_admin_for(actor, organisation):
        return Forbidden("role_not_changeable", msg.ROLE_NOT_CHANGEABLE, field="role")
    return None


def role_change_refusal(
    actor: Any, organisation: Organisation, membership: Membership
) -> Forbidden | None:
    """``change_refusal``, and nobody changes their own roles (``own_roles_refusal``)."""
    return change_refusal(actor, organisation, membership.role) or own_roles_refusal(
        actor, membership.person_id, field="role"
    )


def resend_refusal(
    actor: Any,
    organisation: Organisation,
    person: User,
    *,
    person_organisations: PersonOrganisations,
) -> DomainError | None:
    """Why ``actor`` may not send ``person`` a new invitation (None when they may): staff
    administrators only, and only to someone who has not set a password yet. The new link
    sets the password of the whole account and withdraws every link sent to them before,
    by any organisation: so it is sent only by someone who administers every organisation
    where they work (``person_organisations``; ``whole_account_refusal``)."""
    if not can_manage_staff(actor, organisation):
        return Forbidden("forbidden", msg.NOT_AN_ADMIN)
    if person.has_usable_password():
        return DomainError("already_accepted", msg.ALREADY_ACCEPTED)
    return whole_account_refusal(
        actor,
        organisation,
        person_organisations,
        code="invitation_other_organisation",
        other_organisation=msg.INVITATION_OTHER_ORGANISATION,
        other_partnership=msg.INVITATION_OTHER_PARTNERSHIP,
    )


def two_factor_reset_refusal(
    actor: Any,
    organisation: Organisation,
    person_id: int,
    *,
    partnership_wide: bool,
    has_two_factor: bool,
    person_organisations: PersonOrganisations,
) -> DomainError | None:
    """Why ``actor`` may not reset the two-factor authentication of the person
    ``person_id`` (None when they may): staff administrators only; nobody resets their own;
    the two-factor authentication of someone with a partnership-wide role anywhere
    (``partnership_wide``) is reset by a partnership administrator only; a reset ends the
    person's sessions and API tokens everywhere, so it is done only by someone who
    administers every organisation where they work (``person_organisations``: otherwise
    an administrator could add someone from another organisation to their own, reset their
    two-factor authentication, and sign in as them with a known password); and there must
    be something to reset."""
    if not can_manage_staff(actor, organisation):
        return Forbidden("forbidden", msg.NOT_AN_ADMIN)
    if person_id == getattr(actor, "pk", None):
        return Forbidden("own_two_factor", msg.OWN_TWO_FACTOR)
    if partnership_wide and not is_partnership_admin_for(actor, organisation):
        return Forbidden("two_factor_not_yours", msg.TWO_FACTOR_NOT_YOURS)
    refusal = whole_account_refusal(
        actor,
        organisation,
        person_organisations,
        code="two_factor_other_organisation",
        other_organisation=msg.TWO_FACTOR_OTHER_ORGANISATION,
        other_partnership=msg.TWO_FACTOR_OTHER_PARTNERSHIP,
    )
    if refusal is not None:
        return refusal
    if not has_two_factor:
        return DomainError("no_two_factor", msg.NO_TWO_FACTOR)
    return None


def administers(actor: Any, organisation_id: int, partnership_id: int) -> bool:
    """True when ``actor`` manages the staff of the organisation (``selectors.can_manage_staff``
    for an organisation known by its ids)."""
    return holds_in(actor, STAFF_ADMIN_ROLES, organisation_id, partnership_id)


def whole_account_refusal(
    actor: Any,
    organisation: Organisation,
    person_organisations: PersonOrganisations,
    *,
    code: str,
    other_organisation: str,
    other_partnership: str,
) -> Forbidden | None:
    """Why ``actor`` may not act on a person's whole account (their sign-in, two-factor
    authentication, sessions, API tokens, password), when they may act on the person's
    role in ``organisation``: they must administer every organisation where the person
    works (``person_organisations``, from ``organisations_of``). A person who also works
    for another organisation is that organisation's as well, so an administrator of one
    of them alone cannot take over their account; a partnership administrator of the
    partnership they work in can. Ending the role in ``organisation`` or changing it stays
    with its administrators."""
    if all(administers(actor, org_id, p_id) for org_id, p_id in person_organisations):
        return None
    # Refused to a partnership administrator of this organisation only when the person
    # also works in another partnership (an organisation administrator is pointed to the
    # partnership administrator, without being told about other partnerships).
    if is_partnership_admin_for(actor, organisation):
        return Forbidden(code, other_partnership)
    return Forbidden(code, other_organisation)


def not_ended() -> Q:
    """Memberships that have not ended: current ones, and ones that start later."""
    return Q(ends_on__isnull=True) | Q(ends_on__gt=timezone.localdate())


def organisations_of_people(
    person_ids: Iterable[int],
) -> dict[int, frozenset[tuple[int, int]]]:
    """For each person, the organisations where they hold a role that has not ended (one
    query, for a page of people): (organisation id, partnership id) pairs."""
    found: dict[int, set[tuple[int, int]]] = {}
    ids = sorted(set(person_ids))
    for person_id, org_id, partnership_id, _ in unended_roles(ids):
        found.setdefault(person_id, set()).add((org_id, partnership_id))
    return {person_id: frozenset(found.get(person_id, ())) for person_id in ids}


def unended_roles(person_ids: Iterable[int]) -> list[tuple[int, int, int, str]]:
    """The roles of these people that have not ended, in one query: (person id,
    organisation id, partnership id, organisation name)."""
    ids = sorted(set(person_ids))
    if not ids:
        return []
    return list(
        Membership.objects.filter(not_ended(), person_id__in=ids)
        .values_list(
            "person_id", "organisation_id", "organisation__partnership_id", "organisation__name"
        )
        .order_by()
    )


def organisations_of(person_id: int) -> frozenset[tuple[int, int]]:
    """The organisations where the person holds a role that has not ended."""
    return organisations_of_people([person_id])[person_id]


def may_add_existing_account(actor: Any, organisation: Organisation, person_id: int) -> bool:
    """One person, one account; but an account with no role, now or before, in this
    partnership belongs to someone an organisation administrator here cannot vouch for
    (another partnership's staff): only a partnership administrator attaches it."""
    if is_partnership_admin_for(actor, organisation):
        return True
    return Membership.objects.filter(
        person_id=person_id, organisation__partnership_id=organisation.partnership_id
    ).exists()


def ensure_another_org_admin(organisation: Organisation, membership: Membership) -> None:
    """An organisation always keeps at least one administrator."""
    others = (
        Membership.objects.active()
        .filter(organisation=organisation, role=Role.ORG_ADMIN)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise DomainError("last_org_admin", msg.LAST_ORG_ADMIN, field="role")


def lock_org(organisation: Organisation) -> Organisation:
    return for_change(Organisation.objects).get(pk=organisation.pk)


def end_date(membership: Membership) -> dt.date:
    return max(timezone.localdate(), membership.starts_on)


def new_invitation(person: User, organisation: Organisation, actor: Any) -> tuple[str, Invitation]:
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        person=person,
        organisation=organisation,
        digest=token_digest(token),
        invited_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=INVITATION_DAYS),
    )
    return token, invitation


def replace_invitation(
    person: User, organisation: Organisation, actor: Any
) -> tuple[str, Invitation, int]:
    """A new one-time link for the person (``new_invitation``), every link sent to them
    before that is still open withdrawn, marked as replaced so that its page sends them to
    the newer one; with how many were withdrawn."""
    now = timezone.now()
    withdrawn = Invitation.objects.filter(
        person=person, used_at__isnull=True, expires_at__gt=now
    ).update(expires_at=now, replaced_at=now)
    token, invitation = new_invitation(person, organisation, actor)
    return token, invitation, withdrawn
