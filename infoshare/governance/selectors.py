"""Scoped reads for governance. "Missing" and "not yours" both raise NotFound."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from infoshare.core.errors import NotFound
from infoshare.core.roles import PARTNERSHIP_ROLES, Role
from infoshare.governance import permissions
from infoshare.governance.models import (
    Acknowledgement,
    CommonStandard,
    PlanPriority,
    Policy,
    PolicyLevel,
    PolicyStatus,
    PositionStatement,
    StandardAdoption,
    StandardStatus,
    StatementStatus,
)
from infoshare.partnerships.models import Membership, Organisation

_RELEASED = (PolicyStatus.PUBLISHED, PolicyStatus.RETIRED)


def get_organisation_for(user: Any, organisation_id: int) -> Organisation:
    """An organisation of the person's partnership(s)."""
    organisation = Organisation.objects.filter(
        pk=organisation_id, partnership_id__in=permissions.partnership_ids(user)
    ).first()
    if organisation is None:
        raise NotFound("Organisation not found")
    return organisation


# --- Position statements -------------------------------------------------------


def statements_of(organisation: Organisation) -> QuerySet[PositionStatement]:
    """Published, scheduled and superseded versions, newest first (position statements
    are public within the partnership)."""
    return (
        PositionStatement.objects.filter(organisation=organisation)
        .exclude(status=StatementStatus.DRAFT)
        .select_related("published_by")
        .order_by("-version")
    )


def in_force_on(day: dt.date) -> Q:
    """The condition for "the version of its organisation's statement in force on
    ``day``": a scheduled version whose effective date has come, else the published one.
    Worked out from the dates, so a scheduled version takes effect on its date without
    anyone doing anything (the stored statuses catch up at the next publication)."""
    taken_effect = PositionStatement.objects.filter(
        organisation_id=OuterRef("organisation_id"),
        status=StatementStatus.SCHEDULED,
        effective_date__lte=day,
    )
    return Q(status=StatementStatus.SCHEDULED, effective_date__lte=day) | (
        Q(status=StatementStatus.PUBLISHED) & ~Q(Exists(taken_effect))
    )


def today() -> dt.date:
    return timezone.localdate()


def current_statement_of(
    organisation: Organisation, *, day: dt.date | None = None
) -> PositionStatement | None:
    """The version in force today (or on ``day``)."""
    return (
        PositionStatement.objects.filter(organisation=organisation)
        .filter(in_force_on(day or today()))
        .first()
    )


def scheduled_statement_of(
    organisation: Organisation, *, day: dt.date | None = None
) -> PositionStatement | None:
    """The version published to take effect after today (or ``day``), if any."""
    return PositionStatement.objects.filter(
        organisation=organisation,
        status=StatementStatus.SCHEDULED,
        effective_date__gt=day or today(),
    ).first()


@dataclass(frozen=True)
class StatementVersion:
    statement: PositionStatement
    #: "current", "scheduled", "superseded" or "replaced" (never in force), on the day the
    #: page is shown.
    standing: str


def statement_versions(
    statements: list[PositionStatement], *, day: dt.date | None = None
) -> tuple[PositionStatement | None, PositionStatement | None, list[StatementVersion]]:
    """From one organisation's released versions (``statements_of``): the version in
    force on the day, the scheduled one, and each version with where it stands. The same
    rule as ``in_force_on``, applied to rows already read."""
    day = day or today()
    scheduled = next((s for s in statements if s.status == StatementStatus.SCHEDULED), None)
    published = next((s for s in statements if s.status == StatementStatus.PUBLISHED), None)
    current: PositionStatement | None
    if scheduled is not None and scheduled.effective_date <= day:
        current, scheduled = scheduled, None
    else:
        current = published
    versions = [
        StatementVersion(
            s,
            "current"
            if current is not None and s.pk == current.pk
            else "scheduled"
            if scheduled is not None and s.pk == scheduled.pk
            else "replaced"
            if s.status == StatementStatus.REPLACED
            else "superseded",
        )
        for s in statements
    ]
    return current, scheduled, versions


def has_acknowledged(
    user: Any, *, statement: PositionStatement | None = None, policy: Policy | None = None
) -> bool:
    if statement is not None:
        return Acknowledgement.objects.filter(
            person_id=user.pk, position_statement=statement
        ).exists()
    return Acknowledgement.objects.filter(person_id=user.pk, policy=policy).exists()


