"""The organisations API: scoped like the pages, paginated memberships."""

from __future__ import annotations

import pytest
from django.urls import reverse

from infoshare.core.roles import Role
from infoshare.partnerships.tests.factories import TeamFactory


def _get(client, name, **kwargs):
    return client.get(reverse(f"api-1:{name}", kwargs=kwargs or None))


def test_member_lists_their_partnerships_organisations(client, practitioner, home_org, other_org):
    # Every organisation they may choose as a recipient; the staff count of their own only.
    client.force_login(practitioner)
    response = _get(client, "organisation_list")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [(o["name"], o["staff_count"]) for o in items] == [
        ("Home Council", 1),
        ("Other School", None),
    ]


def test_auditor_lists_every_organisation_of_the_partnership(client, auditor, home_org, other_org):
    client.force_login(auditor)
    body = _get(client, "organisation_list").json()
    assert [o["name"] for o in body["items"]] == ["Home Council", "Other School"]
    assert (body["count"], body["page"], body["page_size"]) == (2, 1, 25)


def test_organisations_are_paged_like_every_list(client, auditor, partnership):
    from infoshare.partnerships.tests.factories import OrganisationFactory

    for n in range(30):
        OrganisationFactory(partnership=partnership, name=f"School {n:02d}")
    client.force_login(auditor)
    url = reverse("api-1:organisation_list")
    first = client.get(url, {"page": 1, "page_size": 20}).json()
    assert (first["count"], first["page"], first["page_size"]) == (31, 1, 20)  # and Home Council
    names = ["Home Council", *(f"School {n:02d}" for n in range(30))]
    assert [o["name"] for o in first["items"]] == names[:20]
    second = client.get(url, {"page": 2, "page_size": 20}).json()
    assert [o["name"] for o in second["items"]] == names[20:]
    assert (second["count"], second["page"]) == (31, 2)


def test_organisation_paging_is_clamped(client, auditor, partnership):
    from infoshare.partnerships.tests.factories import OrganisationFactory

    OrganisationFactory.create_batch(3, partnership=partnership)
    client.force_login(auditor)
    url = reverse("api-1:organisation_list")
    body = client.get(url, {"page_size": 500}).json()
    assert (body["count"], body["page_size"], len(body["items"])) == (4, 100, 4)
    body = client.get(url, {"page": 0, "page_size": 0}).json()
    assert (body["page"], body["page_size"], len(body["items"])) == (1, 1, 1)
    response = client.get(url, {"page": 9_223_372_036_854_775_807})
    assert response.status_code == 200
    assert (response.json()["page"], response.json()["items"]) == (100_000, [])


def test_organisation_paging_that_is_not_a_number_is_a_400(client, auditor, home_org):
    client.force_login(auditor)
    response = client.get(reverse("api-1:organisation_list"), {"page": "two"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], list(error["fields"])) == ("invalid", ["page"])


def test_organisation_list_query_count_does_not_grow(
    client, auditor, partnership, django_assert_num_queries
):
    from infoshare.partnerships.tests.conftest import count_queries
    from infoshare.partnerships.tests.factories import OrganisationFactory

    client.force_login(auditor)
    url = reverse("api-1:organisation_list")
    OrganisationFactory.create_batch(2, partnership=partnership)
    small = count_queries(client, url)
    OrganisationFactory.create_batch(40, partnership=partnership)
    with django_assert_num_queries(small):
        body = client.get(url).json()
    assert (body["count"], len(body["items"])) == (43, 25)


def test_organisation_detail_has_teams_and_staff_count(client, practitioner, home_org):
    TeamFactory(organisation=home_org, name="Early Help")
    client.force_login(practitioner)
    body = _get(client, "organisation_detail", org_id=home_org.pk).json()
    assert body["name"] == "Home Council"
    assert body["staff_count"] == 1
    assert body["teams"] == [
        {"id": body["teams"][0]["id"], "name": "Early Help", "member_count": 0}
    ]


def test_another_organisations_detail_is_forbidden(client, foreign_org_user, home_org):
    client.force_login(foreign_org_user)
    response = _get(client, "organisation_detail", org_id=home_org.pk)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_unknown_organisation_is_forbidden_or_not_found(client, partnership_admin):
    client.force_login(partnership_admin)
    assert _get(client, "organisation_detail", org_id=999_999).status_code in (403, 404)


def test_memberships_are_paginated(client, org_admin, home_org, bulk_staff):
    bulk_staff(home_org, 30)
    client.force_login(org_admin)
    url = reverse("api-1:membership_list", kwargs={"org_id": home_org.pk})
    first = client.get(url, {"page": 1, "page_size": 20}).json()
    assert (first["count"], first["page"], first["page_size"]) == (31, 1, 20)
    assert len(first["items"]) == 20
    second = client.get(url, {"page": 2, "page_size": 20}).json()
    assert len(second["items"]) == 11
    assert {i["id"] for i in first["items"]}.isdisjoint({i["id"] for i in second["items"]})


def test_page_size_is_at_most_100(client, org_admin, home_org, bulk_staff):
    bulk_staff(home_org, 120)
    client.force_login(org_admin)
    url = reverse("api-1:membership_list", kwargs={"org_id": home_org.pk})
    body = client.get(url, {"page_size": 500}).json()
    assert body["page_size"] == 100
    assert len(body["items"]) == 100


def test_a_page_number_past_any_database_offset_is_the_last_page_served(
    client, org_admin, home_org
):
    client.force_login(org_admin)
    url = reverse("api-1:membership_list", kwargs={"org_id": home_org.pk})
    response = client.get(url, {"page": 9_223_372_036_854_775_807})
    assert response.status_code == 200
    assert (response.json()["page"], response.json()["items"]) == (100_000, [])


def test_membership_query_count_does_not_grow(
    client, org_admin, home_org, bulk_staff, django_assert_num_queries
):
    from infoshare.partnerships.tests.conftest import count_queries

    client.force_login(org_admin)
    url = reverse("api-1:membership_list", kwargs={"org_id": home_org.pk})
    bulk_staff(home_org, 5, prefix="a")
    small = count_queries(client, url)
    bulk_staff(home_org, 300, prefix="b")
    with django_assert_num_queries(small):
        client.get(url)


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.BOARD_MEMBER, Role.AUDITOR])
def test_roles_that_cannot_see_staff_cannot_list_memberships(client, make_member, home_org, role):
    client.force_login(make_member(role, home_org))
    assert _get(client, "membership_list", org_id=home_org.pk).status_code == 403


def test_foreign_org_admin_cannot_list_memberships(client, foreign_org_user, home_org):
    client.force_login(foreign_org_user)
    assert _get(client, "membership_list", org_id=home_org.pk).status_code == 403


def test_signed_out_gets_401(client, home_org):
    assert _get(client, "organisation_list").status_code == 401
