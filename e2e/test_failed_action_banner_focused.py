"""An action that failed because of a change made meanwhile (in another tab, or by a
colleague) is told in a notification banner that is an alert, and focus goes to it as
the page loads (GOV.UK Frontend), so that a screen reader reads it first (WCAG 4.1.3)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.helpers import assert_accessible, sign_in
from e2e.journeys import person_with_role
from infoshare.core.roles import Role
from infoshare.decisions import services
from infoshare.decisions.tests.factories import make_decision, make_person
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    OrganisationFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_focus_goes_to_the_banner_saying_the_action_was_not_done(page: Any) -> None:
    school: Any = OrganisationFactory(name="Riverside Primary School")
    teacher = person_with_role(Role.PRACTITIONER, school, full_name="Sam Teacher")
    head = person_with_role(Role.MANAGER, school, email="morgan@riverside.example")
    deputy = person_with_role(Role.MANAGER, school, full_name="Dee Deputy")
    record = make_decision(
        author=teacher, organisation=school, people=[make_person(organisation=school)]
    )
    services.amend_decision(actor=teacher, decision_id=record.pk, reason="The date was wrong")
    sign_in(page, head.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    page.goto(reverse("decisions:withdraw_amendment", kwargs={"decision_id": record.pk}))
    # Meanwhile, another manager deleted it.
    services.withdraw_amendment(actor=deputy, decision_id=record.pk)

    page.get_by_role("button", name="Delete the amendment").click()

    banner = page.get_by_role("alert").filter(has_text="Important")
    expect(banner).to_contain_text("Nobody else's amendment of this record is in progress")
    expect(banner).to_be_focused()
    assert_accessible(page)