def statements_to_acknowledge_by(
    user: Any, *, day: dt.date | None = None
) -> QuerySet[PositionStatement]:
    """The statement in force today of each organisation where the person works, not yet
    read (a scheduled version is asked for from its effective date)."""
    acknowledged = Acknowledgement.objects.filter(
        person_id=user.pk, position_statement=OuterRef("pk")
    )
    return (
        PositionStatement.objects.filter(organisation_id__in=permissions.organisation_ids(user))
        .filter(in_force_on(day or today()))
        .exclude(Exists(acknowledged))
        .select_related("organisation")
        .order_by("organisation__name")
    )


# --- Policies ------------------------------------------------------------------


def policies_visible_to(user: Any) -> QuerySet[Policy]:
    """Published (and retired) policies that apply to the person: their organisations'
    and their partnership's; every organisation's for partnership-wide roles; plus the
    drafts the person may edit."""
    partnerships = permissions.partnership_ids(user)
    member_orgs = permissions.organisation_ids(user)
    wide = permissions.partnerships_where(user, *PARTNERSHIP_ROLES)
    editor_orgs = permissions.organisations_where(user, *permissions.POLICY_EDITOR_ROLES)
    admin_of = permissions.partnerships_where(user, Role.PARTNERSHIP_ADMIN)
    released = Q(status__in=_RELEASED)
    partnership_level = Q(level=PolicyLevel.PARTNERSHIP)
    org_level = Q(level=PolicyLevel.ORGANISATION)
    condition = (
        (partnership_level & Q(partnership_id__in=partnerships) & released)
        | (partnership_level & Q(partnership_id__in=admin_of))
        | (org_level & Q(organisation_id__in=member_orgs) & released)
        | (org_level & Q(partnership_id__in=wide) & released)
        | (org_level & Q(organisation_id__in=editor_orgs))
    )
    return Policy.objects.filter(condition).select_related("organisation", "owner")


def current_policies_visible_to(
    user: Any, *, level: str = "", title: str = "", organisation_id: int | None = None
) -> QuerySet[Policy]:
    """The list page: published versions and drafts, not retired ones; of one level, with
    every word of ``title`` in their title, or of one organisation, when asked."""
    policies = policies_visible_to(user).exclude(status=PolicyStatus.RETIRED)
    if level in PolicyLevel.values:
        policies = policies.filter(level=level)
    for word in title.split():
        policies = policies.filter(title__icontains=word)
    if organisation_id is not None:
        policies = policies.filter(organisation_id=organisation_id)
    return policies.order_by("level", "organisation__name", "title", "-version")


def policy_organisations_visible_to(user: Any) -> QuerySet[Organisation]:
    """The organisations whose own policies the person may see in the list
    (``policies_visible_to``): where they work, and every organisation of a partnership
    where they hold a partnership-wide role. By name."""
    wide = permissions.partnerships_where(user, *PARTNERSHIP_ROLES)
    return Organisation.objects.filter(
        Q(pk__in=permissions.organisation_ids(user)) | Q(partnership_id__in=wide)
    ).order_by("name")


def get_policy_for(user: Any, policy_id: int) -> Policy:
    policy = (
        policies_visible_to(user)
        .select_related("previous", "published_by")
        .filter(pk=policy_id)
        .first()
    )
    if policy is None:
        raise NotFound("Policy not found")
    return policy


def policy_history(user: Any, policy: Policy) -> list[Policy]:
    """Every version of the policy that ``user`` may open (``policies_visible_to``, the
    rule of the version's own page: a draft only for those who may edit it), newest
    first, in at most two queries however many versions it has. Versions share their
    partnership, level and organisation (a new version copies them), so the links between
    the policies of that one place are read as pairs of ids and the chain is walked in
    Python (through versions the reader may not open, so that those after them are still
    found); then its other versions the reader may open are read at once."""
    same_place = (
        Q(organisation__isnull=True)  # the partnership's own policies
        if policy.organisation_id is None
        else Q(organisation_id=policy.organisation_id)
    )
    links = Policy.objects.filter(
        same_place, partnership_id=policy.partnership_id, level=policy.level
    ).values_list("pk", "previous_id")
    previous_of: dict[int, int | None] = {}
    next_of: dict[int, int] = {}
    for pk, previous_id in links:
        previous_of[pk] = previous_id
        if previous_id is not None:
            next_of[previous_id] = pk
    seen = {policy.pk}
    older: list[int] = []
    current = policy.previous_id
    while current is not None and current not in seen:
        seen.add(current)
        older.append(current)
        current = previous_of.get(current)
    newer: list[int] = []
    later = next_of.get(policy.pk)
    while later is not None and later not in seen:
        seen.add(later)
        newer.insert(0, later)
        later = next_of.get(later)
    # No query when there are none.
    others = policies_visible_to(user).in_bulk([*newer, *older])
    return [
        *(others[pk] for pk in newer if pk in others),
        policy,
        *(others[pk] for pk in older if pk in others),
    ]


