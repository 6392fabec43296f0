"""People with the same name are told apart wherever they are added, removed or listed:
each "Add" and "Remove" button's hidden text has the person's date of birth (or "date of
birth not known") and local reference, so that no two buttons read the same to a screen
reader, and check answers shows each person's date of birth beside their name."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from infoshare.decisions import services
from infoshare.decisions.tests.factories import answer_questions, make_person
from infoshare.decisions.tests.test_people_pages import search, url

BUTTON = re.compile(r'<button type="submit" name="action" value="(add|remove)"[^>]*>(.*?)</button>')


def buttons(html: str, action: str) -> list[str]:
    """Each button's name as a screen reader reads it (its text, hidden text and all)."""
    return [re.sub(r"<[^>]+>", "", text) for kind, text in BUTTON.findall(html) if kind == action]


@pytest.fixture
def two_robins(home_org: Any) -> list[Any]:
    return [
        make_person(
            organisation=home_org,
            given_name="Robin",
            family_name="Example",
            date_of_birth=dt.date(2016, 5, 14),
            local_reference="P-1",
        ),
        make_person(
            organisation=home_org,
            given_name="Robin",
            family_name="Example",
            date_of_birth=None,
            local_reference="",
        ),
    ]


def test_each_add_button_of_the_search_results_reads_differently(
    signed_in_practitioner: Any, draft: Any, two_robins: list[Any]
) -> None:
    html = search(signed_in_practitioner, draft, {"q": "Robin Example"}).content.decode()
    assert sorted(buttons(html, "add")) == [
        "Add Robin Example, born 14 May 2016, reference P-1",
        "Add Robin Example, date of birth not known",
    ]


def test_each_remove_button_of_the_people_added_reads_differently(
    signed_in_practitioner: Any, practitioner: Any, draft: Any, two_robins: list[Any]
) -> None:
    services.set_people(
        actor=practitioner, decision_id=draft.pk, add=[person.pk for person in two_robins]
    )
    html = signed_in_practitioner.get(url("people", draft)).content.decode()
    assert sorted(buttons(html, "remove")) == [
        "Remove Robin Example, born 14 May 2016, reference P-1",
        "Remove Robin Example, date of birth not known",
    ]


def test_each_add_button_of_the_possible_duplicates_reads_differently(
    signed_in_practitioner: Any, draft: Any, two_robins: list[Any]
) -> None:
    data = {
        "given_name": "Robin",
        "family_name": "Example",
        "dob_day": "14",
        "dob_month": "5",
        "dob_year": "2016",
        "role_in_case": "child",
    }
    response = signed_in_practitioner.post(url("person_new", draft), data)
    assert response.status_code == 400
    assert sorted(buttons(response.content.decode(), "add")) == [
        "Add Robin Example, born 14 May 2016, reference P-1",
        "Add Robin Example, date of birth not known",
    ]


def test_check_answers_shows_each_persons_date_of_birth(
    signed_in_practitioner: Any, practitioner: Any, draft: Any, two_robins: list[Any]
) -> None:
    services.set_people(
        actor=practitioner, decision_id=draft.pk, add=[person.pk for person in two_robins]
    )
    answer_questions(draft)
    response = signed_in_practitioner.get(url("check_answers", draft))
    assert response.status_code == 200
    html = response.content.decode()
    people = re.search(
        r'<dt class="govuk-summary-list__key">People</dt>\s*<dd[^>]*>(.*?)</dd>', html, re.DOTALL
    )
    assert people is not None
    assert sorted(people.group(1).split("<br>")) == [
        "Robin Example, born 14 May 2016, reference P-1",
        "Robin Example, date of birth not known",
    ]
