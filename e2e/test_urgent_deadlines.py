"""An urgent draft's deadline, seen before it passes: by its author on home and in the
safeguarding banner of its pages, and by their manager in "Urgent records in progress in
your team"; "Not sure" about a risk of harm says not to wait for advice. axe-core finds
nothing on those pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from e2e import decision_steps as steps
from e2e.decision_steps import heading
from e2e.helpers import AxeChecker, sign_in
from e2e.journeys import person_with_role
from infoshare.core.roles import Role
from infoshare.core.times import deadline_text
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.tests.factories import make_decision
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    OrganisationFactory,
    PartnershipFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_urgent_drafts_deadline_is_shown_to_its_author(page: Any) -> None:
    partnership = PartnershipFactory(name="Riverside Partnership")
    school = OrganisationFactory(partnership=partnership, name="Riverside Primary School")
    council = OrganisationFactory(partnership=partnership, name="Riverside Council")
    sam = person_with_role(Role.PRACTITIONER, school, email="sam@riverside.example")
    decision_id = steps.draft_ready_for_questions(sam, school, council, "Ava", "To keep Ava safe.")
    sign_in(page, sam.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    axe = AxeChecker(page)

    steps.open_question(page, decision_id, "risk_of_significant_harm")
    steps.answer(page, "risk_of_significant_harm", "Yes")
    due = deadline_text(SharingDecision.objects.get(pk=decision_id).urgent_due_at)
    banner = page.get_by_role("region", name="Safeguarding")
    expect(banner).to_contain_text("you can share it now and complete this record afterwards")
    expect(banner).to_contain_text(f"Complete by {due}.")
    axe.check("question with the deadline in the banner")

    steps.open_question(page, decision_id, "appropriate_and_secure")
    expect(page.get_by_role("list").filter(has_text="Use a secure method")).to_be_visible()
    axe.check("appropriate and secure, with its checklist")

    page.goto(reverse("core:home"))
    expect(page.get_by_role("region", name="Your drafts")).to_contain_text(
        f"Urgent. Complete by {due}."
    )
    axe.check("home with an urgent draft")
    axe.assert_clean()


def test_not_sure_about_a_risk_of_harm_says_not_to_wait(page: Any) -> None:
    partnership = PartnershipFactory(name="Riverside Partnership")
    school = OrganisationFactory(partnership=partnership, name="Riverside Primary School")
    council = OrganisationFactory(partnership=partnership, name="Riverside Council")
    sam = person_with_role(Role.PRACTITIONER, school, email="sam@riverside.example")
    decision_id = steps.draft_ready_for_questions(sam, school, council, "Ava", "To keep Ava safe.")
    sign_in(page, sam.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    axe = AxeChecker(page)

    steps.open_question(page, decision_id, "risk_of_significant_harm")
    steps.answer(page, "risk_of_significant_harm", "Not sure")
    steps.see_recommendation(page)
    expect(heading(page)).to_have_text("Seek advice before you decide")
    main = page.get_by_role("main")
    expect(main).to_contain_text("follow your local safeguarding procedures now")
    expect(main).to_contain_text("Do not wait for advice.")
    expect(main).to_contain_text("you can share it now and complete this record afterwards")
    expect(main).to_contain_text("it is marked urgent")
    axe.check("seek advice, not sure about a risk of harm")
    axe.assert_clean()


def test_a_manager_sees_their_teams_urgent_drafts_before_they_are_overdue(page: Any) -> None:
    partnership = PartnershipFactory(name="Riverside Partnership")
    school = OrganisationFactory(partnership=partnership, name="Riverside Primary School")
    lee = person_with_role(Role.PRACTITIONER, school, full_name="Lee Park")
    manager = person_with_role(Role.MANAGER, school, email="mo@riverside.example")
    due = timezone.now() + dt.timedelta(hours=5)
    draft = make_decision(
        author=lee,
        organisation=school,
        status="draft",
        finalised_at=None,
        urgent=True,
        urgent_due_at=due,
        answers={"risk_of_significant_harm": "yes"},
    )
    sign_in(page, manager.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    axe = AxeChecker(page)

    page.goto(reverse("core:home"))
    panel = page.get_by_role("region", name="Urgent records in progress in your team")
    expect(panel).to_contain_text(f"by Lee Park, complete by {deadline_text(due)}")
    axe.check("manager's home with urgent records in progress")
    panel.get_by_role("link", name=draft.label).click()
    # The manager reads someone else's draft: its author is the one to complete it.
    expect(page.get_by_role("region", name="Safeguarding")).to_contain_text(
        f"Lee Park should complete it by {deadline_text(due)}."
    )
    axe.check("a team member's urgent draft")
    axe.assert_clean()
