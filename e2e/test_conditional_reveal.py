"""The question "Why was the person not told?" is a GOV.UK conditionally revealed
question under "No": with JavaScript it is hidden until "No" is chosen (GOV.UK Frontend's
Radios), and the page passes axe either way; without JavaScript it is always shown, and
the page still works."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e import decision_steps as steps
from e2e.conftest import NAVIGATION_TIMEOUT_MS, TIMEOUT_MS
from e2e.decision_steps import heading
from e2e.helpers import assert_accessible, sign_in
from e2e.journeys import person_with_role
from infoshare.core.roles import Role
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.tests.factories import answer_questions
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    OrganisationFactory,
    PartnershipFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TOLD = "Was the person told that their information was shared?"
WHY_NOT = "Why was the person not told?"
REASON = "Telling the family would increase the risk."


@pytest.fixture
def practitioner_and_draft() -> tuple[Any, SharingDecision]:
    """A practitioner and a draft of theirs with the key questions answered and "Shared"
    chosen, so that "Was the person told...?" is open."""
    partnership = PartnershipFactory(name="Riverside Partnership")
    school = OrganisationFactory(partnership=partnership, name="Riverside Primary School")
    council = OrganisationFactory(partnership=partnership, name="Riverside Council")
    sam = person_with_role(Role.PRACTITIONER, school, email="sam@riverside.example")
    decision_id = steps.draft_ready_for_questions(
        sam, school, council, "Ava", "The council asked about the family."
    )
    draft = answer_questions(SharingDecision.objects.get(pk=decision_id), outcome="shared")
    return sam, draft


def _told_url(draft: SharingDecision) -> str:
    return reverse("decisions:told", kwargs={"decision_id": draft.pk})


def _saved(draft: SharingDecision) -> tuple[str, str]:
    draft.refresh_from_db()
    return draft.person_told, draft.reason_not_told


def test_with_javascript_why_not_is_hidden_until_no_is_chosen(
    page: Any, practitioner_and_draft: tuple[Any, SharingDecision]
) -> None:
    sam, draft = practitioner_and_draft
    sign_in(page, sam.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    page.goto(_told_url(draft))
    expect(heading(page)).to_have_text(TOLD)
    why_not = page.get_by_label(WHY_NOT)
    no = page.get_by_role("radio", name="No", exact=True)
    expect(why_not).to_be_hidden()
    expect(no).to_have_attribute("aria-controls", "conditional-id_person_told-1")
    assert_accessible(page)

    no.check()
    expect(why_not).to_be_visible()
    assert_accessible(page)
    page.get_by_role("radio", name="Yes", exact=True).check()
    expect(why_not).to_be_hidden()
    no.check()
    expect(why_not).to_be_visible()

    # Left empty: the error is shown with "No" chosen, and the summary's link goes to the box.
    steps.continue_(page)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(no).to_be_checked()
    expect(why_not).to_be_visible()
    assert_accessible(page)
    summary.get_by_role("link", name="Enter why the person was not told").click()
    expect(why_not).to_be_focused()
    why_not.fill(REASON)
    steps.continue_(page)
    expect(heading(page)).to_have_text("Check and finalise the record")
    assert _saved(draft) == ("no", REASON)


def test_without_javascript_why_not_is_shown_and_the_form_submits(
    browser: Any, live_server: Any, practitioner_and_draft: tuple[Any, SharingDecision]
) -> None:
    sam, draft = practitioner_and_draft
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=False
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    try:
        page = context.new_page()
        sign_in(page, sam.email, TEST_PASSWORD, TEST_TOTP_SECRET)
        page.goto(_told_url(draft))
        expect(heading(page)).to_have_text(TOLD)
        why_not = page.get_by_label(WHY_NOT)
        expect(why_not).to_be_visible()
        page.get_by_role("radio", name="No", exact=True).check()
        steps.continue_(page)
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        expect(why_not).to_be_visible()
        why_not.fill(REASON)
        steps.continue_(page)
        expect(heading(page)).to_have_text("Check and finalise the record")
        assert _saved(draft) == ("no", REASON)
    finally:
        context.close()
