"""The people page's live search in a real browser: typing part of a name (without
pressing Search) brings the person into the results, with no page load, the field
keeping focus and caret, the URL following (so that reload and Back show the same
search), no Content Security Policy violation, and nothing for axe to find."""

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
    steps.start_decision(page)
    # Set on this document: still there afterwards only if the page was never reloaded.
    page.evaluate("() => { window.liveSearchMarker = 'same page' }")

    name = page.get_by_label("Name", exact=True)
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
    name.press_sequentially("for", delay=60)
    expect(name).to_have_value("Okafor")
    expect(page).to_have_url(re.compile(r"[?&]q=Okafor(&|$)"))
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    # No snapshot of the page (people's names) is kept in the browser's session storage.
    assert page.evaluate("() => sessionStorage.getItem('htmx-history-cache')") is None
    assert_accessible(page)

    # The URL followed the search: reloading shows the same results.
    page.reload()
    expect(name).to_have_value("Okafor")
    expect(results.get_by_role("row").filter(has_text="Ava Okafor")).to_be_visible()

    page.get_by_role("button", name="Add Ava Okafor").click()
    expect(steps.heading(page)).to_have_text("Who is the information about?")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Ava Okafor")
    # Back: the search as it was typed (Ava, now added, is no longer among the results).
    page.go_back()
    expect(name).to_have_value("Okafor")
    expect(page.get_by_role("status")).to_have_text("0 possible matches")
