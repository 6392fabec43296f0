"""An advisor answers a question, finds it again under "Answered" (with the time to first
response), closes it and finds it under "Closed": through the real pages, without
JavaScript-only controls, and axe-core (WCAG 2.1 A and AA) finds nothing on the lists,
their search error and the request's page with its close form."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from e2e.decision_steps import heading
from e2e.helpers import AxeChecker, sign_in
from e2e.journeys import person_with_role
from infoshare.advice.models import Status
from infoshare.advice.tests.factories import AdviceRequestFactory
from infoshare.core.roles import Role
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    OrganisationFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_advisor_finds_answered_and_closed_requests(page: Any) -> None:
    org: Any = OrganisationFactory(name="Riverside Council")
    advisor = person_with_role(Role.ADVISOR, org, email="ada@riverside.example")
    asker = person_with_role(Role.PRACTITIONER, org, full_name="Priya Shah")
    asked: Any = AdviceRequestFactory(
        organisation=org,
        asked_by=asker,
        question="May I tell the school nurse about the housing move?",
        created_at=timezone.now() - dt.timedelta(hours=3),
    )
    earlier: Any = AdviceRequestFactory(
        organisation=org,
        asked_by=asker,
        status=Status.ANSWERED,
        created_at=timezone.now() - dt.timedelta(days=2),
        first_response_at=timezone.now() - dt.timedelta(days=1),
        about_person_named=True,
        person_description="Child X",
    )
    sign_in(page, advisor.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    axe = AxeChecker(page)

    page.goto(reverse("advice:queue"))
    tabs = page.get_by_role("navigation", name="Advice requests you answer")
    expect(tabs.get_by_role("link", name="Waiting for a reply")).to_have_attribute(
        "aria-current", "page"
    )
    page.get_by_role("row").filter(has_text=asked.reference).get_by_role(
        "link", name=asked.reference
    ).click()
    page.get_by_label("Your reply").fill("Yes: explain to the family why.")
    page.get_by_role("button", name="Send reply").click()
    response_time = page.locator(".govuk-summary-list__row").filter(
        has_text="Time to first response"
    )
    expect(response_time).to_contain_text("3 hours")
    axe.check("advice request with its close form")

    page.get_by_role("link", name="Answered advice requests").first.click()
    expect(heading(page)).to_have_text("Answered advice requests")
    expect(tabs.get_by_role("link", name="Answered")).to_have_attribute("aria-current", "page")
    rows = page.locator("tbody .govuk-table__row")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(asked.reference)  # newest first
    expect(rows.first).to_contain_text("3 hours")
    expect(rows.first).to_contain_text("Priya Shah, Riverside Council")
    expect(rows.nth(1)).to_contain_text("Names the person: open to read")
    expect(rows.nth(1)).to_contain_text("1 day")
    axe.check("answered advice requests")

    page.get_by_label("Reference").fill("not a reference")
    page.get_by_role("button", name="Find").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a reference like")
    expect(page).to_have_title(re.compile(r"^Error: Answered advice requests"))
    axe.check("answered advice requests with a search error")
    page.get_by_label("Reference").fill(earlier.reference.lower())
    page.get_by_role("button", name="Find").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(earlier.reference)

    page.goto(reverse("advice:request_detail", kwargs={"request_id": asked.pk}))
    page.get_by_role("button", name="Close this advice request").click()
    expect(page.get_by_text("You have closed this advice request")).to_be_visible()
    page.get_by_role("link", name="Closed advice requests").first.click()
    expect(heading(page)).to_have_text("Closed advice requests")
    expect(tabs.get_by_role("link", name="Closed")).to_have_attribute("aria-current", "page")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(asked.reference)
    expect(rows.first).to_contain_text("Closed")
    axe.check("closed advice requests")

    axe.assert_clean()
