"""On "Check and finalise the record", a draft changed in another tab after the page was
opened is not finalised: the error summary says so, and its link takes focus to the
summary of the record to check again (not back to the top of the page)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.decision_steps import draft_ready_for_questions, heading
from e2e.helpers import sign_in
from e2e.journeys import person_with_role
from infoshare.core.roles import Role
from infoshare.decisions import services
from infoshare.decisions.services.records import DRAFT_CHANGED_MESSAGE
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    OrganisationFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_changed_link_moves_focus_to_the_record_summary(page: Any) -> None:
    school: Any = OrganisationFactory(name="Riverside Primary School")
    council: Any = OrganisationFactory(name="Northshire Council", partnership=school.partnership)
    teacher = person_with_role(Role.PRACTITIONER, school, email="sam@riverside.example")
    decision_id = draft_ready_for_questions(
        teacher, school, council, "Ava", "To keep Ava safe at school"
    )
    sign_in(page, teacher.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    page.goto(reverse("decisions:finalise", kwargs={"decision_id": decision_id}))
    expect(heading(page)).to_have_text("Check and finalise the record")
    # Meanwhile, in another tab: a new purpose.
    services.update_draft(
        actor=teacher,
        decision_id=decision_id,
        changes={"purpose": "Written in another tab"},
        step="purpose",
    )

    page.get_by_role("button", name="Finalise the record").click()
    link = page.locator(".govuk-error-summary").get_by_role("link", name=DRAFT_CHANGED_MESSAGE)
    expect(link).to_be_visible()
    link.click()

    summary = page.locator("#record-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Written in another tab")
