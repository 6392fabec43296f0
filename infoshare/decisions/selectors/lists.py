"""The list pages' queries: my decisions, my team's, my organisation's, those shared with
my organisation, with filters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from infoshare.core.roles import Role
from infoshare.decisions.models import Outcome, Person, SharingDecision, Status
from infoshare.decisions.models.decision import RecordLabel, recipient_label
from infoshare.decisions.selectors.decisions import FINALISED, SHARED, decisions_visible_to
from infoshare.decisions.selectors.people_names import PeopleNames, split_names
from infoshare.decisions.selectors.scope import (
    OVERSIGHT_ROLES,
    authored_by,
    orgs_where,
    recipient_orgs,
)
from infoshare.partnerships.models import Membership


@dataclass(frozen=True)
class Filters:
    #: One record's versions, by the reference printed on it (ISD-2026-000123).
    reference: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    outcome: str = ""
    #: The basis of the guidance's recommendation (the engine's, set at finalising): not
    #: what the practitioner relied on. Only the API filters by it (``basis``).
    basis: str = ""
    #: The common-law gateway the practitioner recorded (empty on a record of not sharing).
    gateway: str = ""
    urgent: bool = False
    #: Urgent drafts past their due time only (``overdue_urgent``): the author's own list,
    #: which the home page's "Urgent records not completed" panel links to.
    overdue: bool = False
    recipient_organisation_id: int | None = None
    #: The recording organisation ("Shared by", on the list of records shared with yours).
    organisation_id: int | None = None
    #: "waiting": final records whose organisation asks for a countersignature and that
    #: have none yet (a fact of the organisation: the reader's own included); "yours":
    #: those the reader may countersign (``countersignable_by``: never their own), what
    #: the home page's "Records to countersign" panel lists; "done": countersigned records.
    countersigned: str = ""
    #: One status only (the author's own list: "draft" for their drafts).
    status: str = ""

    @property
    def any(self) -> bool:
        """Whether any filter narrows the list."""
        return self != Filters()

    def applied(self) -> dict[str, Any]:
        """The filters that narrow the list, as an audit event keeps them (dates in ISO
        form): what was applied, not what the address asked for."""
        unset = Filters()
        return {
            field.name: value.isoformat() if isinstance(value, dt.date) else value
            for field in fields(self)
            if (value := getattr(self, field.name)) != getattr(unset, field.name)
        }


COUNTERSIGN_WAITING = "waiting"
COUNTERSIGN_YOURS = "yours"
COUNTERSIGN_DONE = "done"

LATEST_CHANGE = ("-updated_at", "-id")
#: Matches the (organisation, status, -finalised_at) index used by the oversight lists.
LATEST_FINALISED = ("-finalised_at", "-id")


@dataclass
class DecisionRow(RecordLabel):
    """One line of a decision list: only what the list shows, read without building model
    instances (a decision row is wide: answers, bases, texts)."""

    pk: int
    reference: str
    version: int
    status: str
    #: The recording organisation (list pages audit what they show, per organisation).
    organisation_id: int
    author_id: int
    urgent: bool
    outcome: str
    finalised_at: dt.datetime | None
    recipient_label: str
    people: tuple[str, ...]
    #: The recording organisation's name, read only for the list of records shared with
    #: the user's organisation (``as_rows(..., with_sender=True)``).
    organisation_name: str = ""
    #: Sharing out or responding to a request (how the other party is worded).
    direction: str = ""
    #: Set by the page: the reader holds it as a record shared with their organisation,
    #: not as one of their own organisation's (its other party is then who shared it,
    #: ``organisation_name``, read with ``as_rows(..., with_sender=True)``).
    received: bool = False
    #: Where the row links to (set by the page).
    href: str = ""

    @property
    def outcome_label(self) -> str:
        return str(Outcome(self.outcome).label) if self.outcome else ""

    @property
    def finalised_label(self) -> str:
        """The day it was finalised, local time, like 26 Nov 2026 (empty for a draft)."""
        if self.finalised_at is None:
            return ""
        day = timezone.localtime(self.finalised_at)
        return f"{day.day} {day:%b %Y}"


ROW_FIELDS = (
    "pk",
    "reference",
    "version",
    "status",
    "organisation_id",
    "author_id",
    "urgent",
    "outcome",
    "finalised_at",
    "recipient_name",
    "external_recipient",
    "recipient_organisation_id",
    "recipient_organisation__name",
    "direction",
)


def as_rows(queryset: QuerySet[SharingDecision], *, with_sender: bool = False) -> QuerySet[Any]:
    """The list's columns only, in the list's order, with the names of the people each
    record is about: one query (turn a page of them into rows with ``rows_for``).
    ``with_sender`` adds the recording organisation's name (one join)."""
    fields = (*ROW_FIELDS, "organisation__name") if with_sender else ROW_FIELDS
    return queryset.select_related(None).values(*fields, people_names=PeopleNames())


