"""Two tabs on the same page of a draft, in the browser: the later save does not replace
the earlier one unseen. The older tab's page says the answer was changed meanwhile, shows
what is stored now with what was typed there, passes the axe checks, and its second save
goes through."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.decision_steps import continue_, heading
from e2e.helpers import assert_accessible, sign_in
from e2e.journeys import person_with_role
from infoshare.core.roles import Role
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.tests.test_services import complete_draft
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    OrganisationFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TAB_B = "Grace agreed in writing on 12 November; her sister was present."
TAB_A = "Agreed."
REASONS = "Your reasons for this decision"


def test_the_older_tab_is_told_and_keeps_what_was_typed(page: Any) -> None:
    school: Any = OrganisationFactory(name="Riverside Primary School")
    teacher = person_with_role(Role.PRACTITIONER, school, email="sam@riverside.example")
    draft = complete_draft(teacher, school)
    outcome = reverse("decisions:outcome", kwargs={"decision_id": draft.pk})
    sign_in(page, teacher.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    page.goto(outcome)
    tab_b = page.context.new_page()
    tab_b.goto(outcome)
    tab_b.get_by_label(REASONS).fill(TAB_B)
    continue_(tab_b)
    expect(heading(tab_b)).not_to_have_text("What did you decide?")

    page.get_by_label(REASONS).fill(TAB_A)
    continue_(page)

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("This answer was changed in another tab or window")
    expect(page.locator("#saved-meanwhile")).to_contain_text(TAB_B)
    expect(page.get_by_label(REASONS)).to_have_value(TAB_A)
    assert SharingDecision.objects.get(pk=draft.pk).reasons == TAB_B
    assert_accessible(page)

    continue_(page)

    expect(heading(page)).not_to_have_text("What did you decide?")
    assert SharingDecision.objects.get(pk=draft.pk).reasons == TAB_A
