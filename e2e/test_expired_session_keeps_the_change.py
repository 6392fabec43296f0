"""Signing in again after the session expired while changing an answer from check
answers: the kept answer, once saved, carries on as the change would have (to the next
question still to check, then back to check answers), not through the rest of the flow
(infoshare/core/resubmit.py keeps the page's address with its ``?return=check``)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from e2e import decision_steps as steps
from e2e.decision_steps import CONSENT_REFUSED, QUESTION, heading
from e2e.helpers import CODE_LABEL, fresh_totp_code, sign_in
from e2e.journeys import person_with_role
from infoshare.core.roles import Role
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.tests.factories import CONSENT_ANSWERS, answer_questions, make_decision
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    OrganisationFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_change_saved_after_signing_in_again_still_returns_to_check_answers(
    page: Any,
) -> None:
    school: Any = OrganisationFactory(name="Riverside Primary School")
    practitioner = person_with_role(Role.PRACTITIONER, school, email="sam@riverside.example")
    draft = answer_questions(
        make_decision(author=practitioner, organisation=school, status=Status.DRAFT),
        CONSENT_ANSWERS,
    )
    consent = reverse("decisions:question", kwargs={"decision_id": draft.pk, "key": "consent"})
    sign_in(page, practitioner.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    page.goto(f"{consent}?return=check")
    page.get_by_label(CONSENT_REFUSED).check()

    Session.objects.all().delete()  # the 30 minutes ran out while they were choosing
    steps.continue_(page)

    expect(heading(page)).to_have_text("Sign in")
    cache.clear()  # codes are never accepted twice: as if the next window had come
    page.get_by_label("Email address").fill(practitioner.email)
    page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_label(CODE_LABEL).fill(fresh_totp_code(TEST_TOTP_SECRET))
    page.get_by_role("button", name="Continue").click()

    expect(heading(page)).to_have_text("You were signed out before this was saved")
    expect(page.get_by_text(CONSENT_REFUSED)).to_be_visible()
    page.get_by_role("button", name="Save what you typed").click()

    public_interest = reverse(
        "decisions:question", kwargs={"decision_id": draft.pk, "key": "public_interest"}
    )
    page.wait_for_url(f"**{public_interest}?return=check")
    expect(heading(page)).to_have_text(QUESTION["public_interest"])
    assert SharingDecision.objects.get(pk=draft.pk).answers["consent"] == "refused"
