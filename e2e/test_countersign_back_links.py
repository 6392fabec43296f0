"""A manager countersigning, going back with the pages' Back links in a real browser
(which sends the page it was on, as the links' way back is read from it): from the home
page's panel, through the full record and back, they end on the home page, never sent
round between the record and the countersign page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from e2e.decision_steps import heading
from e2e.helpers import HOME, sign_in
from e2e.journeys import person_with_role
from infoshare.core.roles import Role
from infoshare.decisions.tests.factories import make_decision, make_person
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    OrganisationFactory,
    PartnershipFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COUNTERSIGN = "Countersign the record"


def back(page: Any) -> None:
    page.get_by_role("navigation", name="Back").get_by_role("link", name="Back").click()


def test_back_from_countersigning_ends_on_the_home_page(page: Any) -> None:
    partnership = PartnershipFactory(name="Riverside Partnership")
    school = OrganisationFactory(
        partnership=partnership, name="Riverside Primary School", countersign_required=True
    )
    practitioner = person_with_role(Role.PRACTITIONER, school, email="sam@riverside.example")
    manager = person_with_role(Role.MANAGER, school, email="mo@riverside.example")
    child = make_person(organisation=school, given_name="Eve", family_name="Okafor")
    record = make_decision(organisation=school, author=practitioner, people=[child])
    sign_in(page, manager.email, TEST_PASSWORD, TEST_TOTP_SECRET)

    # From the home page's panel, to the full record and back.
    page.get_by_role("region", name="Records to countersign").get_by_role(
        "link", name=record.label
    ).click()
    expect(heading(page)).to_have_text(COUNTERSIGN)
    page.get_by_role("link", name="Read the full record").click()
    expect(heading(page)).to_contain_text(f"Decision {record.label}")
    back(page)
    expect(heading(page)).to_have_text(COUNTERSIGN)
    back(page)
    expect(heading(page)).to_contain_text(f"Decision {record.label}")
    back(page)
    expect(page).to_have_url(HOME)

    # From the record's Countersign button: back to the record, then home.
    page.get_by_role("region", name="Records to countersign").get_by_role(
        "link", name=record.label
    ).click()
    page.get_by_role("link", name="Read the full record").click()
    page.get_by_role("button", name="Countersign").click()
    expect(heading(page)).to_have_text(COUNTERSIGN)
    back(page)
    expect(heading(page)).to_contain_text(f"Decision {record.label}")
    back(page)
    expect(page).to_have_url(HOME)
