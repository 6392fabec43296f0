"""The policy list's search through the real page: a board member searches by title and
organisation with the GET form, the answers are kept on the next page, and axe-core finds
nothing on the list searched, with nothing found, or in error, at full width and at 320
pixels (where nothing is wider than the screen)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.helpers import AxeChecker, sign_in
from e2e.journeys import person_with_role
from e2e.test_reflow import MEASURE_JS, NARROW, TOLERANCE_PX
from infoshare.core.roles import Role
from infoshare.governance.tests.factories import PolicyFactory
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    OrganisationFactory,
    PartnershipFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_board_member_searches_the_policies_by_title_and_organisation(page: Any) -> None:
    partnership = PartnershipFactory(name="Riverside Partnership")
    council: Any = OrganisationFactory(partnership=partnership, name="Riverside Council")
    school: Any = OrganisationFactory(partnership=partnership, name="Riverside School")
    for number in range(30):
        PolicyFactory(organisation=school, title=f"Records policy {number:02}")
    PolicyFactory(organisation=council, title="Records policy of the council")
    PolicyFactory(organisation=school, title="Escalation procedure")
    member = person_with_role(Role.BOARD_MEMBER, council, email="board@riverside.example")
    sign_in(page, member.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    axe = AxeChecker(page)

    page.goto(reverse("governance:policy_list"))
    page.get_by_label("Search by title").fill("records")
    page.get_by_label("Organisation").select_option(label="Riverside School")
    page.get_by_role("button", name="Search").click()
    table = page.get_by_role("table", name="Policies and procedures")
    expect(table.get_by_role("link", name="Records policy 00")).to_be_visible()
    expect(table.get_by_role("link", name="Records policy of the council")).to_have_count(0)
    expect(table.get_by_role("link", name="Escalation procedure")).to_have_count(0)
    axe.check("policies searched")

    page.get_by_role("link", name="Next page").click()
    expect(table.get_by_role("link", name="Records policy 29")).to_be_visible()
    expect(page.get_by_label("Search by title")).to_have_value("records")
    expect(page.get_by_label("Organisation")).to_have_value(str(school.pk))

    page.get_by_label("Search by title").fill("zebra")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No policies and procedures match your search.")).to_be_visible()
    axe.check("policies, nothing found")

    page.get_by_label("Search by title").fill("x" * 201)
    page.get_by_role("button", name="Search").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Search must be 200 characters or fewer")
    axe.check("policies, search in error")

    page.set_viewport_size(NARROW)
    page.goto(reverse("governance:policy_list") + f"?q=records&organisation={school.pk}")
    found = page.evaluate(MEASURE_JS)
    assert found["scrollWidth"] <= NARROW["width"] + TOLERANCE_PX, found["past"]
    axe.check("policies searched at 320 pixels")
    axe.assert_clean()
