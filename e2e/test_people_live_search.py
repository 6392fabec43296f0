"""The people page's live search in a real browser: typing part of a name (without
pressing Search) brings the person into the results, with no page load, the field
keeping focus and caret, no Content Security Policy violation, and nothing for axe to
find. The search is posted (with the form's CSRF token): no name or date of birth ever
appears in a URL, the address bar or the browser's history, and a reload shows no
results. Without htmx, the Search button posts the same form."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from e2e import decision_steps as steps
from e2e.helpers import assert_accessible, sign_in
from e2e.journeys import person_with_role
from infoshare.core.roles import Role
from infoshare.decisions.tests.factories import make_person
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    OrganisationFactory,
    PartnershipFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_typing_a_name_shows_the_person_without_pressing_search(page: Any) -> None:
    school = OrganisationFactory(
        partnership=PartnershipFactory(name="Riverside Partnership"),
        name="Riverside Primary School",
    )
    sam = person_with_role(
        Role.PRACTITIONER, school, email="sam@riverside.example", full_name="Sam Taylor"
    )
    make_person(
        organisation=school,
        given_name="Ava",
        family_name="Okafor",
        date_of_birth=dt.date(2016, 3, 14),
    )
    make_person(organisation=school, given_name="Ben", family_name="Mensah")
    sign_in(page, sam.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    decision_id = steps.start_decision(page)
    people_page = re.compile(rf"/decisions/{decision_id}/people/$")
    # Every request the page makes from here: none may carry the terms in its URL.
    sent: list[tuple[str, str, str]] = []
    page.on(
        "request",
        lambda request: sent.append((request.method, request.url, request.post_data or "")),
    )
    # Set on this document: still there afterwards only if the page was never reloaded.
    page.evaluate("() => { window.liveSearchMarker = 'same page' }")
    entries = page.evaluate("() => history.length")

    name = page.get_by_label("Name or NHS number", exact=True)
    name.click()
    name.press_sequentially("Oka", delay=60)

    results = page.locator("#search-results")
    expect(results.get_by_role("row").filter(has_text="Ava Okafor")).to_be_visible()
    expect(results).not_to_contain_text("Ben Mensah")
    expect(page.get_by_role("status")).to_have_text("1 possible match")
    assert page.evaluate("() => window.liveSearchMarker") == "same page"
    # Only the results were swapped: the field keeps focus, value and caret, and typing
    # goes on where it was.
    expect(name).to_be_focused()
    expect(name).to_have_value("Oka")
    assert page.evaluate("() => document.activeElement.selectionStart") == 3
    with page.expect_response(
        lambda response: "q=Okafor" in (response.request.post_data or "")
    ) as answered:
        name.press_sequentially("for", delay=60)
    assert answered.value.status == 200
    expect(name).to_have_value("Okafor")
    expect(page.get_by_role("status")).to_have_text("1 possible match")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    # The search was posted, with the form's CSRF token; the address bar stayed as it was.
    expect(page).to_have_url(people_page)
    searches = [body for method, _, body in sent if method == "POST"]
    assert any("q=Okafor" in body for body in searches), sent
    assert all("action=search" in body and "csrfmiddlewaretoken=" in body for body in searches)
    assert not [url for _, url, _ in sent if "Oka" in url or "q=" in url], sent
    # No snapshot of the page (people's names) is kept in the browser's session storage,
    # and the history holds no entry for the search.
    assert page.evaluate("() => sessionStorage.getItem('htmx-history-cache')") is None
    assert page.evaluate("() => history.length") == entries
    assert_accessible(page)

    # A reload asks for the page again (GET): it shows no results.
    page.reload()
    expect(steps.heading(page)).to_have_text("Who is the information about?")
    expect(page).to_have_url(people_page)
    expect(page.get_by_role("status")).to_have_text("")
    expect(results.get_by_role("row")).to_have_count(0)

    # The Search button sends the form itself (a full page, the answer to its POST).
    name.fill("Okafor")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(results.get_by_role("row").filter(has_text="Ava Okafor")).to_be_visible()
    expect(page).to_have_url(people_page)
    expect(name).to_have_value("Okafor")

    page.get_by_role("button", name="Add Ava Okafor").click()
    expect(steps.heading(page)).to_have_text("Who is the information about?")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Ava Okafor")
    expect(page).to_have_url(people_page)
    assert not [url for _, url, _ in sent if "Oka" in url or "q=" in url], sent


def test_a_date_of_birth_typed_in_full_with_a_problem_is_said_not_ignored(page: Any) -> None:
    """A finished date that is not a real one (45/13/2015) does not leave the results of
    the name alone on the screen as if they matched it: they are cleared, and the status
    region (announced) says what is wrong, as the Search button would."""
    school = OrganisationFactory(
        partnership=PartnershipFactory(name="Riverside Partnership"),
        name="Riverside Primary School",
    )
    sam = person_with_role(
        Role.PRACTITIONER, school, email="sam@riverside.example", full_name="Sam Taylor"
    )
    make_person(
        organisation=school,
        given_name="Robin",
        family_name="Hale",
        date_of_birth=dt.date(2016, 5, 14),
    )
    sign_in(page, sam.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    steps.start_decision(page)

    name = page.get_by_label("Name or NHS number", exact=True)
    name.click()
    name.press_sequentially("Robin", delay=60)
    results = page.locator("#search-results")
    status = page.get_by_role("status")
    expect(status).to_have_text("1 possible match")
    expect(results.get_by_role("row").filter(has_text="Robin Hale")).to_be_visible()

    born = page.get_by_role("group", name="Date of birth (optional)")
    born.get_by_label("Day").press_sequentially("45", delay=60)
    born.get_by_label("Month").press_sequentially("13", delay=60)
    year = born.get_by_label("Year")
    year.press_sequentially("2015", delay=60)
    expect(status).to_have_text(re.compile(r"^Error: Date of birth must be a real date"))
    expect(results.get_by_role("row")).to_have_count(0)
    # Only the two regions were swapped: the year keeps focus and what was typed.
    expect(year).to_be_focused()
    expect(year).to_have_value("2015")
    assert_accessible(page)
