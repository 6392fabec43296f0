"""A teacher at a school with no information sharing advisor and no manager asks for
advice through the real pages: "My organisation's information sharing advisors" is not
offered, the question goes to the partnership's advisors, the confirmation says so, and
the council's advisor finds it in their queue. With nobody in the partnership to answer,
the page says so and a question is refused with whom to ask instead. axe checks each."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.decision_steps import heading
from e2e.helpers import AxeChecker, sign_in
from e2e.journeys import other_browser, person_with_role
from infoshare.core.roles import Role
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    OrganisationFactory,
    PartnershipFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_question_from_a_school_without_an_advisor_reaches_the_partnership(
    page: Any, browser: Any, live_server: Any, csp_violations: list[str]
) -> None:
    partnership = PartnershipFactory(name="Riverside Partnership")
    school = OrganisationFactory(partnership=partnership, name="Riverside Primary")
    council = OrganisationFactory(partnership=partnership, name="Riverside Council")
    teacher = person_with_role(Role.PRACTITIONER, school, email="tia@riverside.example")
    advisor = person_with_role(
        Role.ADVISOR, council, email="ada@riverside.example", full_name="Ada Advisor"
    )
    sign_in(page, teacher.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    axe = AxeChecker(page)

    page.goto(reverse("advice:request_new"))
    expect(page.get_by_label("My organisation's information sharing advisors")).to_have_count(0)
    expect(page.get_by_label("All information sharing advisors in the partnership")).to_be_checked()
    expect(
        page.get_by_text("so your question goes to the information sharing advisors")
    ).to_be_visible()
    axe.check("ask for advice, nobody at the school answers")
    question = "Bruising seen at school: may I tell the council before the parents?"
    page.get_by_label("What is your question?").fill(question)
    page.get_by_role("button", name="Send your question").click()
    expect(heading(page)).to_have_text("Your question has been sent")
    expect(
        page.get_by_text("We have emailed the partnership's information sharing advisors.")
    ).to_be_visible()
    reference = (page.locator(".govuk-panel__body strong").text_content() or "").strip()

    with other_browser(browser, live_server.url, csp_violations) as advisor_page:
        sign_in(advisor_page, advisor.email, TEST_PASSWORD, TEST_TOTP_SECRET)
        advisor_page.goto(reverse("advice:queue"))
        advisor_page.get_by_role("link", name=reference).click()
        expect(advisor_page.get_by_text(question)).to_be_visible()

    axe.assert_clean()


def test_with_nobody_to_answer_the_question_is_refused_with_whom_to_ask(page: Any) -> None:
    school = OrganisationFactory(name="Riverside Primary")
    teacher = person_with_role(Role.PRACTITIONER, school, email="tia@riverside.example")
    sign_in(page, teacher.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    axe = AxeChecker(page)

    page.goto(reverse("advice:request_new"))
    expect(page.locator("#nobody-answers")).to_contain_text("Ask your supervisor or manager")
    axe.check("ask for advice, nobody answers")
    page.get_by_label("What is your question?").fill("May I tell the GP?")
    page.get_by_role("button", name="Send your question").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Nobody can answer advice requests for Riverside Primary")
    expect(summary).to_contain_text("follow your local safeguarding procedures now")
    expect(page).to_have_title(re.compile(r"^Error: "))
    axe.check("ask for advice, refused")

    axe.assert_clean()
