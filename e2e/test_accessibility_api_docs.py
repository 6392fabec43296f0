"""The API documentation page, reached from the footer of the sign-in page, has no axe
violations (WCAG 2.1 A and AA, plus best practice). It replaced django-ninja's Swagger page
as the footer's target; the explorer stays available as a linked developer tool."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.helpers import AxeChecker

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_api_documentation_page_has_no_axe_violations(page: Any) -> None:
    page.goto(reverse("account_login"))
    page.get_by_role("contentinfo").get_by_role("link", name="API documentation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API documentation")
    expect(page).to_have_title("API documentation \N{EN DASH} Infoshare")
    expect(
        page.get_by_role("heading", level=2, name="Authenticate with a personal API token")
    ).to_be_visible()
    expect(
        page.get_by_role("link", name="Interactive API explorer (developer tool)")
    ).to_be_visible()
    axe = AxeChecker(page)
    axe.check("api documentation")
    axe.assert_clean()
