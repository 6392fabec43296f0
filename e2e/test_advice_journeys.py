"""Asking for advice from an urgent draft, through the real pages: the safeguarding banner,
the way back and the urgency come with the question; the advisor answers, the asker
follows up, and the queue counts the wait from the follow-up; once closed, a late reply
is explained without a broken link."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e import decision_steps as steps
from e2e.decision_steps import QUESTION, heading
from e2e.helpers import sign_in
from e2e.journeys import other_browser, person_with_role
from infoshare.core.roles import Role
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    OrganisationFactory,
    PartnershipFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

#: "27 November 2026 at 2:32am", never "2:32a.m." or "02:32".
GOVUK_TIME = re.compile(r"\d{1,2} [A-Z][a-z]+ \d{4} at (\d{1,2}(:\d\d)?(am|pm)|midday|midnight)")


def test_an_urgent_question_from_a_draft_is_answered_followed_up_and_closed(
    page: Any, browser: Any, live_server: Any, csp_violations: list[str]
) -> None:
    partnership = PartnershipFactory(name="Riverside Partnership")
    school = OrganisationFactory(partnership=partnership, name="Riverside Primary School")
    council = OrganisationFactory(partnership=partnership, name="Riverside Council")
    practitioner = person_with_role(
        Role.PRACTITIONER, school, email="sam@riverside.example", full_name="Sam Taylor"
    )
    advisor = person_with_role(
        Role.ADVISOR, school, email="ada@riverside.example", full_name="Ada Advisor"
    )
    decision_id = steps.draft_ready_for_questions(
        practitioner, school, council, "Bea", "To protect a child from harm."
    )
    sign_in(page, practitioner.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    steps.open_question(page, decision_id, "risk_of_significant_harm")
    steps.answer(page, "risk_of_significant_harm", "Yes")
    expect(heading(page)).to_have_text(QUESTION["purpose"])
    page.get_by_role("button", name="Not sure — ask for advice").click()

    # The question keeps the draft's urgency and the way back to it.
    expect(heading(page)).to_have_text("Ask for advice")
    banner = page.get_by_role("region", name="Safeguarding")
    expect(banner).to_contain_text(steps.SAFEGUARDING_BANNER)
    expect(page.get_by_label("This is urgent")).to_be_checked()
    page.get_by_role("link", name="Back to your decision").click()
    assert steps.decision_id_of(page) == decision_id
    page.go_back()
    expect(heading(page)).to_have_text("Ask for advice")
    question = "Bruising seen at school: may I tell the council before the parents?"
    page.get_by_label("What is your question?").fill(question)
    page.get_by_role("button", name="Send your question").click()
    expect(heading(page)).to_have_text("Your question has been sent")
    reference = (page.locator(".govuk-panel__body strong").text_content() or "").strip()

    with other_browser(browser, live_server.url, csp_violations) as advisor_page:
        sign_in(advisor_page, advisor.email, TEST_PASSWORD, TEST_TOTP_SECRET)
        advisor_page.goto(reverse("advice:queue"))
        row = advisor_page.get_by_role("row").filter(has_text=reference)
        expect(row).to_contain_text("Urgent")
        row.get_by_role("link", name=reference).click()
        expect(advisor_page.get_by_text(question)).to_be_visible()
        asked_of = advisor_page.locator(".govuk-summary-list__row").filter(has_text="Asked of")
        expect(asked_of).to_contain_text("Those who answer advice requests at Riverside Primary")
        advisor_page.get_by_label("Your reply").fill("Yes: share now, record after.")
        advisor_page.get_by_role("button", name="Send reply").click()
        reply = advisor_page.locator(".govuk-inset-text").first
        expect(reply).to_contain_text("Ada Advisor (information sharing advisor)")
        expect(reply).to_have_text(GOVUK_TIME)

        # The asker follows up: it waits again, from the follow-up.
        page.get_by_role("link", name="View your question").click()
        page.get_by_label("Your reply").fill("And may I tell the GP too?")
        page.get_by_role("button", name="Send reply").click()
        expect(page.locator(".govuk-inset-text")).to_have_count(2)
        advisor_page.goto(reverse("advice:queue"))
        row = advisor_page.get_by_role("row").filter(has_text=reference)
        expect(row).to_contain_text("less than a minute")

        # The asker closes it while the advisor writes: the late reply is explained, with
        # nothing to link to.
        row.get_by_role("link", name=reference).click()
        advisor_page.get_by_label("Your reply").fill("Also the school nurse.")
        page.get_by_role("button", name="I have the advice I need: close this request").click()
        expect(page.get_by_text("This request was closed")).to_be_visible()
        advisor_page.get_by_role("button", name="Send reply").click()
        summary = advisor_page.locator(".govuk-error-summary")
        expect(summary).to_contain_text("closed, so you can no longer reply")
        expect(summary.get_by_role("link")).to_have_count(0)
        expect(advisor_page).to_have_title(re.compile(r"^Error: "))
        page.get_by_role("link", name="Your advice requests").first.click()
        expect(heading(page)).to_have_text("Your advice requests")
