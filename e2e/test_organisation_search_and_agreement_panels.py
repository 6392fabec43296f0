"""In a browser, with axe-core on each page: searching the organisation list (results on
two pages, no results, a search too long), and the home page's agreements panel leading
to the register filtered to everything waiting for the person's signature."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.helpers import AxeChecker, sign_in
from e2e.journeys import person_with_role
from infoshare.agreements.models import Status
from infoshare.agreements.tests.factories import AgreementPartyFactory, make_agreement
from infoshare.core.roles import Role
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    OrganisationFactory,
    PartnershipFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_organisation_list_is_searched_by_name(page: Any) -> None:
    partnership = PartnershipFactory(name="Search Partnership")
    council = OrganisationFactory(partnership=partnership, name="Search Council")
    for n in range(30):
        OrganisationFactory(partnership=partnership, name=f"Riverside School {n:02d}")
    admin = person_with_role(Role.PARTNERSHIP_ADMIN, council, email="admin@search.example")
    sign_in(page, admin.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    axe = AxeChecker(page)

    page.goto(reverse("partnerships:organisation_list"))
    page.get_by_label("Search by name").fill("riverside")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("Organisations matching “riverside” (30)")).to_be_visible()
    expect(page.get_by_role("link", name="Search Council")).to_have_count(0)
    axe.check("organisation search")
    page.get_by_role("link", name="Next page").click()
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    expect(page.get_by_role("link", name="Riverside School 29")).to_be_visible()
    expect(page.get_by_label("Search by name")).to_have_value("riverside")

    page.get_by_label("Search by name").fill("Nowhere")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No organisations match “Nowhere”.")).to_be_visible()
    axe.check("organisation search with no results")

    page.get_by_label("Search by name").fill("x" * 101)
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page).to_have_title("Error: Organisations \N{EN DASH} Infoshare")
    axe.check("organisation search with an error")
    page.get_by_role("link", name="Clear search").click()
    expect(page.get_by_text("Organisations you can see (31)")).to_be_visible()
    expect(page.get_by_label("Search by name")).to_have_value("")
    axe.assert_clean()


def test_the_signature_panel_leads_to_everything_waiting_to_be_signed(page: Any) -> None:
    partnership = PartnershipFactory(name="Panel Partnership")
    council = OrganisationFactory(partnership=partnership, name="Panel Council")
    advisor = person_with_role(Role.ADVISOR, council, email="advisor@panel.example")
    for n in range(12):
        agreement = make_agreement(
            lead_organisation=council, title=f"Agreement {n:02d}", status=Status.AWAITING_SIGNATURE
        )
        AgreementPartyFactory(agreement=agreement, organisation=council, signatory=advisor)
    sign_in(page, advisor.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    axe = AxeChecker(page)

    page.goto(reverse("core:home"))
    panel = page.locator("section").filter(
        has=page.get_by_role("heading", name="Agreements awaiting your signature")
    )
    expect(panel.get_by_role("listitem")).to_have_count(5)
    panel.get_by_role(
        "link", name="See all 12 agreements awaiting your signature (7 more than shown here)"
    ).click()
    expect(page.get_by_role("heading", name="Agreements register")).to_be_visible()
    expect(page.get_by_label("Waiting for your signature")).to_be_checked()
    expect(page.get_by_role("link", name="Agreement 11")).to_be_visible()
    axe.check("register filtered to agreements waiting for your signature")
    axe.assert_clean()
