"""A practitioner's information sharing decisions, through the real pages one question at
a time: a share with consent, an urgent share in the public interest, a decision not to
share, asking an advisor when not sure, and a manager countersigning the record."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e import decision_steps as steps
from e2e.decision_steps import QUESTION, heading, summary_value
from e2e.helpers import HOME, sign_in
from e2e.journeys import other_browser, person_with_role
from infoshare.core.roles import Role
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.tests.factories import make_decision, make_person
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    OrganisationFactory,
    PartnershipFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REFERENCE = re.compile(r"^ISD-\d{4}-\d{6}$")


@pytest.fixture
def orgs() -> tuple[Any, Any]:
    """Two organisations of one partnership: the practitioner's school and the council."""
    partnership = PartnershipFactory(name="Riverside Partnership")
    school = OrganisationFactory(partnership=partnership, name="Riverside Primary School")
    council = OrganisationFactory(partnership=partnership, name="Riverside Council")
    return school, council


@pytest.fixture
def practitioner(orgs: tuple[Any, Any]) -> Any:
    return person_with_role(
        Role.PRACTITIONER, orgs[0], email="sam@riverside.example", full_name="Sam Taylor"
    )


def _up_to_the_questions(page: Any, practitioner: Any, given: str, purpose: str) -> int:
    """Through the first pages: start, a new child, the recipient and the purpose."""
    sign_in(page, practitioner.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    decision_id = steps.start_decision(page)
    steps.add_new_child(page, given, "Okafor", (14, 3, 2016))
    steps.choose_recipient(page, "Riverside Council")
    steps.enter_purpose(page, purpose)
    return decision_id


def _at_the_first_question(
    page: Any, practitioner: Any, orgs: tuple[Any, Any], given: str, purpose: str
) -> int:
    """Signed in, on the first key question of a draft whose first pages are filled in
    (the journey through those pages is the consent share's)."""
    decision_id = steps.draft_ready_for_questions(practitioner, *orgs, given, purpose)
    sign_in(page, practitioner.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    steps.open_question(page, decision_id, "risk_of_significant_harm")
    return decision_id


def test_a_share_with_consent_is_recorded_end_to_end_and_the_record_shows_it(
    page: Any, practitioner: Any
) -> None:
    _up_to_the_questions(page, practitioner, "Amara", "To arrange early help support.")
    steps.answer_all(
        page,
        [
            ("risk_of_significant_harm", "No"),
            ("purpose", "Yes"),
            ("legal_duty", "No"),
            ("identifiable", "Yes"),
            ("confidential", "Yes"),
            ("consent", steps.CONSENT_GIVEN),
            ("appropriate_and_secure", "Yes"),
        ],
    )
    expect(heading(page)).to_have_text("Check your answers")
    expect(summary_value(page, QUESTION["consent"])).to_have_text(steps.CONSENT_GIVEN)
    expect(summary_value(page, "People")).to_have_text("Amara Okafor, born 14 March 2016")
    steps.see_recommendation(page)

    expect(heading(page)).to_have_text("You can share the information")
    expect(page.get_by_text("Basis:")).to_contain_text("Consent")
    steps.record_outcome(page, "Shared")
    steps.choose_bases(page, steps.GATEWAY_CONSENT, steps.ARTICLE_6_CONSENT)
    steps.describe_information(page, "Education and attendance", "Attendance record.")
    steps.how_shared(page, "Secure email")
    steps.person_told(page, "Yes")
    expect(summary_value(page, "What you decided")).to_have_text("Shared")
    reference = steps.finalise(page)
    assert REFERENCE.match(reference), reference

    page.get_by_role("link", name="View the record").click()
    expect(heading(page)).to_have_text(f"Decision {reference}")
    expect(steps.record_status(page)).to_have_text("Final")
    expect(summary_value(page, "Recommendation shown")).to_contain_text("Share")
    expect(summary_value(page, "What you decided")).to_have_text("Shared")
    expect(summary_value(page, "Common-law gateway")).to_have_text(steps.GATEWAY_CONSENT)
    expect(summary_value(page, "Receiving organisation or person")).to_have_text(
        "Riverside Council"
    )
    expect(summary_value(page, "Information shared")).to_have_text("Attendance record.")
    expect(summary_value(page, "How it was shared")).to_have_text("Secure email")
    expect(summary_value(page, "Was the person told")).to_have_text("Yes")
    decision = SharingDecision.objects.get(reference=reference)
    assert decision.status == Status.FINAL
    assert (decision.recommendation, decision.basis, decision.outcome) == (
        "share",
        "consent",
        "shared",
    )


def test_an_urgent_share_in_the_public_interest_keeps_the_safeguarding_banner_and_is_urgent(
    page: Any, practitioner: Any, orgs: tuple[Any, Any]
) -> None:
    _at_the_first_question(page, practitioner, orgs, "Bea", "To protect a child from harm.")
    banner = page.get_by_role("region", name="Safeguarding")
    expect(banner).to_have_count(0)
    steps.answer(page, "risk_of_significant_harm", "Yes")

    def banner_on(title: str) -> None:
        """On the page titled `title` (not the one before it), the banner is shown."""
        expect(heading(page)).to_have_text(title)
        expect(banner).to_contain_text(steps.SAFEGUARDING_BANNER)

    for key, label in [
        ("purpose", "Yes"),
        ("legal_duty", "No"),
        ("identifiable", "Yes"),
        ("confidential", "Yes"),
        ("consent", steps.CONSENT_NOT_SOUGHT),
        ("consent_not_sought_reason", steps.INCREASE_RISK_OF_HARM),
        ("public_interest", "Yes"),
        ("appropriate_and_secure", "Yes"),
    ]:
        banner_on(QUESTION[key])
        steps.answer(page, key, label)
    banner_on("Check your answers")
    steps.see_recommendation(page)
    banner_on("You can share the information")
    expect(page.get_by_text("Basis:")).to_contain_text("Public interest")
    page.get_by_role("button", name="Record what you decided").click()
    banner_on("What did you decide?")
    page.get_by_role("radio", name="Shared", exact=True).check()
    page.get_by_label("Your reasons for this decision").fill(
        "Bruising seen at school; asking the parents could put the child at greater risk."
    )
    steps.continue_(page)
    banner_on("What was your lawful basis for sharing?")
    steps.choose_bases(page, steps.GATEWAY_PUBLIC_INTEREST, steps.ARTICLE_6_PUBLIC_TASK)
    banner_on("What information did you share?")
    steps.describe_information(
        page, "Concerns about safety or well-being", "Bruising seen at school."
    )
    banner_on("How and when did you share it?")
    steps.how_shared(page, "Phone")
    banner_on("Was the person told that their information was shared?")
    page.get_by_role("radio", name="No", exact=True).check()
    page.get_by_label("Why was the person not told?").fill(
        "Telling the family would increase the risk."
    )
    steps.continue_(page)
    banner_on("Check and finalise the record")
    reference = steps.finalise(page)

    page.get_by_role("link", name="View the record").click()
    expect(steps.record_status(page)).to_contain_text("Final")
    expect(steps.record_status(page)).to_contain_text("Urgent")
    expect(summary_value(page, "Common-law gateway")).to_have_text(steps.GATEWAY_PUBLIC_INTEREST)
    expect(summary_value(page, QUESTION["consent_not_sought_reason"])).to_have_text(
        steps.INCREASE_RISK_OF_HARM
    )
    decision = SharingDecision.objects.get(reference=reference)
    assert decision.urgent
    assert (decision.recommendation, decision.basis) == ("share", "public_interest")


def test_a_decision_not_to_share_is_recorded_with_its_reasons(
    page: Any, practitioner: Any, orgs: tuple[Any, Any]
) -> None:
    _at_the_first_question(page, practitioner, orgs, "Cal", "The council asked about the family.")
    steps.answer_all(
        page,
        [
            ("risk_of_significant_harm", "No"),
            ("purpose", "Yes"),
            ("legal_duty", "No"),
            ("identifiable", "Yes"),
            ("confidential", "Yes"),
            ("consent", steps.CONSENT_REFUSED),
            ("public_interest", "No"),
        ],
    )
    steps.see_recommendation(page)
    expect(heading(page)).to_have_text("Do not share the information")
    explanation = (page.locator(".govuk-inset-text").first.text_content() or "").strip()
    assert explanation
    steps.record_outcome(page, "Not shared")
    # Nothing was shared: no bases, information, method or telling pages.
    expect(heading(page)).to_have_text("Check and finalise the record")
    expect(summary_value(page, "What you decided")).to_have_text("Not shared")
    expect(page.locator(".govuk-summary-list__key", has_text="Common-law gateway")).to_have_count(0)
    reference = steps.finalise(page)

    page.get_by_role("link", name="View the record").click()
    expect(summary_value(page, "Recommendation shown")).to_contain_text("Do not share")
    expect(summary_value(page, "Recommendation shown")).to_contain_text(explanation)
    expect(summary_value(page, QUESTION["consent"])).to_have_text(steps.CONSENT_REFUSED)
    expect(summary_value(page, QUESTION["public_interest"])).to_have_text("No")
    expect(summary_value(page, "Purpose")).to_have_text("The council asked about the family.")
    decision = SharingDecision.objects.get(reference=reference)
    assert (decision.recommendation, decision.outcome) == ("do_not_share", "not_shared")


def test_a_practitioner_not_sure_asks_for_advice_and_sees_the_advisors_reply_in_the_decision(
    page: Any,
    browser: Any,
    live_server: Any,
    csp_violations: list[str],
    practitioner: Any,
    orgs: tuple[Any, Any],
) -> None:
    advisor = person_with_role(
        Role.ADVISOR, orgs[0], email="ada@riverside.example", full_name="Ada Advisor"
    )
    decision_id = _at_the_first_question(page, practitioner, orgs, "Dan", "To plan a move.")
    steps.answer(page, "risk_of_significant_harm", "No")
    expect(heading(page)).to_have_text(QUESTION["purpose"])
    page.get_by_role("button", name="Not sure — ask for advice").click()

    expect(heading(page)).to_have_text("Ask for advice")
    question = "May I share a pupil's attendance record with the council's early help team?"
    page.get_by_label("What is your question?").fill(question)
    page.get_by_role("button", name="Send your question").click()
    expect(heading(page)).to_have_text("Your question has been sent")
    advice_reference = (page.locator(".govuk-panel__body strong").text_content() or "").strip()

    reply = "Ask the parents first. If they refuse, weigh the public interest and say why."
    with other_browser(browser, live_server.url, csp_violations) as advisor_page:
        sign_in(advisor_page, advisor.email, TEST_PASSWORD, TEST_TOTP_SECRET)
        advisor_page.goto(reverse("advice:queue"))
        expect(heading(advisor_page)).to_have_text("Advice requests waiting")
        advisor_page.get_by_role("link", name=advice_reference).click()
        expect(advisor_page.get_by_text(question)).to_be_visible()
        advisor_page.get_by_label("Your reply").fill(reply)
        advisor_page.get_by_role("button", name="Send reply").click()
        expect(advisor_page.locator(".govuk-inset-text")).to_contain_text(reply)

    # Back to the draft from the home page, where the practitioner left it.
    page.goto("/")
    expect(page).to_have_url(HOME)
    page.get_by_role("region", name="Your drafts").get_by_role("link").first.click()
    assert steps.decision_id_of(page) == decision_id
    # The draft resumes where the practitioner left off: the page after the last one saved,
    # and the back link leads to that saved answer, kept.
    expect(heading(page)).to_have_text(QUESTION["purpose"])
    page.get_by_role("link", name="Back").click()
    expect(heading(page)).to_have_text(QUESTION["risk_of_significant_harm"])
    expect(page.get_by_role("radio", name="No", exact=True)).to_be_checked()
    steps.continue_(page)
    steps.answer_all(
        page,
        [
            ("purpose", "Yes"),
            ("legal_duty", "No"),
            ("identifiable", "Yes"),
            ("confidential", "Yes"),
            ("consent", steps.CONSENT_REFUSED),
            ("public_interest", "No"),
        ],
    )
    steps.see_recommendation(page)
    advice = page.locator(".govuk-inset-text").filter(has_text="You asked:")
    expect(advice).to_contain_text(question)
    expect(advice).to_contain_text(f"Ada Advisor replied: {reply}")
    steps.record_outcome(page, "Not shared")
    expect(heading(page)).to_have_text("Check and finalise the record")
    expect(page.locator(".govuk-inset-text").filter(has_text="You asked:")).to_contain_text(reply)
    steps.finalise(page)
    page.get_by_role("link", name="View the record").click()
    expect(page.get_by_role("heading", name="Advice asked")).to_be_visible()
    expect(page.locator(".govuk-inset-text").filter(has_text="You asked:")).to_contain_text(
        f"Ada Advisor replied: {reply}"
    )


def test_a_manager_countersigns_a_final_record_from_the_home_page_with_a_comment(
    page: Any, practitioner: Any, orgs: tuple[Any, Any]
) -> None:
    school = orgs[0]
    school.countersign_required = True
    school.save(update_fields=["countersign_required"])
    manager = person_with_role(
        Role.MANAGER, school, email="mo@riverside.example", full_name="Mo Manager"
    )
    child = make_person(organisation=school, given_name="Eve", family_name="Okafor")
    record = make_decision(organisation=school, author=practitioner, people=[child])

    sign_in(page, manager.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    page.get_by_role("region", name="Records to countersign").get_by_role(
        "link", name=record.label
    ).click()
    expect(heading(page)).to_have_text("Countersign the record")
    page.get_by_label("Comment (optional)").fill("Reasons are clear. Agreed.")
    page.get_by_role("button", name="Countersign").click()

    expect(heading(page)).to_contain_text(f"Decision {record.label}")
    expect(page.get_by_role("alert")).to_contain_text(f"You countersigned {record.label}")
    countersigned = summary_value(page, "Countersigned")
    expect(countersigned).to_contain_text("Mo Manager")
    expect(countersigned).to_contain_text("Reasons are clear. Agreed.")
    expect(page.get_by_role("button", name="Countersign")).to_have_count(0)
    page.goto("/")
    expect(page.get_by_role("region", name="Records to countersign")).to_have_count(0)
    record.refresh_from_db()
    assert record.countersigned_by_id == manager.pk


#: Presses the button twice in a row (the form is kept from being sent) and says whether
#: GOV.UK Frontend's button stopped each press.
PRESS_TWICE = """button => {
    button.form.addEventListener("submit", event => event.preventDefault());
    const presses = [1, 2].map(() => new MouseEvent("click", {bubbles: true, cancelable: true}));
    presses.forEach(press => button.dispatchEvent(press));
    return presses.map(press => press.defaultPrevented);
}"""


def test_a_second_press_of_start_now_is_ignored(page: Any, practitioner: Any) -> None:
    """GOV.UK Frontend's button (started by the site's script) ignores a second press within
    a second (data-prevent-double-click), so a double click starts one draft, not two."""
    sign_in(page, practitioner.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    page.goto(reverse("decisions:start"))
    start = page.get_by_role("button", name="Start now")
    assert start.evaluate(PRESS_TWICE) == [False, True]
    page.reload()
    start.click()
    expect(heading(page)).to_have_text("Who is the information about?")
    assert SharingDecision.objects.filter(author=practitioner).count() == 1
