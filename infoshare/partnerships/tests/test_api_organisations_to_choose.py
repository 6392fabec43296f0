"""GET /api/v1/organisations lists, to any member of a partnership (a practitioner's API
token included), the active organisations of their partnership: those a record's
recipient may be, as the recipient page offers them. Never another partnership's; the
staff count only of an organisation they can open; partnership-wide roles still list the
inactive organisations of their partnership."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from infoshare.accounts.services import create_api_token
from infoshare.core.roles import Role
from infoshare.partnerships.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
)

URL = "api-1:organisation_list"


def _listed(client: Any, user: Any, **params: Any) -> Any:
    _, secret = create_api_token(actor=user, name="integration")
    headers = {"Authorization": f"Bearer {secret}"}
    return client.get(reverse(URL), params, headers=headers)


@pytest.fixture
def closed(partnership: Any) -> Any:
    """An organisation of the partnership that no longer takes part."""
    return OrganisationFactory(partnership=partnership, name="Closed Academy", is_active=False)


@pytest.fixture
def elsewhere(db: Any) -> Any:
    """An active organisation of another partnership, with people of its own."""
    org = OrganisationFactory(
        partnership=PartnershipFactory(name="Elsewhere Partnership"), name="Elsewhere Council"
    )
    MembershipFactory(organisation=org, role=Role.PARTNERSHIP_ADMIN)
    return org


def test_a_practitioners_token_lists_the_organisations_it_may_choose(
    client: Any, practitioner: Any, home_org: Any, other_org: Any, closed: Any, elsewhere: Any
) -> None:
    response = _listed(client, practitioner)
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["page_size"]) == (2, 1, 25)
    # Other School, where the practitioner has no role, is listed as a recipient; the
    # inactive organisation and the other partnership's are not.
    assert body["items"] == [
        {
            "id": home_org.pk,
            "name": "Home Council",
            "sector": home_org.sector,
            "identifier": home_org.identifier,
            "is_active": True,
            "staff_count": 1,
        },
        {
            "id": other_org.pk,
            "name": "Other School",
            "sector": other_org.sector,
            "identifier": other_org.identifier,
            "is_active": True,
            "staff_count": None,
        },
    ]


@pytest.mark.parametrize(
    "role", [Role.PRACTITIONER, Role.MANAGER, Role.ADVISOR, Role.SENIOR_LEAD, Role.ORG_ADMIN]
)
def test_every_organisation_role_lists_its_partnership_and_nothing_else(
    client: Any,
    make_member: Any,
    home_org: Any,
    other_org: Any,
    closed: Any,
    elsewhere: Any,
    role: str,
) -> None:
    ids = [item["id"] for item in _listed(client, make_member(role, home_org)).json()["items"]]
    assert ids == [home_org.pk, other_org.pk]


def test_a_member_of_two_partnerships_lists_the_active_organisations_of_both(
    client: Any, practitioner: Any, home_org: Any, other_org: Any, elsewhere: Any
) -> None:
    neighbour = OrganisationFactory(partnership=elsewhere.partnership, name="Elsewhere School")
    OrganisationFactory(partnership=elsewhere.partnership, name="Elsewhere Gone", is_active=False)
    MembershipFactory(person=practitioner, organisation=neighbour, role=Role.PRACTITIONER)
    items = _listed(client, practitioner).json()["items"]
    assert [(o["name"], o["staff_count"]) for o in items] == [
        ("Elsewhere Council", None),
        ("Elsewhere School", 1),
        ("Home Council", 1),
        ("Other School", None),
    ]


def test_partnership_wide_roles_still_list_inactive_organisations_with_staff_counts(
    client: Any, auditor: Any, home_org: Any, other_org: Any, closed: Any, elsewhere: Any
) -> None:
    items = _listed(client, auditor).json()["items"]
    assert [(o["name"], o["is_active"], o["staff_count"]) for o in items] == [
        ("Closed Academy", False, 0),
        ("Home Council", True, 1),
        ("Other School", True, 0),
    ]


def test_someone_whose_role_has_ended_lists_nothing(
    client: Any, practitioner: Any, home_org: Any, other_org: Any
) -> None:
    practitioner.memberships.update(ends_on=timezone.localdate())  # left today
    assert _listed(client, practitioner).status_code == 403


def test_the_practitioners_list_is_paged_with_a_query_count_that_does_not_grow(
    client: Any, practitioner: Any, partnership: Any, home_org: Any, django_assert_num_queries: Any
) -> None:
    from infoshare.partnerships.tests.conftest import count_queries

    _, secret = create_api_token(actor=practitioner, name="integration")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    client.defaults.update(headers)
    OrganisationFactory.create_batch(2, partnership=partnership)
    small = count_queries(client, reverse(URL))
    OrganisationFactory.create_batch(40, partnership=partnership)
    with django_assert_num_queries(small):
        body = client.get(reverse(URL), {"page": 2, "page_size": 20}).json()
    assert (body["count"], body["page"], len(body["items"])) == (43, 2, 20)
    assert all(item["staff_count"] is None for item in body["items"])
