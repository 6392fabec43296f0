"""Scoped reads of organisations, teams and staff. Each takes the person asking and
gives `NotFound` for both "missing" and "not yours"."""

from __future__ import annotations

import hashlib
from typing import Any

from allauth.mfa.models import Authenticator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from infoshare.accounts.models import User
from infoshare.core.access import memberships_of
from infoshare.core.errors import NotFound
from infoshare.core.roles import ALL_ROLES, PARTNERSHIP_ROLES, Role
from infoshare.partnerships.models import (
    Invitation,
    Membership,
    Organisation,
    Partnership,
    StaffImport,
    Team,
)

#: Who may see an organisation's staff list (product.md: people who manage or advise staff).
STAFF_VIEWER_ROLES: frozenset[str] = frozenset(
    {Role.ORG_ADMIN, Role.SENIOR_LEAD, Role.MANAGER, Role.ADVISOR, Role.PARTNERSHIP_ADMIN}
)
#: Who may change an organisation's staff: its administrator, or the partnership's.
STAFF_ADMIN_ROLES: frozenset[str] = frozenset({Role.ORG_ADMIN, Role.PARTNERSHIP_ADMIN})


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _holds(user: Any, roles: frozenset[str], org: Organisation) -> bool:
    return holds_in(user, roles, org.pk, org.partnership_id)


def holds_in(user: Any, roles: frozenset[str], org_id: int, partnership_id: int) -> bool:
    """True when the person holds one of ``roles`` in the organisation ``org_id`` of the
    partnership ``partnership_id`` (partnership-wide roles count in every organisation of
    their partnership). From the person's roles, read once a request."""
    for role, held_org, held_partnership in memberships_of(user):
        if role not in roles:
            continue
        if held_org == org_id:
            return True
        if role in PARTNERSHIP_ROLES and held_partnership == partnership_id:
            return True
    return False


def partnerships_administered_by(user: Any) -> list[int]:
    return sorted({p for role, _, p in memberships_of(user) if role == Role.PARTNERSHIP_ADMIN})


def partnership_choices(user: Any) -> list[tuple[int, str]]:
    """The partnerships the person is an administrator of, by name (for the question
    asked of someone who administers more than one)."""
    ids = partnerships_administered_by(user)
    return list(Partnership.objects.filter(pk__in=ids).order_by("name").values_list("pk", "name"))


def is_partnership_admin_for(user: Any, org: Organisation) -> bool:
    return _holds(user, frozenset({Role.PARTNERSHIP_ADMIN}), org)


def can_see_staff(user: Any, org: Organisation) -> bool:
    return _holds(user, STAFF_VIEWER_ROLES, org)


def can_manage_staff(user: Any, org: Organisation) -> bool:
    return _holds(user, STAFF_ADMIN_ROLES, org)


def _current_filter(prefix: str = "") -> Q:
    today = timezone.localdate()
    return Q(**{f"{prefix}starts_on__lte": today}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gt": today})
    )


def organisations_visible_to(user: Any) -> QuerySet[Organisation]:
    """Partnership-wide roles see every organisation of their partnership; everyone
    else sees the organisations they belong to. Each carries ``staff_count``."""
    held = memberships_of(user)
    partnerships = {p for role, _, p in held if role in PARTNERSHIP_ROLES}
    own = {org for _, org, _ in held}
    staff = _current_filter("memberships__") & Q(memberships__person__is_active=True)
    return (
        Organisation.objects.filter(Q(partnership_id__in=partnerships) | Q(pk__in=own))
        .annotate(staff_count=Count("memberships__person", filter=staff, distinct=True))
        .order_by("name")
    )


def organisations_listed_for(user: Any) -> QuerySet[Organisation]:
    """The organisations the API lists (``GET /api/v1/organisations``): those the person
    can see (``organisations_visible_to``: every one of the partnership, inactive ones
    too, for partnership-wide roles; their own for everyone), and every active
    organisation of a partnership where they hold any role. Those are the organisations
    they may choose as a record's recipient, as the recipient page offers them (the
    active organisations of the record's partnership); never another partnership's.
    Each carries ``staff_count``; ``sees_details`` says whose the person may open."""
    held = memberships_of(user)
    wide = {p for role, _, p in held if role in PARTNERSHIP_ROLES}
    member_of = {p for _, _, p in held}
    own = {org for _, org, _ in held}
    staff = _current_filter("memberships__") & Q(memberships__person__is_active=True)
    return (
        Organisation.objects.filter(
            Q(partnership_id__in=wide)
            | Q(pk__in=own)
            | Q(partnership_id__in=member_of, is_active=True)
        )
        .annotate(staff_count=Count("memberships__person", filter=staff, distinct=True))
        .order_by("name", "pk")
    )


def sees_details(user: Any, org: Organisation) -> bool:
    """Whether the person may open the organisation (its page, its detail in the API, its
    staff count): a role in it, or a partnership-wide role in its partnership, as
    ``organisations_visible_to`` and the access rule of its page decide."""
    return _holds(user, ALL_ROLES, org)


