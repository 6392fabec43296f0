"""What was typed survives a colleague's change made while the page was open, in the
browser and without scripts' help: an advice reply typed while the asker closed the
request, and an answer typed in an amendment a manager deleted. Each page shows what was
typed, to copy, and passes the axe checks."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.decision_steps import heading
from e2e.helpers import assert_accessible, sign_in
from e2e.journeys import person_with_role
from infoshare.advice import services as advice_services
from infoshare.advice.models import AdviceRequest
from infoshare.core.roles import Role
from infoshare.decisions import services
from infoshare.decisions.tests.factories import make_decision, make_person
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    OrganisationFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REPLY = "Yes, you may tell the council: record why you decided to share."
PURPOSE = "To correct the date the information was shared"


def test_an_advice_reply_typed_while_the_asker_closed_the_request_is_shown_back(
    page: Any,
) -> None:
    school: Any = OrganisationFactory(name="Riverside Primary School")
    teacher = person_with_role(Role.PRACTITIONER, school, full_name="Sam Teacher")
    advisor = person_with_role(Role.ADVISOR, school, email="ada@riverside.example")
    asked: AdviceRequest = advice_services.ask_for_advice(
        actor=teacher,
        question="May I tell the council about the family's move?",
        addressed_to="organisation",
    )
    sign_in(page, advisor.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    page.goto(reverse("advice:request_detail", kwargs={"request_id": asked.pk}))
    page.get_by_label("Your reply").fill(REPLY)
    advice_services.close_advice_request(actor=teacher, request_id=asked.pk)

    page.get_by_role("button", name="Send reply").click()

    expect(page.get_by_role("heading", name="Your reply has not been sent")).to_be_visible()
    expect(page.get_by_text("Sam Teacher closed this request on")).to_be_visible()
    expect(page.locator(".govuk-inset-text", has_text=REPLY)).to_be_visible()
    assert_accessible(page)


def test_an_answer_typed_in_an_amendment_a_manager_deleted_is_shown_back(page: Any) -> None:
    school: Any = OrganisationFactory(name="Riverside Primary School")
    teacher = person_with_role(Role.PRACTITIONER, school, email="sam@riverside.example")
    head = person_with_role(Role.MANAGER, school, full_name="Morgan Hale")
    record = make_decision(
        author=teacher, organisation=school, people=[make_person(organisation=school)]
    )
    amendment, _ = services.amend_decision(
        actor=teacher, decision_id=record.pk, reason="The date was wrong"
    )
    sign_in(page, teacher.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    page.goto(reverse("decisions:purpose", kwargs={"decision_id": amendment.pk}))
    page.get_by_label("What is the purpose of sharing?").fill(PURPOSE)
    services.withdraw_amendment(actor=head, decision_id=record.pk)

    page.get_by_role("button", name="Continue", exact=True).click()

    expect(heading(page)).to_have_text("Your amendment was deleted")
    expect(page.get_by_text("Morgan Hale deleted your amendment of")).to_be_visible()
    expect(page.get_by_text(PURPOSE)).to_be_visible()
    assert_accessible(page)
