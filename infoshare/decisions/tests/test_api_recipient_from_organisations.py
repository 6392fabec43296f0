"""An integrator with a practitioner's token finds a record's recipient in
GET /api/v1/organisations: the organisations listed are those the recipient page offers,
an id from the list is accepted, and a refused recipient says where the list is."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from infoshare.decisions.models import SharingDecision
from infoshare.decisions.tests.test_api_decisions import Api
from infoshare.partnerships.tests.factories import OrganisationFactory, PartnershipFactory

ENDPOINT = "GET /api/v1/organisations"


@pytest.fixture
def api(client: Any, practitioner: Any) -> Api:
    return Api(client, practitioner)


@pytest.fixture
def draft_id(api: Api, home_org: Any) -> int:
    response = api.call("post", "decision_create", {})
    assert response.status_code == 201
    return int(response.json()["id"])


@pytest.fixture
def closed(partnership: Any) -> Any:
    return OrganisationFactory(partnership=partnership, name="Closed Academy", is_active=False)


@pytest.fixture
def elsewhere(db: Any) -> Any:
    return OrganisationFactory(
        partnership=PartnershipFactory(name="Elsewhere Partnership"), name="Elsewhere Council"
    )


def _listed_ids(api: Api) -> list[int]:
    response = api.call("get", "organisation_list")
    assert response.status_code == 200
    return [item["id"] for item in response.json()["items"]]


def test_an_organisation_listed_is_accepted_as_the_recipient(
    api: Api, draft_id: int, home_org: Any, other_org: Any
) -> None:
    # The practitioner has no role in Other School: it is listed as a recipient all the same.
    assert other_org.pk in _listed_ids(api)
    response = api.call(
        "patch",
        "decision_update",
        {"direction": "sharing_out", "recipient_organisation_id": other_org.pk},
        decision_id=draft_id,
    )
    assert response.status_code == 200
    assert response.json()["recipient_organisation_id"] == other_org.pk
    assert SharingDecision.objects.get(pk=draft_id).recipient_organisation_id == other_org.pk


def test_the_list_is_the_recipient_pages_choice(
    client: Any,
    api: Api,
    draft_id: int,
    practitioner: Any,
    home_org: Any,
    other_org: Any,
    closed: Any,
    elsewhere: Any,
) -> None:
    client.force_login(practitioner)
    page = client.get(reverse("decisions:recipient", kwargs={"decision_id": draft_id}))
    assert page.status_code == 200
    offered = {int(pk) for pk in re.findall(r'<option value="(\d+)"', page.content.decode())}
    assert offered == {home_org.pk, other_org.pk}
    assert set(_listed_ids(api)) == offered


@pytest.mark.parametrize("which", ["closed", "elsewhere"])
def test_an_organisation_not_listed_is_refused_naming_the_list(
    api: Api, draft_id: int, request: pytest.FixtureRequest, which: str
) -> None:
    org = request.getfixturevalue(which)
    assert org.pk not in _listed_ids(api)
    response = api.call(
        "patch", "decision_update", {"recipient_organisation_id": org.pk}, decision_id=draft_id
    )
    assert response.status_code == 400
    error = response.json()["error"]
    problem = error["fields"]["recipient_organisation_id"]
    assert ENDPOINT in problem
    assert "from the list" not in problem
    assert ENDPOINT in error["message"]
    assert SharingDecision.objects.get(pk=draft_id).recipient_organisation_id is None


def test_a_recipient_that_is_not_an_id_is_refused_naming_the_list(api: Api, draft_id: int) -> None:
    response = api.call(
        "patch", "decision_update", {"recipient_organisation_id": "Riverside"}, decision_id=draft_id
    )
    assert response.status_code == 400
    problem = response.json()["error"]["fields"]["recipient_organisation_id"]
    assert ENDPOINT in problem
    assert "from the list" not in problem


def test_named_with_other_problems_the_recipient_still_names_the_list(
    api: Api, draft_id: int, elsewhere: Any
) -> None:
    body = {"recipient_organisation_id": elsewhere.pk, "not_a_field": 1}
    response = api.call("patch", "decision_update", body, decision_id=draft_id)
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"recipient_organisation_id", "not_a_field"}
    assert ENDPOINT in fields["recipient_organisation_id"]


def test_the_patch_schema_says_where_the_recipients_are(client: Any, db: Any) -> None:
    schema = client.get(reverse("api-1:openapi-json")).json()
    field = schema["components"]["schemas"]["PatchIn"]["properties"]["recipient_organisation_id"]
    assert ENDPOINT in field["description"]
