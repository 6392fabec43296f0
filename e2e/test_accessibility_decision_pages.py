"""axe-core (WCAG 2.1 A and AA, plus best practice) finds nothing on the pages of the
decision flow, the record, the lists, a person's page, amending and countersigning, with
data on them and in their error states. One sign-in walks the whole flow once (the urgent
path, so that every key question page and the safeguarding banner are checked) and
reports every page's violations together."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e import decision_steps as steps
from e2e.decision_steps import QUESTION, heading
from e2e.helpers import AxeChecker, sign_in
from e2e.journeys import person_with_role
from infoshare.core.roles import Role
from infoshare.decisions import services
from infoshare.decisions.tests.factories import make_decision, make_person
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

URGENT_PATH = [
    ("risk_of_significant_harm", "Yes"),
    ("purpose", "Yes"),
    ("legal_duty", "No"),
    ("identifiable", "Yes"),
    ("confidential", "Yes"),
    ("consent", steps.CONSENT_NOT_SOUGHT),
    ("consent_not_sought_reason", steps.INCREASE_RISK_OF_HARM),
    ("public_interest", "Yes"),
    ("appropriate_and_secure", "Yes"),
]
# Every key question page is the same template: its error state is checked on the first
# question (a flag, before the banner appears) and on the one with the longest answers
# (under the safeguarding banner).
ERROR_STATES_CHECKED = {"risk_of_significant_harm", "consent_not_sought_reason"}


def _submit_empty(page: Any, axe: AxeChecker, label: str, button: str = "Continue") -> None:
    """Presses the page's button with nothing filled in: the error summary appears."""
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe.check(f"{label} (error)")


