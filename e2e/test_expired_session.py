"""Signing in again after the session expired: what the practitioner typed is not lost.
They come back to the same page, see what was kept, and save it with one button; nothing
is sent by itself (infoshare/core/resubmit.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from e2e import decision_steps as steps
from e2e.decision_steps import QUESTION, heading
from e2e.helpers import CODE_LABEL, assert_accessible, fresh_totp_code, sign_in
from e2e.journeys import person_with_role
from infoshare.core.roles import Role
from infoshare.decisions import services
from infoshare.decisions.models import SharingDecision
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    OrganisationFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TYPED = "To arrange support from the school nurse before the holidays."


def test_an_answer_typed_as_the_session_expired_is_saved_after_signing_in_again(
    page: Any,
) -> None:
    school: Any = OrganisationFactory(name="Riverside Primary School")
    practitioner = person_with_role(Role.PRACTITIONER, school, email="sam@riverside.example")
    draft, _ = services.start_draft(actor=practitioner, organisation_id=school.pk)
    purpose_page = reverse("decisions:purpose", kwargs={"decision_id": draft.pk})
    sign_in(page, practitioner.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    page.goto(purpose_page)
    page.get_by_label("What is the purpose of sharing?").fill(TYPED)

    Session.objects.all().delete()  # the 30 minutes ran out while they were typing
    steps.continue_(page)

    expect(heading(page)).to_have_text("Sign in")
    # Codes are never accepted twice: as if the next 30-second window had come.
    cache.clear()
    page.get_by_label("Email address").fill(practitioner.email)
    page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_label(CODE_LABEL).fill(fresh_totp_code(TEST_TOTP_SECRET))
    page.get_by_role("button", name="Continue").click()

    # Back on the same page, which asks before saving anything.
    page.wait_for_url(f"**{purpose_page}")
    expect(heading(page)).to_have_text("You were signed out before this was saved")
    expect(page.get_by_text(TYPED)).to_be_visible()
    assert SharingDecision.objects.get(pk=draft.pk).purpose == ""
    assert_accessible(page)

    page.get_by_role("button", name="Save what you typed").click()

    expect(heading(page)).to_have_text(QUESTION["risk_of_significant_harm"])
    assert SharingDecision.objects.get(pk=draft.pk).purpose == TYPED