def get_organisation_for(user: Any, org_id: int) -> Organisation:
    org = organisations_visible_to(user).filter(pk=org_id).first()
    if org is None:
        raise NotFound("Organisation not found")
    return org


def teams_of(org: Organisation) -> QuerySet[Team]:
    """The organisation's teams, each with ``member_count`` (people with a current role)."""
    current = _current_filter("memberships__") & Q(memberships__person__is_active=True)
    return org.teams.annotate(
        member_count=Count("memberships__person", filter=current, distinct=True)
    ).order_by("name")


def role_counts(org: Organisation) -> list[dict[str, Any]]:
    """How many people hold each role in the organisation today."""
    rows = (
        Membership.objects.active()
        .filter(organisation=org)
        .values("role")
        .annotate(count=Count("person", distinct=True))
        .order_by("role")
    )
    labels = dict(Role.choices)
    return [{"role": labels.get(r["role"], r["role"]), "count": r["count"]} for r in rows]


def _pending_invitations(org_ref: Any) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        organisation=org_ref, used_at__isnull=True, expires_at__gt=timezone.now()
    )


def staff_of(user: Any, org: Organisation, q: str = "") -> QuerySet[User]:
    """People with a current role in ``org``, searchable by name or email.

    Each person carries ``org_memberships`` (their current roles there, with team),
    ``has_mfa``, ``invitation_pending`` and ``partnership_wide`` (a current partnership-wide
    role anywhere); the query count does not grow with staff."""
    if not can_see_staff(user, org):
        raise NotFound("Organisation not found")
    current = Membership.objects.active().filter(organisation=org)
    people = User.objects.filter(pk__in=current.values("person_id"))
    q = q.strip()
    if q:
        people = people.filter(Q(full_name__icontains=q) | Q(email__icontains=q))
    return (
        people.annotate(
            has_mfa=Exists(
                Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
            ),
            invitation_pending=Exists(_pending_invitations(org).filter(person=OuterRef("pk"))),
            partnership_wide=Exists(
                Membership.objects.active().filter(
                    person=OuterRef("pk"), role__in=PARTNERSHIP_ROLES
                )
            ),
        )
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=current.select_related("team").order_by("role"),
                to_attr="org_memberships",
            )
        )
        .order_by("full_name", "email")
    )


def memberships_in(user: Any, org: Organisation) -> QuerySet[Membership]:
    """Current memberships of ``org`` with person and team joined (for the API)."""
    if not can_see_staff(user, org):
        raise NotFound("Organisation not found")
    return (
        Membership.objects.active()
        .filter(organisation=org)
        .select_related("person", "team")
        .order_by("person__full_name", "person__email", "role", "pk")
    )


def get_membership_for(user: Any, org: Organisation, membership_id: int) -> Membership:
    """A current membership of ``org`` that ``user`` may manage."""
    if not can_manage_staff(user, org):
        raise NotFound("Membership not found")
    membership = (
        Membership.objects.filter(_current_filter(), organisation=org, pk=membership_id)
        .select_related("person", "team", "organisation")
        .first()
    )
    if membership is None:
        raise NotFound("Membership not found")
    return membership


def holds_partnership_role(person_id: int) -> bool:
    """True when the person has a current partnership-wide role anywhere."""
    return (
        Membership.objects.active().filter(person_id=person_id, role__in=PARTNERSHIP_ROLES).exists()
    )


def has_two_factor(person_id: int) -> bool:
    """True when the person has set up any two-factor authentication."""
    return Authenticator.objects.filter(user_id=person_id).exists()


def live_invitation_exists(person_id: int, org: Organisation) -> bool:
    """True when an invitation link sent to the person for ``org`` still works (not used,
    replaced or expired: a replaced link is expired when it is replaced)."""
    return _pending_invitations(org).filter(person_id=person_id).exists()


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link points at, used or not (the page says which)."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("person", "organisation")
        .filter(digest=token_digest(token))
        .first()
    )


def pending_invitation_count(org: Organisation) -> int:
    return _pending_invitations(org).count()


def staff_without_mfa_count(org: Organisation) -> int:
    with_mfa = Authenticator.objects.filter(type=Authenticator.Type.TOTP).values("user_id")
    return (
        Membership.objects.active()
        .filter(organisation=org)
        .exclude(person_id__in=with_mfa)
        .values("person_id")
        .distinct()
        .count()
    )


def organisations_administered_by(user: Any) -> QuerySet[Organisation]:
    """Organisations where the person is the organisation administrator."""
    ids = {org for role, org, _ in memberships_of(user) if role == Role.ORG_ADMIN}
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def get_staff_import_for(user: Any, org: Organisation, import_id: int) -> StaffImport:
    if not can_manage_staff(user, org):
        raise NotFound("Import not found")
    found = StaffImport.objects.filter(organisation=org, pk=import_id).first()
    if found is None:
        raise NotFound("Import not found")
    return found
