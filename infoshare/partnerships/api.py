"""Organisations and their memberships (mounted at /api/v1/). Scoped like the pages:
the access registry checks the role in ``org_id``; the selectors narrow further."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from infoshare.core.api import ERRORS, page_number, page_params
from infoshare.partnerships import selectors

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    id: int
    name: str
    sector: str
    identifier: str
    is_active: bool
    staff_count: int


class OrganisationListed(Schema):
    """An organisation of the list: its staff count is given only for one you can open
    (`GET /api/v1/organisations/{org_id}`)."""

    id: int
    name: str
    sector: str
    identifier: str
    is_active: bool
    staff_count: int | None = Field(
        description="People with a current role there; null for an organisation you have "
        "no role in (nor a partnership-wide role in its partnership): one listed only as "
        "a recipient you may choose"
    )


class TeamOut(Schema):
    id: int
    name: str
    member_count: int


class OrganisationDetailOut(OrganisationOut):
    teams: list[TeamOut]


class PageIn(Schema):
    page: int = 1
    page_size: int = 25


class OrganisationPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[OrganisationListed]


class MembershipOut(Schema):
    id: int
    person_id: int
    full_name: str
    email: str
    role: str
    team: str | None
    starts_on: str


class MembershipPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[MembershipOut]


def _organisation(org: Any) -> dict[str, Any]:
    return {
        "id": org.pk,
        "name": org.name,
        "sector": org.sector,
        "identifier": org.identifier,
        "is_active": org.is_active,
        "staff_count": org.staff_count,
    }


@router.get(
    "organisations",
    response={200: OrganisationPage, **ERRORS},
    url_name="organisation_list",
    summary="Organisations of your partnership (the recipients you may choose)",
)
def organisation_list(request: HttpRequest, paging: Query[PageIn]) -> dict[str, Any]:
    """By name: every active organisation of your partnership, whatever your role (the
    organisations a record's `recipient_organisation_id` may name, as the recipient page
    offers them), and every organisation you can open (a partnership-wide role lists the
    inactive ones of its partnership too). Never another partnership's. Out-of-range
    paging is clamped, and the page served is the one named."""
    organisations = selectors.organisations_listed_for(request.user)
    page = page_number(paging.page)
    start, end = page_params(page, paging.page_size)
    items = []
    for org in organisations[start:end]:
        item = _organisation(org)
        if not selectors.sees_details(request.user, org):
            item["staff_count"] = None
        items.append(item)
    return {
        "count": organisations.count(),
        "page": page,
        "page_size": end - start,
        "items": items,
    }


@router.get(
    "organisations/{int:org_id}",
    response={200: OrganisationDetailOut, **ERRORS},
    url_name="organisation_detail",
    summary="One organisation with its teams",
)
def organisation_detail(request: HttpRequest, org_id: int) -> dict[str, Any]:
    org = selectors.get_organisation_for(request.user, org_id)
    teams = [
        {"id": t.pk, "name": t.name, "member_count": t.member_count}  # type: ignore[attr-defined]
        for t in selectors.teams_of(org)
    ]
    return {**_organisation(org), "teams": teams}


@router.get(
    "organisations/{int:org_id}/memberships",
    response={200: MembershipPage, **ERRORS},
    url_name="membership_list",
    summary="Current memberships of an organisation (staff managers only)",
)
def membership_list(request: HttpRequest, org_id: int, paging: Query[PageIn]) -> dict[str, Any]:
    org = selectors.get_organisation_for(request.user, org_id)
    memberships = selectors.memberships_in(request.user, org)
    page = page_number(paging.page)
    start, end = page_params(page, paging.page_size)
    size = end - start
    items = [
        {
            "id": m.pk,
            "person_id": m.person_id,
            "full_name": m.person.full_name,
            "email": m.person.email,
            "role": m.role,
            "team": m.team.name if m.team else None,
            "starts_on": m.starts_on.isoformat(),
        }
        for m in memberships[start:end]
    ]
    return {"count": memberships.count(), "page": page, "page_size": size, "items": items}
