"""A date of birth mistyped by one digit (here, or when the person was recorded) no longer
splits a child's history across two person pages: the duplicate check on "Add a person"
and the people search offer a person with the same or a close name born on a near date
(one digit different, the day and the month swapped, or up to a week apart), never
another organisation's, audited as every person shown is, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from infoshare.audit.models import AuditEvent
from infoshare.decisions import errors
from infoshare.decisions.models import Person
from infoshare.decisions.tests.factories import make_person
from infoshare.decisions.tests.test_api_decisions import Api
from infoshare.decisions.tests.test_people_pages import search, url

BORN = dt.date(2016, 5, 14)


def add_person(client: Any, draft: Any, name: str, born: dt.date | None) -> Any:
    given, family = name.split()
    data = {"given_name": given, "family_name": family, "role_in_case": "child"}
    if born is not None:
        data |= dob(born)
    return client.post(url("person_new", draft), data)


def dob(born: dt.date) -> dict[str, str]:
    return {"dob_day": str(born.day), "dob_month": str(born.month), "dob_year": str(born.year)}


def offered(html: str) -> list[int]:
    """The people a page offers to add, in its order."""
    return [int(pk) for pk in re.findall(r'name="person" value="(\d+)"', html)]


def searches_since(last_id: int) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(action="decisions.searched_people", id__gt=last_id).order_by("id")
    )


def last_event_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.fixture
def robin(home_org: Any) -> Person:
    return make_person(
        organisation=home_org, given_name="Robin", family_name="Example", date_of_birth=BORN
    )


class TestTheDuplicateCheckOffersANearDateOfBirth:
    @pytest.mark.parametrize(
        ("recorded", "typed"),
        [
            (BORN, dt.date(2016, 5, 15)),  # the day one digit out (the review's case)
            (BORN, dt.date(2016, 6, 14)),  # the month one digit out
            (BORN, dt.date(2017, 5, 14)),  # the year one digit out
            (BORN, dt.date(2016, 5, 24)),  # the day one digit out, 10 days apart
            (dt.date(2016, 5, 4), dt.date(2016, 4, 5)),  # the day and month swapped
            (dt.date(2016, 5, 29), dt.date(2016, 6, 3)),  # 5 days apart, over a month end
            (dt.date(2015, 12, 30), dt.date(2016, 1, 4)),  # 5 days apart, over a year end
        ],
    )
    def test_the_same_name_born_on_a_near_date_is_offered_and_not_added_again(
        self,
        signed_in_practitioner: Any,
        draft: Any,
        home_org: Any,
        recorded: dt.date,
        typed: dt.date,
    ) -> None:
        known = make_person(
            organisation=home_org,
            given_name="Robin",
            family_name="Example",
            date_of_birth=recorded,
        )
        response = add_person(signed_in_practitioner, draft, "Robin Example", typed)
        assert response.status_code == 400
        html = response.content.decode()
        assert "Your organisation may already have recorded this person." in html
        assert errors.DUPLICATE_PERSON_MESSAGE in html
        assert offered(html) == [known.pk]
        assert Person.objects.filter(organisation=home_org).count() == 1

    def test_a_close_name_born_on_a_near_date_is_offered_too(
        self, signed_in_practitioner: Any, draft: Any, robin: Person
    ) -> None:
        response = add_person(signed_in_practitioner, draft, "Robyn Example", BORN.replace(day=15))
        assert response.status_code == 400
        assert offered(response.content.decode()) == [robin.pk]

    def test_the_same_date_of_birth_comes_before_a_near_one(
        self, signed_in_practitioner: Any, draft: Any, home_org: Any, robin: Person
    ) -> None:
        same = make_person(
            organisation=home_org,
            given_name="Robin",
            family_name="Example",
            date_of_birth=BORN.replace(day=15),
        )
        response = add_person(signed_in_practitioner, draft, "Robin Example", BORN.replace(day=15))
        assert offered(response.content.decode()) == [same.pk, robin.pk]

    def test_the_warnings_given_before_are_still_given(
        self, signed_in_practitioner: Any, draft: Any, robin: Person
    ) -> None:
        similar_name = add_person(signed_in_practitioner, draft, "Bobby Example", BORN)
        assert similar_name.status_code == 400
        assert offered(similar_name.content.decode()) == [robin.pk]
        no_date = add_person(signed_in_practitioner, draft, "Robin Example", None)
        assert no_date.status_code == 400
        assert offered(no_date.content.decode()) == [robin.pk]

    @pytest.mark.parametrize(
        "typed",
        [
            dt.date(2013, 8, 20),  # every part different
            dt.date(2016, 5, 22),  # 8 days apart, two digits different
            dt.date(2016, 11, 14),  # the month two digits different
        ],
    )
    def test_a_date_of_birth_further_off_is_a_different_person(
        self, signed_in_practitioner: Any, draft: Any, home_org: Any, robin: Person, typed: Any
    ) -> None:
        response = add_person(signed_in_practitioner, draft, "Robin Example", typed)
        assert response.status_code == 302
        assert Person.objects.filter(organisation=home_org).count() == 2

    def test_a_different_name_born_on_a_near_date_is_a_different_person(
        self, signed_in_practitioner: Any, draft: Any, home_org: Any, robin: Person
    ) -> None:
        response = add_person(signed_in_practitioner, draft, "Sam Jones", BORN.replace(day=15))
        assert response.status_code == 302

    def test_another_organisations_person_is_never_offered(
        self, signed_in_practitioner: Any, draft: Any, home_org: Any, other_org: Any
    ) -> None:
        make_person(
            organisation=other_org, given_name="Robin", family_name="Example", date_of_birth=BORN
        )
        response = add_person(signed_in_practitioner, draft, "Robin Example", BORN.replace(day=15))
        assert response.status_code == 302
        assert Person.objects.filter(organisation=home_org).count() == 1

    def test_the_person_offered_is_audited_as_shown(
        self, signed_in_practitioner: Any, draft: Any, robin: Person
    ) -> None:
        since = last_event_id()
        add_person(signed_in_practitioner, draft, "Robin Example", BORN.replace(day=15))
        (event,) = searches_since(since)
        assert event.data["people"] == [robin.pk]
        assert event.data["query"]["date_of_birth"] == "2016-05-15"

    def test_the_api_refuses_the_near_duplicate_until_confirmed(
        self, client: Any, practitioner: Any, robin: Person
    ) -> None:
        api = Api(client, practitioner)
        person = {
            "given_name": "Robin",
            "family_name": "Example",
            "date_of_birth": "2016-05-15",
            "role_in_case": "child",
        }
        refused = api.call("post", "people_create", person)
        assert refused.status_code == 409
        confirmed = api.call("post", "people_create", person | {"confirm_different": True})
        assert confirmed.status_code == 201


class TestTheSearchFindsANearDateOfBirth:
    def test_the_reviews_search_finds_the_person(
        self, signed_in_practitioner: Any, draft: Any, robin: Person
    ) -> None:
        terms = {"q": "Robin"} | dob(dt.date(2017, 5, 14))
        response = search(signed_in_practitioner, draft, terms)
        html = response.content.decode()
        assert "1 possible match<" in html
        assert offered(html) == [robin.pk]

    def test_those_born_on_the_date_given_come_first(
        self, signed_in_practitioner: Any, draft: Any, home_org: Any, robin: Person
    ) -> None:
        typed = dt.date(2017, 5, 14)
        exact = make_person(
            organisation=home_org, given_name="Robin", family_name="Example", date_of_birth=typed
        )
        close_name = make_person(
            organisation=home_org, given_name="Robyn", family_name="Example", date_of_birth=typed
        )
        near_close_name = make_person(
            organisation=home_org,
            given_name="Robyn",
            family_name="Example",
            date_of_birth=dt.date(2017, 5, 15),
        )
        # Not found: born further off, or a name not like the one typed.
        make_person(
            organisation=home_org,
            given_name="Robin",
            family_name="Example",
            date_of_birth=dt.date(2010, 1, 1),
        )
        make_person(
            organisation=home_org, given_name="Sam", family_name="Jones", date_of_birth=typed
        )
        make_person(
            organisation=home_org,
            given_name="Sam",
            family_name="Jones",
            date_of_birth=dt.date(2017, 5, 15),
        )
        since = last_event_id()
        response = search(signed_in_practitioner, draft, {"q": "Robin Example"} | dob(typed))
        shown = offered(response.content.decode())
        assert shown == [exact.pk, close_name.pk, robin.pk, near_close_name.pk]
        (event,) = searches_since(since)
        assert event.data["people"] == shown

    def test_a_date_of_birth_alone_finds_only_those_born_on_it(
        self, signed_in_practitioner: Any, draft: Any, robin: Person
    ) -> None:
        response = search(signed_in_practitioner, draft, dob(BORN.replace(day=15)))
        assert offered(response.content.decode()) == []

    def test_another_organisations_person_is_never_found(
        self, signed_in_practitioner: Any, draft: Any, other_org: Any
    ) -> None:
        make_person(
            organisation=other_org, given_name="Robin", family_name="Example", date_of_birth=BORN
        )
        response = search(signed_in_practitioner, draft, {"q": "Robin"} | dob(BORN))
        assert offered(response.content.decode()) == []
        response = search(signed_in_practitioner, draft, {"q": "Robin"} | dob(BORN.replace(day=15)))
        assert offered(response.content.decode()) == []

    def test_the_first_letters_of_a_name_find_only_the_date_given(
        self, signed_in_practitioner: Any, draft: Any, robin: Person
    ) -> None:
        """A near date is offered for a name typed in full (or nearly): the first letters of
        one would offer too many."""
        near = dob(BORN.replace(day=15))
        assert (
            offered(search(signed_in_practitioner, draft, {"q": "R"} | near).content.decode()) == []
        )
        found = search(signed_in_practitioner, draft, {"q": "Robin Exampel"} | near)
        assert offered(found.content.decode()) == [robin.pk]
        same = search(signed_in_practitioner, draft, {"q": "R"} | dob(BORN))
        assert offered(same.content.decode()) == [robin.pk]

    def test_the_api_search_finds_the_person(
        self, client: Any, practitioner: Any, robin: Person
    ) -> None:
        api = Api(client, practitioner)
        terms = {"q": "Robin Example", "date_of_birth": "2016-05-15"}
        found = api.call("post", "people_search_post", terms).json()
        assert [person["id"] for person in found] == [robin.pk]


class TestQueriesDoNotGrowWithThePeople:
    def test_the_search_and_the_duplicate_check_take_the_same_queries_for_2_and_20(
        self, signed_in_practitioner: Any, draft: Any, home_org: Any
    ) -> None:
        client = signed_in_practitioner
        terms = {"q": "Robin Example"} | dob(BORN)
        search(client, draft, terms)  # warm up
        counts: dict[str, list[int]] = {"search": [], "duplicate check": []}
        for size in (2, 20):
            day = 0
            while Person.objects.filter(organisation=home_org).count() < size:
                day += 1
                make_person(
                    organisation=home_org,
                    given_name="Robin",
                    family_name="Example",
                    date_of_birth=BORN + dt.timedelta(days=day % 7),
                )
            with CaptureQueriesContext(connection) as queries:
                found = search(client, draft, terms)
            assert len(offered(found.content.decode())) == size
            counts["search"].append(len(queries))
            with CaptureQueriesContext(connection) as queries:
                checked = add_person(client, draft, "Robin Example", BORN.replace(day=15))
            assert checked.status_code == 400
            assert len(offered(checked.content.decode())) == min(size, 10)
            counts["duplicate check"].append(len(queries))
        assert counts["search"][0] == counts["search"][1]
        assert counts["duplicate check"][0] == counts["duplicate check"][1]


class TestManyPeopleWithLikeNames:
    def test_a_near_date_of_birth_is_not_left_out_for_people_born_further_off(
        self, signed_in_practitioner: Any, draft: Any, home_org: Any, practitioner: Any
    ) -> None:
        """More people with names beginning alike than the search weighs (older records
        first): those born on the date typed, or a near one, are weighed first."""
        Person.objects.bulk_create(
            Person(
                organisation=home_org,
                given_name="Rory",
                family_name=f"Exley{number}",
                date_of_birth=dt.date(2010, 1, 1),
                created_by=practitioner,
            )
            for number in range(210)
        )
        known = make_person(
            organisation=home_org, given_name="Robin", family_name="Example", date_of_birth=BORN
        )
        checked = add_person(signed_in_practitioner, draft, "Robin Example", BORN.replace(day=15))
        assert offered(checked.content.decode()) == [known.pk]
        terms = {"q": "Robin Example"} | dob(BORN.replace(day=15))
        assert offered(search(signed_in_practitioner, draft, terms).content.decode()) == [known.pk]
