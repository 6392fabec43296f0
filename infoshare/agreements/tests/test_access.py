"""Every agreements route, for every role (and a foreign organisation), with made-up
ids and with real ones: never a server error, and only the expected people get in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from infoshare.core.roles import Role
from tests.urls import all_routes

ROLES = [role.value for role in Role]


def _routes() -> list:
    return [
        route
        for route in all_routes()
        if route.name.startswith("agreements:") or route.name.startswith("api-1:agreement")
    ]


@pytest.mark.parametrize("role", [*ROLES, "foreign", "anonymous"])
def test_no_route_gives_a_server_error_with_made_up_ids(
    client, role, make_member, home_org, foreign_org_user
) -> None:
    if role == "foreign":
        client.force_login(foreign_org_user)
    elif role != "anonymous":
        client.force_login(make_member(role, home_org))
    for route in _routes():
        for method in ("get", "post"):
            response = getattr(client, method)(route.sample_path())
            assert response.status_code in (200, 302, 400, 401, 403, 404, 405, 415), (
                route.name,
                method,
                response.status_code,
            )


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_register_and_details(client, role, make_member, home_org, active):
    client.force_login(make_member(role, home_org))
    for url in (
        reverse("agreements:agreement_list"),
        reverse("agreements:agreement_detail", args=[active.pk]),
        reverse("agreements:agreement_map"),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.PRACTITIONER, False),
        (Role.MANAGER, False),
        (Role.ORG_ADMIN, False),
        (Role.BOARD_MEMBER, False),
        (Role.AUDITOR, False),
        (Role.ADVISOR, True),
        (Role.SENIOR_LEAD, True),
        (Role.PARTNERSHIP_ADMIN, True),
    ],
)
def test_only_senior_leads_advisors_and_partnership_admins_draft(
    client, role, allowed, make_member, home_org
) -> None:
    client.force_login(make_member(role, home_org))
    response = client.get(reverse("agreements:agreement_create"))
    assert (response.status_code == 200) is allowed


def test_managing_pages_refuse_people_who_do_not_manage_the_agreement(
    client, foreign_org_user, draft
) -> None:
    client.force_login(foreign_org_user)
    for name in (
        "agreement_edit",
        "party_add",
        "agreement_submit",
        "agreement_withdraw",
        "document_upload",
    ):
        assert client.get(reverse(f"agreements:{name}", args=[draft.pk])).status_code == 403


def test_people_outside_the_partnership_get_not_found(client, make_member, active) -> None:
    from infoshare.partnerships.tests.factories import OrganisationFactory, PartnershipFactory

    elsewhere = OrganisationFactory(partnership=PartnershipFactory(name="Elsewhere"))
    client.force_login(make_member(Role.PARTNERSHIP_ADMIN, elsewhere))
    assert client.get(reverse("agreements:agreement_detail", args=[active.pk])).status_code == 404
    assert client.get(reverse("api-1:agreement_detail", args=[active.pk])).status_code == 404
    html = client.get(reverse("agreements:agreement_list")).content.decode()
    assert "Early help data sharing" not in html


def test_the_navigation_shows_agreements_to_staff(client, practitioner) -> None:
    client.force_login(practitioner)
    html = client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("agreements:agreement_list")}"' in html