def test_decision_flow_record_and_list_pages_have_no_axe_violations(page: Any) -> None:
    partnership = PartnershipFactory(name="Riverside Partnership")
    school = OrganisationFactory(
        partnership=partnership, name="Riverside Primary School", countersign_required=True
    )
    OrganisationFactory(partnership=partnership, name="Riverside Council")
    nursery = OrganisationFactory(partnership=partnership, name="Riverside Nursery")
    team = TeamFactory(organisation=school, name="Pastoral")
    sam = person_with_role(
        Role.PRACTITIONER, school, email="sam@riverside.example", full_name="Sam Taylor"
    )
    MembershipFactory(person=sam, organisation=school, role=Role.MANAGER, team=team)
    MembershipFactory(person=sam, organisation=nursery, role=Role.PRACTITIONER)
    colleague = UserFactory(full_name="Lee Park")
    MembershipFactory(person=colleague, organisation=school, role=Role.PRACTITIONER, team=team)
    make_person(organisation=school, given_name="Ava", family_name="Okafor")
    to_countersign = make_decision(
        reference="ISD-2026-900001",  # apart from the references the flow gives
        organisation=school,
        author=colleague,
        people=[make_person(organisation=school, given_name="Ben", family_name="Okafor")],
    )
    to_withdraw = make_decision(
        reference="ISD-2026-900002",
        organisation=school,
        author=colleague,
        people=[make_person(organisation=school, given_name="Dee", family_name="Okafor")],
    )
    services.amend_decision(actor=colleague, decision_id=to_withdraw.pk, reason="Wrong date")
    sign_in(page, sam.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    axe = AxeChecker(page)

    # Start: someone in two organisations chooses which one records the decision.
    page.goto(reverse("decisions:start"))
    axe.check("start")
    page.get_by_role("button", name="Start now").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe.check("start (error)")
    page.get_by_role("radio", name="Riverside Primary School").check()
    page.get_by_role("button", name="Start now").click()

    expect(heading(page)).to_have_text("Who is the information about?")
    axe.check("people")
    _submit_empty(page, axe, "people")
    page.get_by_label("Name or NHS number", exact=True).fill("Okafor")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("row").filter(has_text="Ava Okafor")).to_be_visible()
    axe.check("people with search results")
    steps.open_add_person(page)
    axe.check("person new")
    _submit_empty(page, axe, "person new", button="Add person")
    steps.fill_new_child(page, "Cal", "Mensah", (2, 9, 2015))
    steps.continue_(page)

    expect(heading(page)).to_have_text("Who are you sharing with, or who asked?")
    axe.check("recipient")
    _submit_empty(page, axe, "recipient")
    steps.choose_recipient(page, "Riverside Council")
    axe.check("purpose")
    _submit_empty(page, axe, "purpose")
    steps.enter_purpose(page, "To protect a child from harm at home.")

    for key, label in URGENT_PATH:
        expect(heading(page)).to_have_text(QUESTION[key])
        axe.check(f"question {key}")
        if key in ERROR_STATES_CHECKED:
            _submit_empty(page, axe, f"question {key}")
        steps.answer(page, key, label)

    expect(heading(page)).to_have_text("Check your answers")
    expect(page.get_by_role("region", name="Safeguarding")).to_be_visible()
    axe.check("check answers (with the safeguarding banner)")
    decision_id = steps.decision_id_of(page)
    page.goto(reverse("decisions:finalise", kwargs={"decision_id": decision_id}))
    expect(page.locator(".govuk-error-summary")).to_contain_text("not complete")
    axe.check("finalise (incomplete)")
    page.goto(reverse("decisions:check_answers", kwargs={"decision_id": decision_id}))
    steps.see_recommendation(page)
    expect(heading(page)).to_have_text("You can share the information")
    axe.check("recommendation")

    page.get_by_role("button", name="Record what you decided").click()
    expect(heading(page)).to_have_text("What did you decide?")
    axe.check("outcome")
    _submit_empty(page, axe, "outcome")
    page.get_by_role("radio", name="Shared", exact=True).check()
    page.get_by_label("Your reasons for this decision").fill("Consent given.")
    # Advice got outside Infoshare: "Yes" reveals who gave it and what they advised, both
    # needed then (GOV.UK's conditional reveal, with its error state).
    who = page.get_by_label("Who gave the advice")
    expect(who).to_be_hidden()
    page.get_by_role("radio", name="Yes", exact=True).check()
    expect(who).to_be_visible()
    steps.continue_(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter who gave the advice")
    axe.check("outcome (advice got outside Infoshare, error)")
    page.get_by_label("Who gave the advice").fill("Sam Patel, designated safeguarding lead")
    page.get_by_label("What did they advise?").fill("Share the bruising seen today.")
    steps.continue_(page)
    expect(heading(page)).to_have_text("What was your lawful basis for sharing?")
    axe.check("bases")
    _submit_empty(page, axe, "bases")
    steps.choose_bases(page, steps.GATEWAY_PUBLIC_INTEREST, steps.ARTICLE_6_PUBLIC_TASK)
    expect(heading(page)).to_have_text("What information did you share?")
    axe.check("information")
    _submit_empty(page, axe, "information")
    steps.describe_information(page, "Concerns about safety or well-being", "Bruising seen.")
    expect(heading(page)).to_have_text("How and when did you share it?")
    axe.check("sharing")
    _submit_empty(page, axe, "sharing")
    steps.how_shared(page, "Phone")
    expect(heading(page)).to_have_text("Was the person told that their information was shared?")
    axe.check("told")
    _submit_empty(page, axe, "told")
    steps.person_told(page, "Yes")
    expect(heading(page)).to_have_text("Check and finalise the record")
    axe.check("finalise")
    steps.finalise(page)
    axe.check("confirmation")

    page.get_by_role("link", name="View the record").click()
    expect(steps.record_status(page)).to_contain_text("Urgent")
    axe.check("record")
    page.get_by_role("link", name="Cal Mensah").click()
    expect(heading(page)).to_contain_text("Cal Mensah")
    axe.check("person")
    page.goto(reverse("decisions:amend", kwargs={"decision_id": decision_id}))
    expect(heading(page)).to_have_text("Amend the record")
    axe.check("amend")
    _submit_empty(page, axe, "amend", button="Start the amendment")
    page.get_by_label("Why does the record need correcting?").fill("Wrong date of sharing")
    page.get_by_role("button", name="Start the amendment").click()
    expect(heading(page)).to_have_text("Check and finalise the record")
    page.get_by_role("link", name="Change the reason for the amendment").click()
    expect(heading(page)).to_have_text("Why does the record need correcting?")
    axe.check("amendment reason")
    page.get_by_label("Why does the record need correcting?").fill("")
    _submit_empty(page, axe, "amendment reason", button="Save the reason")
    page.goto(reverse("decisions:amend", kwargs={"decision_id": decision_id}))
    axe.check("amend, an amendment in progress")

    for name, title in (
        ("decisions:my_decisions", "Your decisions"),
        ("decisions:team_decisions", "Your team's decisions"),
        ("decisions:organisation_decisions", "Your organisation's decisions"),
        ("decisions:leavers_drafts", "Drafts left by people who have left"),
    ):
        page.goto(reverse(name))
        expect(heading(page)).to_have_text(title)
        axe.check(title)

    # A colleague's amendment in progress, deleted by their manager.
    page.goto(reverse("decisions:amend", kwargs={"decision_id": to_withdraw.pk}))
    axe.check("amend, a colleague's amendment in progress")
    page.get_by_role("link", name="Delete Lee Park's amendment").click()
    expect(heading(page)).to_contain_text("Delete Lee Park's amendment")
    axe.check("withdraw amendment")
    page.get_by_role("button", name="Delete the amendment").click()
    expect(page.get_by_role("alert")).to_contain_text("amendment of ISD-2026-900002")
    axe.check("amend after deleting a colleague's amendment")

    page.goto(reverse("decisions:countersign", kwargs={"decision_id": to_countersign.pk}))
    expect(heading(page)).to_have_text("Countersign the record")
    axe.check("countersign")
    page.get_by_label("Comment (optional)").fill("Agreed.")
    page.get_by_role("button", name="Countersign").click()
    expect(page.get_by_role("alert")).to_contain_text("You countersigned")
    axe.check("record after countersigning")

    axe.assert_clean()