def rows_for(values: list[dict[str, Any]]) -> list[DecisionRow]:
    return [
        DecisionRow(
            pk=v["pk"],
            reference=v["reference"],
            version=v["version"],
            status=v["status"],
            organisation_id=v["organisation_id"],
            author_id=v["author_id"],
            urgent=v["urgent"],
            outcome=v["outcome"],
            finalised_at=v["finalised_at"],
            recipient_label=recipient_label(
                v["recipient_organisation__name"]
                if v["recipient_organisation_id"] is not None
                else None,
                v["recipient_name"],
                v["external_recipient"],
            ),
            people=split_names(v["people_names"]),
            organisation_name=v.get("organisation__name", ""),
            direction=v["direction"],
        )
        for v in values
    ]


def overdue_urgent(now: dt.datetime | None = None) -> Q:
    """Urgent drafts past their due time: what the home page calls "not completed" (its
    panel, its count, and the lists its link opens all use this one condition)."""
    return Q(status=Status.DRAFT, urgent=True, urgent_due_at__lte=now or timezone.now())


def countersignable_by(user: Any) -> Q:
    """The records ``user`` may countersign now: final, of an organisation they manage
    whose policy asks for a countersignature, not yet countersigned, and not their own
    (nobody countersigns their own record: ``services.countersign_decision``). The home
    page's "Records to countersign" panel and the lists' "You can countersign" filter
    both read it. No query of its own (the roles are read once a request)."""
    managed = orgs_where(user, frozenset({Role.MANAGER}))
    return Q(
        status=Status.FINAL,
        organisation_id__in=managed,
        organisation__countersign_required=True,
        countersigned_by__isnull=True,
    ) & ~Q(author_id=user.pk)


