"""POST /api/v1/people's 409 for someone who may already be recorded names the fields that
matched (never `"fields": null`) and the ids of whom they may be: only the people of the
organisation the caller records for, whom their own search finds too."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from infoshare.core.roles import Role
from infoshare.decisions.models import Person
from infoshare.decisions.tests.factories import make_person
from infoshare.decisions.tests.test_api_decisions import Api
from infoshare.partnerships.tests.factories import MembershipFactory

BORN = dt.date(2016, 5, 14)


@pytest.fixture
def api(client: Any, practitioner: Any) -> Api:
    return Api(client, practitioner)


@pytest.fixture
def riley(home_org: Any) -> Person:
    return make_person(
        organisation=home_org, given_name="Riley", family_name="Evans", date_of_birth=BORN
    )


@pytest.fixture
def theirs(other_org: Any) -> Person:
    """The same child recorded by another organisation of the partnership: not the
    caller's to see."""
    return make_person(
        organisation=other_org, given_name="Riley", family_name="Evans", date_of_birth=BORN
    )


def _conflict(api: Api, body: dict[str, Any]) -> dict[str, Any]:
    response = api.call("post", "people_create", body)
    assert response.status_code == 409
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == "possible_duplicate"
    return error


def _search(api: Api, q: str) -> list[int]:
    response = api.call("post", "people_search_post", {"q": q})
    assert response.status_code == 200
    return [person["id"] for person in response.json()]


def test_the_name_and_the_date_of_birth_that_matched_are_named(
    api: Api, riley: Person, theirs: Person
) -> None:
    error = _conflict(
        api, {"given_name": "Riley", "family_name": "Evens", "date_of_birth": "2016-05-15"}
    )
    assert set(error["fields"]) == {"given_name", "family_name", "date_of_birth"}
    assert all(error["fields"].values())
    assert [person["id"] for person in error["people"]] == [riley.pk]


def test_without_a_date_of_birth_the_name_is_named(api: Api, riley: Person) -> None:
    error = _conflict(api, {"given_name": "Riley", "family_name": "Evans"})
    assert set(error["fields"]) == {"given_name", "family_name"}
    assert [person["id"] for person in error["people"]] == [riley.pk]


def test_a_date_of_birth_not_known_on_their_side_is_not_named(api: Api, home_org: Any) -> None:
    unknown = make_person(
        organisation=home_org, given_name="Riley", family_name="Evans", date_of_birth=None
    )
    error = _conflict(
        api, {"given_name": "Riley", "family_name": "Evans", "date_of_birth": BORN.isoformat()}
    )
    assert set(error["fields"]) == {"given_name", "family_name"}
    assert [person["id"] for person in error["people"]] == [unknown.pk]


def test_only_people_the_callers_search_finds_are_named(
    api: Api, riley: Person, theirs: Person
) -> None:
    error = _conflict(api, {"given_name": "Riley", "family_name": "Evans"})
    named = [person["id"] for person in error["people"]]
    assert theirs.pk not in named
    assert set(named) <= set(_search(api, "Riley Evans"))


def test_someone_recording_for_two_organisations_sees_only_the_one_named(
    api: Api, practitioner: Any, riley: Person, theirs: Person, other_org: Any
) -> None:
    MembershipFactory(person=practitioner, organisation=other_org, role=Role.PRACTITIONER)
    body = {"given_name": "Riley", "family_name": "Evans", "organisation_id": other_org.pk}
    error = _conflict(api, body)
    assert [person["id"] for person in error["people"]] == [theirs.pk]


def test_the_schema_says_fields_is_always_there(client: Any, db: Any) -> None:
    from django.urls import reverse

    schema = client.get(reverse("api-1:openapi-json")).json()
    duplicate = schema["components"]["schemas"]["DuplicateError"]
    assert {"fields", "people"} <= set(duplicate["required"])
