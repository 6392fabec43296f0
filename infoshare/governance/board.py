"""Aggregate figures for the partnership board and for senior leads.

No personal data: only counts (product.md: "partnership benchmarking that never
discloses personal data (small numbers suppressed)"). Suppression applies only to
figures derived from records about people: how many staff acknowledged a document
(an acknowledgement is a record of what one person did). Those counts under 5,
zero included, are shown as "fewer than 5"; and a count that leaves 1 to 4 people out
("5 of 6") is "not shown", because it says how many have not acknowledged. A rate is
"not shown" when its denominator is under 5, and also when its count is suppressed,
because a rate and a total would otherwise give the hidden count back.

Counts of staff and of agreements are not personal data: a board member sees the
same exact numbers on the staff pages and the agreements map, so they are shown in
full here, zero as 0.

Other apps add rows to the board view with :func:`register_board_section` (for
example agreements: active, due for review, overdue). Governance does not import
them: agreements and governance sit at the same layer, so the wiring is done from
above (see the report of issue 4).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from infoshare.governance.models import (
    Acknowledgement,
    AdoptionStatus,
    CommonStandard,
    Policy,
    PolicyLevel,
    PolicyStatus,
    PositionStatement,
    StandardStatus,
)
from infoshare.governance.selectors import adoption_table, current_statement_of, in_force_on
from infoshare.partnerships.models import Membership, Organisation, Team

SMALL = 5
FEWER_THAN = "fewer than 5"
NOT_SHOWN = "not shown"


def suppress_small(n: int) -> str:
    """A count for display: under 5 becomes "fewer than 5"."""
    return FEWER_THAN if n < SMALL else str(n)


def _few_left_out(numerator: int, denominator: int) -> bool:
    """True when between 1 and 4 people are outside the count ("5 of 6" tells everyone
    in a named team that exactly one of them has not read the document)."""
    return 0 < denominator - numerator < SMALL


def suppressed_count(numerator: int, denominator: int) -> str:
    """How many of ``denominator`` people did something: "fewer than 5" under 5 (zero
    included), and "not shown" when 1 to 4 of them did not."""
    if numerator < SMALL:
        return FEWER_THAN
    if _few_left_out(numerator, denominator):
        return NOT_SHOWN
    return str(numerator)


def suppressed_rate(numerator: int, denominator: int) -> str:
    """A percentage, or "not shown" when the denominator is under 5, the numerator is
    under 5, or 1 to 4 people are left out of it (each would give a hidden count back)."""
    if denominator < SMALL or numerator < SMALL or _few_left_out(numerator, denominator):
        return NOT_SHOWN
    return f"{round(100 * numerator / denominator)}%"


@dataclass(frozen=True)
class RateRow:
    label: str
    acknowledged: str
    staff: str
    rate: str

    @classmethod
    def of(cls, label: str, acknowledged: int, staff: int) -> RateRow:
        return cls(
            label,
            suppressed_count(acknowledged, staff),
            str(staff),  # a headcount is not personal data
            suppressed_rate(acknowledged, staff),
        )


@dataclass
class DocumentRates:
    title: str
    kind: str
    version: int
    overall: RateRow
    teams: list[RateRow] = field(default_factory=list)


# --- Sections added by other apps -----------------------------------------------

#: ``provider(organisation_ids) -> {"title", "columns": [str], "rows": {org_id: [int|str]},
#: "about_people": bool}``
SectionProvider = Callable[[Sequence[int]], Mapping[str, Any] | None]
_sections: list[SectionProvider] = []


def register_board_section(provider: SectionProvider) -> None:
    """Adds a table of per-organisation figures to the board view. Providers return
    plain counts. They are shown as they are (zero as 0), unless the section says
    ``"about_people": True`` (figures derived from records about people), when integer
    cells under 5 are shown as "fewer than 5"."""
    if provider not in _sections:
        _sections.append(provider)


def _cell(value: object, *, about_people: bool) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return suppress_small(value) if about_people else str(value)
    return str(value)


def _extra_sections(organisations: list[Organisation]) -> list[dict[str, Any]]:
    ids = [org.pk for org in organisations]
    sections = []
    for provider in _sections:
        section = provider(ids)
        if not section:
            continue
        rows = section.get("rows", {})
        about_people = bool(section.get("about_people", False))
        sections.append(
            {
                "title": str(section.get("title", "")),
                "columns": [str(c) for c in section.get("columns", [])],
                "rows": [
                    {
                        "organisation": org,
                        "cells": [
                            _cell(v, about_people=about_people) for v in rows.get(org.pk, [])
                        ],
                    }
                    for org in organisations
                ],
            }
        )
    return sections


# --- Senior leads: rates in one organisation --------------------------------------


def acknowledgement_rates(organisation: Organisation) -> list[DocumentRates]:
    """For the position statement in force today and each published policy that applies to
    the organisation: how many of its current staff have acknowledged it, overall and
    per team. A fixed number of queries whatever the size."""
    staff_rows = Membership.objects.active().filter(organisation=organisation)
    staff: set[int] = set()
    team_staff: dict[int, set[int]] = defaultdict(set)
    for person_id, team_id in staff_rows.values_list("person_id", "team_id"):
        staff.add(person_id)
        if team_id is not None:
            team_staff[team_id].add(person_id)
    teams = list(Team.objects.filter(organisation=organisation).order_by("name"))
    statement = current_statement_of(organisation)
    policies = list(
        Policy.objects.filter(
            Q(level=PolicyLevel.ORGANISATION, organisation=organisation)
            | Q(level=PolicyLevel.PARTNERSHIP, partnership_id=organisation.partnership_id),
            status=PolicyStatus.PUBLISHED,
        ).order_by("title")
    )
    read: dict[tuple[str, int], set[int]] = defaultdict(set)
    acks = Acknowledgement.objects.filter(
        (Q(position_statement=statement) if statement else Q(pk__in=[])) | Q(policy__in=policies)
    ).values_list("position_statement_id", "policy_id", "person_id")
    for statement_id, policy_id, person_id in acks:
        key = ("statement", statement_id) if statement_id else ("policy", policy_id)
        read[key].add(person_id)

    def rates(title: str, kind: str, version: int, key: tuple[str, int]) -> DocumentRates:
        readers = read[key]
        return DocumentRates(
            title=title,
            kind=kind,
            version=version,
            overall=RateRow.of(organisation.name, len(readers & staff), len(staff)),
            teams=[
                RateRow.of(team.name, len(readers & team_staff[team.pk]), len(team_staff[team.pk]))
                for team in teams
            ],
        )

    documents = []
    if statement is not None:
        documents.append(
            rates(
                statement.title,
                "Position statement",
                statement.version,
                ("statement", statement.pk),
            )
        )
    for policy in policies:
        documents.append(
            rates(policy.title, policy.get_kind_display(), policy.version, ("policy", policy.pk))
        )
    return documents


# --- The partnership board view -----------------------------------------------------


def board_overview(partnership_ids: set[int]) -> dict[str, Any]:
    """Organisations, their position statements, adoption of common standards and
    acknowledgement rates of the statement in force today (a scheduled version counts
    from its effective date): aggregate figures only."""
    organisations = list(
        Organisation.objects.filter(partnership_id__in=partnership_ids, is_active=True).order_by(
            "name"
        )
    )
    staff_counts = dict(
        Membership.objects.active()
        .filter(organisation__in=organisations)
        .values("organisation_id")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("organisation_id", "n")
    )
    statements = {
        s.organisation_id: s
        for s in PositionStatement.objects.filter(organisation__in=organisations).filter(
            in_force_on(timezone.localdate())
        )
    }
    still_staff = Membership.objects.active().filter(
        person_id=OuterRef("person_id"),
        organisation_id=OuterRef("position_statement__organisation_id"),
    )
    ack_counts = dict(
        Acknowledgement.objects.filter(position_statement__in=list(statements.values()))
        .filter(Exists(still_staff))
        .values("position_statement__organisation_id")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("position_statement__organisation_id", "n")
    )
    standards = list(
        CommonStandard.objects.filter(
            partnership_id__in=partnership_ids, status=StandardStatus.PUBLISHED
        ).order_by("title")
    )
    table = adoption_table(standards, organisations)
    adopted_by_org: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in table:
        for cell in row["cells"]:
            status = cell["adoption"].status if cell["adoption"] else "not_recorded"
            adopted_by_org[cell["organisation"].pk][status] += 1
    rows = []
    for org in organisations:
        statement = statements.get(org.pk)
        staff = staff_counts.get(org.pk, 0)
        acknowledged = ack_counts.get(org.pk, 0) if statement else 0
        counts = adopted_by_org[org.pk]
        rows.append(
            {
                "organisation": org,
                "statement": statement,
                "staff": str(staff),  # a headcount is not personal data
                "acknowledged": suppressed_count(acknowledged, staff)
                if statement
                else "no statement",
                "rate": suppressed_rate(acknowledged, staff) if statement else "no statement",
                "adopted": counts[AdoptionStatus.ADOPTED],
                "adopting": counts[AdoptionStatus.ADOPTING],
                "not_adopted": counts[AdoptionStatus.NOT_ADOPTED],
                "not_recorded": counts["not_recorded"],
            }
        )
    return {
        "rows": rows,
        "standards": standards,
        "adoption_table": table,
        "organisations": organisations,
        "sections": _extra_sections(organisations),
    }