def apply_filters(
    queryset: QuerySet[SharingDecision], filters: Filters, *, reader: Any = None
) -> QuerySet[SharingDecision]:
    """The list narrowed by ``filters``. ``reader``: whom "yours" is said to (the
    countersigning filter "You can countersign"); without one, that filter finds nothing."""
    if filters.reference:
        queryset = queryset.filter(reference=filters.reference)
    if filters.date_from:
        queryset = queryset.filter(finalised_at__date__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(finalised_at__date__lte=filters.date_to)
    if filters.outcome:
        queryset = queryset.filter(outcome=filters.outcome)
    if filters.basis:
        queryset = queryset.filter(basis=filters.basis)
    if filters.gateway:
        queryset = queryset.filter(gateway=filters.gateway)
    if filters.urgent:
        queryset = queryset.filter(urgent=True)
    if filters.overdue:
        queryset = queryset.filter(overdue_urgent())
    if filters.recipient_organisation_id:
        queryset = queryset.filter(recipient_organisation_id=filters.recipient_organisation_id)
    if filters.organisation_id:
        queryset = queryset.filter(organisation_id=filters.organisation_id)
    if filters.countersigned == COUNTERSIGN_WAITING:
        queryset = queryset.filter(
            status=Status.FINAL,
            organisation__countersign_required=True,
            countersigned_by__isnull=True,
        )
    elif filters.countersigned == COUNTERSIGN_YOURS:
        queryset = (
            queryset.filter(countersignable_by(reader)) if reader is not None else queryset.none()
        )
    elif filters.countersigned == COUNTERSIGN_DONE:
        queryset = queryset.filter(countersigned_by__isnull=False)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    return queryset


def my_decisions(user: Any, filters: Filters) -> QuerySet[SharingDecision]:
    """The latest version the user wrote of each of their records: drafts, final versions,
    and a version someone else has since amended (shown as superseded; its page links to
    the amendment), in the organisations where they still record (someone who has left one
    no longer sees what they wrote there). The author index serves the list in order; the
    check for a later version of their own runs only for superseded rows, through the
    (reference, version) index."""
    own_later = SharingDecision.objects.filter(
        reference=OuterRef("reference"), version__gt=OuterRef("version"), author_id=user.pk
    )
    mine = SharingDecision.objects.filter(
        authored_by(user),
        ~Q(status=Status.SUPERSEDED) | ~Exists(own_later),
    )
    return apply_filters(mine, filters, reader=user).order_by(*LATEST_CHANGE)


def team_scope(user: Any) -> Q | None:
    """For a manager, the records of the people they manage: the authors in their teams,
    or the whole organisation where they manage no team. Anyone who was ever in the team
    counts: what someone wrote stays their team's when they leave (a leaver's final
    records are still the team's to oversee, and their drafts the team's to clear). "Your
    team's decisions" (``team_decisions``) and the home page's urgent panels
    (``decisions.home``) both read it. None for anyone who manages nowhere. Subqueries
    only: no query of its own."""
    managed = orgs_where(user, frozenset({Role.MANAGER}))
    if not managed:
        return None
    own_teams = Membership.objects.active().filter(
        person_id=user.pk, role=Role.MANAGER, team__isnull=False, organisation_id__in=managed
    )
    team_orgs = own_teams.values("organisation_id")
    ever_in_team = Membership.objects.filter(team__in=own_teams.values("team"))
    # In an organisation they manage: anyone, where they manage no team; else the authors
    # ever in their teams. Written as one condition on the organisation's column, so that
    # a list walks the (organisation, status, finalised) index.
    in_team = Q(author_id__in=ever_in_team.values("person_id"))
    return Q(organisation_id__in=managed) & (~Q(organisation_id__in=team_orgs) | in_team)


def team_decisions(user: Any, filters: Filters) -> QuerySet[SharingDecision]:
    """For a manager: final records by the people of their teams (``team_scope``: those
    who have left them included); the whole organisation where the manager has no team."""
    team = team_scope(user)
    if team is None:
        return SharingDecision.objects.none()
    # A manager may see every record of the organisations they manage (decisions_visible_to),
    # and the team's scope stays within those, so the scope is the condition alone.
    found = SharingDecision.objects.filter(team, status=Status.FINAL)
    return apply_filters(found, filters, reader=user).order_by(*LATEST_FINALISED)


def organisation_decisions(
    user: Any, filters: Filters, *, roles: frozenset[str] = OVERSIGHT_ROLES
) -> QuerySet[SharingDecision]:
    """For managers, advisors and senior leads: the organisation's current final records.

    Every oversight role may see its organisation's final records (``decisions_visible_to``),
    so the scope is the organisations alone: a plain condition that the list's index serves.
    ``roles`` narrows it to the organisations where the user holds one of them (the CSV
    export: those where they are an advisor); only oversight roles count.
    """
    orgs = orgs_where(user, roles & OVERSIGHT_ROLES)
    found = SharingDecision.objects.filter(organisation_id__in=orgs, status=Status.FINAL)
    return apply_filters(found, filters, reader=user).order_by(*LATEST_FINALISED)


def shared_with_us(user: Any, filters: Filters) -> QuerySet[SharingDecision]:
    """For the staff of a receiving organisation who work with children and families
    (practitioners, managers, advisors and senior leads): the records that shared
    information with it, newest first, one line for each record: the latest version that
    shared with it.

    The recipients' part of ``decisions_visible_to``: a draft, a decision not to share, and
    an administrator's, board member's or auditor's organisation stay out. An amendment
    replaces the version it corrects when it shared with the same organisation, as in the
    organisation's list; when it did not (the sender corrected the record to another
    recipient, or to not sharing), the version the organisation received stays listed,
    superseded, so that it knows what it holds was corrected (the record's page says to
    ask the sender). The check for such a later version runs only for superseded rows,
    through the (reference, version) index."""
    orgs = recipient_orgs(user)
    later_for_them = SharingDecision.objects.filter(
        reference=OuterRef("reference"),
        version__gt=OuterRef("version"),
        recipient_organisation_id=OuterRef("recipient_organisation_id"),
        status__in=FINALISED,
        outcome__in=SHARED,
    )
    found = SharingDecision.objects.filter(
        Q(status=Status.FINAL) | ~Exists(later_for_them),
        recipient_organisation_id__in=orgs,
        status__in=FINALISED,
        outcome__in=SHARED,
    )
    return apply_filters(found, filters, reader=user).order_by(*LATEST_FINALISED)


def decisions_about(user: Any, person: Person) -> QuerySet[SharingDecision]:
    return decisions_visible_to(user).filter(people=person).order_by(*LATEST_CHANGE)
