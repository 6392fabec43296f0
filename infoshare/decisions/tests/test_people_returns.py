"""Changing the people from check answers keeps the way back there, through Add, Remove
and the "Add a person" page; the duplicate warning's search for similar names is a POST."""

from __future__ import annotations

import datetime as dt
from typing import Any

from infoshare.decisions.tests.factories import make_person
from infoshare.decisions.tests.test_people_pages import back_link, url


def test_adding_and_removing_from_check_answers_keeps_the_way_back(
    signed_in_practitioner: Any, draft: Any, home_org: Any
) -> None:
    person = make_person(organisation=home_org, given_name="Jamie", family_name="Smith")
    people = url("people", draft) + "?return=check"
    added = signed_in_practitioner.post(people, {"action": "add", "person": person.pk})
    assert added.url == people
    removed = signed_in_practitioner.post(people, {"action": "remove", "person": person.pk})
    assert removed.url == people
    page = signed_in_practitioner.get(url("person_new", draft) + "?return=check")
    assert back_link(page.content.decode()) == people


def test_the_duplicate_warning_searches_for_similar_names_by_post(
    signed_in_practitioner: Any, draft: Any, home_org: Any
) -> None:
    make_person(
        organisation=home_org,
        given_name="Jamie",
        family_name="Smith",
        date_of_birth=dt.date(2015, 4, 1),
    )
    data = {
        "given_name": "Jamie",
        "family_name": "Smyth",
        "dob_day": "1",
        "dob_month": "4",
        "dob_year": "2015",
        "role_in_case": "child",
    }
    html = signed_in_practitioner.post(url("person_new", draft), data).content.decode()
    assert "?q=" not in html  # no name in any URL
    form = html[html.index('<input type="hidden" name="action" value="search">') - 400 :]
    assert f'action="{url("people", draft)}"' in form
    assert '<input type="hidden" name="q" value="Jamie Smyth">' in form
    found = signed_in_practitioner.post(
        url("people", draft), {"action": "search", "q": "Jamie Smyth"}
    )
    assert "Jamie Smith" in found.content.decode()


def test_the_similar_names_search_takes_names_as_long_as_they_may_be(
    signed_in_practitioner: Any, draft: Any, home_org: Any
) -> None:
    """Two names of the longest length and the space between are longer than the search
    takes: it searches for as much as it takes rather than refusing."""
    from infoshare.decisions.forms import SEARCH_MAX
    from infoshare.decisions.models.person import NAME_MAX

    make_person(organisation=home_org, given_name="A" * NAME_MAX, family_name="B" * NAME_MAX)
    data = {"given_name": "A" * NAME_MAX, "family_name": "B" * NAME_MAX, "role_in_case": "child"}
    html = signed_in_practitioner.post(url("person_new", draft), data).content.decode()
    sent = html.split('<input type="hidden" name="q" value="', 1)[1].split('"', 1)[0]
    assert len(sent) == SEARCH_MAX
    found = signed_in_practitioner.post(url("people", draft), {"action": "search", "q": sent})
    assert found.status_code == 200
