"""The list pages' queries: my decisions, my team's, my organisation's, with filters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from infoshare.core.roles import Role
from infoshare.decisions.models import Person, SharingDecision, Status
from infoshare.decisions.selectors.decisions import decisions_visible_to
from infoshare.decisions.selectors.scope import OVERSIGHT_ROLES, orgs_where
from infoshare.partnerships.models import Membership


@dataclass(frozen=True)
class Filters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    outcome: str = ""
    basis: str = ""
    urgent: bool = False
    recipient_organisation_id: int | None = None


LATEST_CHANGE = ("-updated_at", "-id")
#: Matches the (organisation, status, -finalised_at) index used by the oversight lists.
LATEST_FINALISED = ("-finalised_at", "-id")


LISTED_FIELDS = (
    "id",
    "reference",
    "version",
    "status",
    "organisation_id",
    "author_id",
    "urgent",
    "outcome",
    "finalised_at",
    "updated_at",
    "recipient_name",
    "external_recipient",
    "recipient_organisation__name",
)


def _listed(
    queryset: QuerySet[SharingDecision], ordering: tuple[str, ...] = LATEST_CHANGE
) -> QuerySet[SharingDecision]:
    people = Prefetch("people", queryset=Person.objects.only("id", "given_name", "family_name"))
    # Only the columns the list shows: a decision row is wide (answers, bases, texts), and
    # reading all of it for 25 rows cost more than the query itself.
    return (
        queryset.select_related(None)
        .select_related("recipient_organisation")
        .only(*LISTED_FIELDS)
        .prefetch_related(people)
        .order_by(*ordering)
    )


def apply_filters(
    queryset: QuerySet[SharingDecision], filters: Filters
) -> QuerySet[SharingDecision]:
    if filters.date_from:
        queryset = queryset.filter(finalised_at__date__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(finalised_at__date__lte=filters.date_to)
    if filters.outcome:
        queryset = queryset.filter(outcome=filters.outcome)
    if filters.basis:
        queryset = queryset.filter(basis=filters.basis)
    if filters.urgent:
        queryset = queryset.filter(urgent=True)
    if filters.recipient_organisation_id:
        queryset = queryset.filter(recipient_organisation_id=filters.recipient_organisation_id)
    return queryset


def my_decisions(user: Any, filters: Filters) -> QuerySet[SharingDecision]:
    """The user's own records: drafts and current final versions."""
    mine = decisions_visible_to(user).filter(author_id=user.pk).exclude(status=Status.SUPERSEDED)
    return _listed(apply_filters(mine, filters))


def team_decisions(user: Any, filters: Filters) -> QuerySet[SharingDecision]:
    """For a manager: final records by people in their teams; the whole organisation
    where the manager has no team."""
    managed = orgs_where(user, frozenset({Role.MANAGER}))
    own_teams = Membership.objects.active().filter(
        person_id=user.pk, role=Role.MANAGER, team__isnull=False
    )
    team_orgs = set(own_teams.values_list("organisation_id", flat=True))
    members = Membership.objects.active().filter(team__in=own_teams.values("team"))
    in_team = Q(organisation_id__in=team_orgs, author_id__in=members.values("person_id"))
    whole_org = Q(organisation_id__in=managed - team_orgs)
    found = decisions_visible_to(user).filter(in_team | whole_org, status=Status.FINAL)
    return _listed(apply_filters(found, filters), LATEST_FINALISED)


def organisation_decisions(user: Any, filters: Filters) -> QuerySet[SharingDecision]:
    """For managers, advisors and senior leads: the organisation's current final records."""
    orgs = orgs_where(user, OVERSIGHT_ROLES)
    found = decisions_visible_to(user).filter(organisation_id__in=orgs, status=Status.FINAL)
    return _listed(apply_filters(found, filters), LATEST_FINALISED)


def decisions_about(user: Any, person: Person) -> QuerySet[SharingDecision]:
    return _listed(decisions_visible_to(user).filter(people=person))