def policies_to_acknowledge_by(
    user: Any, *, include_acknowledged: bool = False
) -> QuerySet[Policy]:
    """Published policies that apply to the person and that they have not yet read:
    their organisations' policies and their partnership's."""
    applies = Q(
        level=PolicyLevel.ORGANISATION, organisation_id__in=permissions.organisation_ids(user)
    ) | Q(level=PolicyLevel.PARTNERSHIP, partnership_id__in=permissions.partnership_ids(user))
    policies = Policy.objects.filter(applies, status=PolicyStatus.PUBLISHED)
    if not include_acknowledged:
        acknowledged = Acknowledgement.objects.filter(person_id=user.pk, policy=OuterRef("pk"))
        policies = policies.exclude(Exists(acknowledged))
    return policies.select_related("organisation").order_by("title", "pk")


class ReadingList:
    """What the person has still to read (``to_read``): the position statements first (one
    at most for each organisation where they work, so read whole), then the policies (a
    list without bound, so counted, and only the page's slice read). Sliced and counted as
    Django's ``Paginator`` asks, so a page costs the same queries however long the list."""

    def __init__(self, user: Any) -> None:
        self.statements = list(statements_to_acknowledge_by(user))
        self.policies = policies_to_acknowledge_by(user)
        self._policy_count: int | None = None

    @property
    def policy_count(self) -> int:
        if self._policy_count is None:
            self._policy_count = self.policies.count()
        return self._policy_count

    def count(self) -> int:
        return len(self.statements) + self.policy_count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[PositionStatement | Policy]:
        start, stop, _ = index.indices(self.count())
        shown = len(self.statements)
        items: list[PositionStatement | Policy] = list(self.statements[start:stop])
        if stop > shown:
            items += list(self.policies[max(start - shown, 0) : stop - shown])
        return items


def policy_owners(*, organisation_id: int | None, partnership_id: int) -> QuerySet[Membership]:
    """The active memberships that make someone a possible owner of a policy: senior
    leads and advisors of the organisation, or, for a partnership policy, partnership
    administrators. The one rule for the form's choices and the service's check."""
    members = Membership.objects.active()
    if organisation_id is not None:
        return members.filter(
            organisation_id=organisation_id, role__in=permissions.POLICY_EDITOR_ROLES
        )
    return members.filter(organisation__partnership_id=partnership_id, role=Role.PARTNERSHIP_ADMIN)


def owner_choices(*, organisation_id: int | None, partnership_id: int) -> list[tuple[int, str]]:
    """People who may own a policy (``policy_owners``), by name."""
    members = policy_owners(organisation_id=organisation_id, partnership_id=partnership_id)
    people = members.values_list("person_id", "person__full_name", "person__email").distinct()
    return sorted({(pk, name or email) for pk, name, email in people}, key=lambda p: p[1])


# --- Common standards and plan priorities ----------------------------------------


def standards_visible_to(user: Any) -> QuerySet[CommonStandard]:
    return CommonStandard.objects.filter(
        partnership_id__in=permissions.partnership_ids(user), status=StandardStatus.PUBLISHED
    ).order_by("title")


def get_standard_for(user: Any, standard_id: int) -> CommonStandard:
    standard = standards_visible_to(user).filter(pk=standard_id).first()
    if standard is None:
        raise NotFound("Standard not found")
    return standard


def adoption_of(standard: CommonStandard, organisation: Organisation) -> StandardAdoption | None:
    return StandardAdoption.objects.filter(standard=standard, organisation=organisation).first()


def organisations_of_partnerships(user: Any) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        partnership_id__in=permissions.partnership_ids(user), is_active=True
    ).order_by("name")


def adoption_table(
    standards: list[CommonStandard], organisations: list[Organisation]
) -> list[dict[str, Any]]:
    """Rows of standard by organisation with the adoption (or None when not recorded).
    One query whatever the size."""
    adoptions = StandardAdoption.objects.filter(
        standard__in=standards, organisation__in=organisations
    )
    found = {(a.standard_id, a.organisation_id): a for a in adoptions}
    return [
        {
            "standard": standard,
            "cells": [
                {"organisation": org, "adoption": found.get((standard.pk, org.pk))}
                for org in organisations
            ],
        }
        for standard in standards
    ]


def plan_priorities_visible_to(user: Any) -> QuerySet[PlanPriority]:
    return PlanPriority.objects.filter(
        partnership_id__in=permissions.partnership_ids(user)
    ).order_by("order", "id")
