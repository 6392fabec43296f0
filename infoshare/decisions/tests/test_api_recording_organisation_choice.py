"""Someone who records for more than one organisation says which one a draft, a search
or a new person is for: the API never files them under one of them by guesswork. Someone
who records for one organisation need not say; an organisation where they do not record
is refused, naming organisation_id (and what they may choose)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from infoshare.core.roles import Role
from infoshare.decisions import errors
from infoshare.decisions.models import Person, SharingDecision
from infoshare.decisions.tests.factories import make_person
from infoshare.decisions.tests.test_api_decisions import Api
from infoshare.partnerships.tests.factories import MembershipFactory, OrganisationFactory


@pytest.fixture
def police(partnership: Any) -> Any:
    # Named to sort after the home organisation, and made after it: a higher id too.
    return OrganisationFactory(partnership=partnership, name="Northshire Police")


@pytest.fixture
def two_orgs(advisor: Any, home_org: Any, police: Any) -> Any:
    """An advisor of the home council who is also a practitioner with the police."""
    MembershipFactory(person=advisor, organisation=police, role=Role.PRACTITIONER)
    return advisor


@pytest.fixture
def api(client: Any, two_orgs: Any) -> Api:
    return Api(client, two_orgs)


def _choices(home_org: Any, police: Any) -> str:
    return f"{home_org.pk} (Home Council) or {police.pk} (Northshire Police)"


class TestStartingADraft:
    def test_without_an_organisation_it_is_refused_naming_those_to_choose_from(
        self, api: Api, home_org: Any, police: Any
    ) -> None:
        response = api.call("post", "decision_create", {}, headers={"Idempotency-Key": "m-1"})
        assert response.status_code == 400
        error = response.json()["error"]
        assert "organisation_id" in error["message"]
        assert error["fields"] == {"organisation_id": f"Choose one of {_choices(home_org, police)}"}
        assert not SharingDecision.objects.exists()

    @pytest.mark.parametrize("which", ["home_org", "police"])
    def test_the_organisation_named_is_the_drafts(
        self, api: Api, request: pytest.FixtureRequest, which: str
    ) -> None:
        chosen = request.getfixturevalue(which)
        response = api.call("post", "decision_create", {"organisation_id": chosen.pk})
        assert response.status_code == 201
        assert response.json()["organisation_id"] == chosen.pk

    def test_an_organisation_where_they_do_not_record_is_refused_naming_the_choices(
        self, api: Api, home_org: Any, police: Any, other_org: Any
    ) -> None:
        response = api.call("post", "decision_create", {"organisation_id": other_org.pk})
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["fields"] == {
            "organisation_id": "You cannot record decisions for that organisation. "
            f"Choose one of {_choices(home_org, police)}"
        }
        assert not SharingDecision.objects.exists()

    def test_someone_who_records_for_one_organisation_need_not_name_it(
        self, client: Any, practitioner: Any, home_org: Any
    ) -> None:
        response = Api(client, practitioner).call("post", "decision_create", {})
        assert response.status_code == 201
        assert response.json()["organisation_id"] == home_org.pk

    def test_the_start_page_asks_and_starts_the_draft_for_the_one_chosen(
        self, client: Any, two_orgs: Any, police: Any
    ) -> None:
        client.force_login(two_orgs)
        refused = client.post(reverse("decisions:start"), {})
        assert refused.status_code == 400
        assert "Select the organisation you are recording this for" in refused.content.decode()
        assert not SharingDecision.objects.exists()
        started = client.post(reverse("decisions:start"), {"organisation": police.pk})
        assert started.status_code == 302
        assert SharingDecision.objects.get().organisation_id == police.pk


class TestSearchingPeople:
    @pytest.fixture
    def dunns(self, police: Any, home_org: Any) -> list[Any]:
        make_person(organisation=home_org, given_name="Dunn", family_name="Council")
        return [
            make_person(organisation=police, given_name="Alfie", family_name="Dunn"),
            make_person(organisation=police, given_name="Kerry", family_name="Dunn"),
        ]

    @pytest.mark.parametrize(
        ("method", "name"), [("post", "people_search_post"), ("get", "people_search")]
    )
    def test_without_an_organisation_it_is_refused_naming_those_to_choose_from(
        self, api: Api, dunns: Any, home_org: Any, police: Any, method: str, name: str
    ) -> None:
        response = api.call(method, name, {"q": "Dunn"})
        assert response.status_code == 400
        assert response.json()["error"]["fields"] == {
            "organisation_id": f"Choose one of {_choices(home_org, police)}"
        }

    def test_the_organisation_named_is_searched(
        self, api: Api, dunns: list[Any], police: Any
    ) -> None:
        response = api.call(
            "post", "people_search_post", {"q": "Dunn", "organisation_id": police.pk}
        )
        assert response.status_code == 200
        assert sorted(person["id"] for person in response.json()) == [p.pk for p in dunns]

    @pytest.mark.parametrize(
        ("method", "name"), [("post", "people_search_post"), ("get", "people_search")]
    )
    def test_another_organisations_people_are_refused_saying_so(
        self, client: Any, practitioner: Any, home_org: Any, other_org: Any, method: str, name: str
    ) -> None:
        make_person(organisation=other_org, given_name="Alfie", family_name="Dunn")
        response = Api(client, practitioner).call(
            method, name, {"q": "Dunn", "organisation_id": other_org.pk}
        )
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["fields"] == {
            "organisation_id": "You cannot search the people of that organisation. "
            f"Choose one of {home_org.pk} (Home Council)"
        }
        assert errors.NO_ORGANISATION_MESSAGE not in str(error)


class TestAddingAPerson:
    def test_without_an_organisation_it_is_refused_naming_those_to_choose_from(
        self, api: Api, home_org: Any, police: Any
    ) -> None:
        response = api.call("post", "people_create", {"given_name": "Alfie", "family_name": "Dunn"})
        assert response.status_code == 400
        assert response.json()["error"]["fields"] == {
            "organisation_id": f"Choose one of {_choices(home_org, police)}"
        }
        assert not Person.objects.exists()

    def test_the_person_is_added_to_the_organisation_named(self, api: Api, police: Any) -> None:
        body = {"given_name": "Alfie", "family_name": "Dunn", "organisation_id": police.pk}
        response = api.call("post", "people_create", body)
        assert response.status_code == 201
        assert Person.objects.get().organisation_id == police.pk

    def test_another_organisation_is_refused_saying_so(self, api: Api, other_org: Any) -> None:
        body = {"given_name": "Alfie", "family_name": "Dunn", "organisation_id": other_org.pk}
        response = api.call("post", "people_create", body)
        assert response.status_code == 400
        message = response.json()["error"]["fields"]["organisation_id"]
        assert message.startswith("You cannot add people to that organisation. Choose one of")
        assert not Person.objects.exists()
