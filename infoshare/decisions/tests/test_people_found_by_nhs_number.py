"""A person already recorded with an NHS number is found by it (API and the people page),
and the API's answer to adding them again names them, so that an integrator can use them
rather than record them twice. Whoever is shown is audited, the number masked."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.urls import reverse

from infoshare.audit.models import AuditEvent
from infoshare.decisions.models import Person
from infoshare.decisions.tests.factories import make_person
from infoshare.decisions.tests.test_api_decisions import Api
from infoshare.decisions.tests.test_people_pages import search

NHS = "9434765919"


def _searches() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="decisions.searched_people").order_by("id"))


@pytest.fixture
def api(client: Any, practitioner: Any) -> Api:
    return Api(client, practitioner)


@pytest.fixture
def known(home_org: Any, other_org: Any) -> Any:
    # The same number recorded by another organisation is theirs: never found here.
    make_person(organisation=other_org, given_name="Nhs", family_name="Elsewhere", nhs_number=NHS)
    return make_person(
        organisation=home_org,
        given_name="Nhs",
        family_name="Num",
        date_of_birth=dt.date(2015, 4, 1),
        nhs_number=NHS,
    )


class TestSearch:
    @pytest.mark.parametrize("typed", [NHS, "943 476 5919", " 943-476-5919 "])
    @pytest.mark.parametrize(
        ("method", "name"), [("post", "people_search_post"), ("get", "people_search")]
    )
    def test_the_api_finds_the_person_with_the_number(
        self, api: Api, known: Any, typed: str, method: str, name: str
    ) -> None:
        response = api.call(method, name, {"q": typed})
        assert response.status_code == 200
        assert [person["id"] for person in response.json()] == [known.pk]
        assert response.json()[0]["nhs_number"] == NHS

    def test_only_the_exact_number_is_found(self, api: Api, known: Any) -> None:
        response = api.call("post", "people_search_post", {"q": "9434765918"})
        assert response.json() == []

    def test_the_number_finds_them_whatever_date_of_birth_is_given(
        self, api: Api, known: Any
    ) -> None:
        terms = {"q": NHS, "date_of_birth": "2001-01-01"}
        response = api.call("post", "people_search_post", terms)
        assert [person["id"] for person in response.json()] == [known.pk]

    def test_the_search_is_audited_with_the_number_masked(
        self, api: Api, known: Any, home_org: Any
    ) -> None:
        api.call("post", "people_search_post", {"q": "943 476 5919"})
        (event,) = _searches()
        assert event.organisation_id == home_org.pk
        assert event.data["people"] == [known.pk]
        assert event.data["query"] == {"nhs_number": "*** *** *919", "date_of_birth": None}
        assert NHS not in json.dumps(event.data)
        assert "943 476 5919" not in json.dumps(event.data)

    def test_the_people_page_finds_the_person_with_the_number(
        self, signed_in_practitioner: Any, draft: Any, known: Any
    ) -> None:
        response = search(signed_in_practitioner, draft, {"q": "943 476 5919"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Nhs Num" in html
        assert f'name="person" value="{known.pk}"' in html
        assert "Elsewhere" not in html
        (event,) = _searches()
        assert event.data["people"] == [known.pk]
        assert NHS not in json.dumps(event.data)


class TestAddingThemAgain:
    @pytest.mark.parametrize("confirm_different", [False, True])
    def test_the_409_names_the_person_with_the_number(
        self, api: Api, known: Any, confirm_different: bool
    ) -> None:
        body = {
            "given_name": "Other",
            "family_name": "Person",
            "nhs_number": "943 476 5919",
            "confirm_different": confirm_different,
        }
        response = api.call("post", "people_create", body)
        assert response.status_code == 409
        error = response.json()["error"]
        assert error["code"] == "duplicate_nhs_number"
        assert "from the list" not in error["message"]
        assert set(error["fields"]) == {"nhs_number"}
        assert error["people"] == [
            {
                "id": known.pk,
                "given_name": "Nhs",
                "family_name": "Num",
                "date_of_birth": "2015-04-01",
                "local_reference": known.local_reference,
                "nhs_number": NHS,
                "role_in_case": known.role_in_case,
                "organisation_id": known.organisation_id,
            }
        ]
        # As search returns them.
        found = api.call("post", "people_search_post", {"q": NHS}).json()
        assert error["people"] == found
        assert Person.objects.filter(nhs_number=NHS).count() == 2  # this one and other_org's

    def test_who_was_shown_is_audited_with_the_number_masked(
        self, api: Api, known: Any, home_org: Any
    ) -> None:
        body = {"given_name": "Other", "family_name": "Person", "nhs_number": NHS}
        api.call("post", "people_create", body)
        (event,) = _searches()
        assert event.organisation_id == home_org.pk
        assert event.data["people"] == [known.pk]
        assert NHS not in json.dumps(event.data)

    def test_a_possible_duplicate_names_who_they_may_be(self, api: Api, known: Any) -> None:
        body = {"given_name": "Nhs", "family_name": "Numm", "date_of_birth": "2015-04-01"}
        response = api.call("post", "people_create", body)
        assert response.status_code == 409
        error = response.json()["error"]
        assert error["code"] == "possible_duplicate"
        assert "confirm_different" in error["message"]
        assert "from the list" not in error["message"]
        assert [person["id"] for person in error["people"]] == [known.pk]
        (event,) = _searches()
        assert event.data["people"] == [known.pk]
        confirmed = api.call("post", "people_create", body | {"confirm_different": True})
        assert confirmed.status_code == 201


class TestTheDescription:
    @pytest.fixture
    def openapi(self, client: Any, db: Any) -> dict[str, Any]:
        return client.get(reverse("api-1:openapi-json")).json()

    def test_the_409_is_documented_with_the_people(self, openapi: dict[str, Any]) -> None:
        answer = openapi["paths"]["/api/v1/people/"]["post"]["responses"]["409"]
        assert "people" in answer["description"]
        ref = answer["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        schemas = openapi["components"]["schemas"]
        error = schemas[schemas[ref]["properties"]["error"]["$ref"].rsplit("/", 1)[-1]]
        assert {"code", "message", "people"} <= set(error["required"])

    def test_the_names_of_a_new_person_are_required(
        self, openapi: dict[str, Any], api: Api
    ) -> None:
        person_in = openapi["components"]["schemas"]["PersonIn"]
        assert person_in["required"] == ["given_name", "family_name"]
        response = api.call("post", "people_create", {})
        assert response.status_code == 400
        fields = response.json()["error"]["fields"]
        assert fields["given_name"] == "Enter given name"
        assert fields["family_name"] == "Enter family name"
