"""Helpers for the decision journeys and the decision pages' axe checks: one function per
page of the one-question-per-page flow, each filling the page by its labels and roles and
pressing its button. The question texts come from the guidance edition itself."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from infoshare.decisions import services
from infoshare.decisions.engine import DEFAULT_EDITION, get_edition
from infoshare.decisions.tests.factories import make_person

EDITION = get_edition(DEFAULT_EDITION)
QUESTION = {question.key: question.text for question in EDITION.questions}
DRAFT_URL = re.compile(r"/decisions/(\d+)/")

CONSENT_GIVEN = "Yes, consent has been given"
CONSENT_REFUSED = "No, consent has been refused"
CONSENT_NOT_SOUGHT = "Consent has not been sought"
INCREASE_RISK_OF_HARM = EDITION.label("consent_not_sought_reason", "increase_risk_of_harm")
SAFEGUARDING_BANNER = "A child may be at risk of significant harm"

GATEWAY_CONSENT = "Common-law duty of confidence: Consent"
GATEWAY_PUBLIC_INTEREST = "Common-law duty of confidence: Public interest"
ARTICLE_6_CONSENT = "UK GDPR Article 6(1)(a): Consent"
ARTICLE_6_PUBLIC_TASK = "UK GDPR Article 6(1)(e): Public task"


def heading(page: Any) -> Any:
    return page.get_by_role("heading", level=1)


def record_status(page: Any) -> Any:
    """A record page's status tags (Draft, Final, Superseded; Urgent), just under its heading."""
    return page.locator("#record-status")


def continue_(page: Any) -> None:
    page.get_by_role("button", name="Continue", exact=True).click()


def decision_id_of(page: Any) -> int:
    found = DRAFT_URL.search(page.url)
    assert found, page.url
    return int(found.group(1))


def start_decision(page: Any) -> int:
    """From the start page (seven golden rules) to "Who is the information about?"."""
    page.goto(reverse("decisions:start"))
    expect(heading(page)).to_have_text("Record an information sharing decision")
    page.get_by_role("button", name="Start now").click()
    expect(heading(page)).to_have_text("Who is the information about?")
    return decision_id_of(page)


def draft_ready_for_questions(
    author: Any, organisation: Any, recipient: Any, given_name: str, purpose: str
) -> int:
    """A draft (made through the services) with a child, a recipient organisation and a
    purpose: the journeys that are about the key questions start from there."""
    decision, _ = services.start_draft(actor=author, organisation_id=organisation.pk)
    child = make_person(organisation=organisation, given_name=given_name, family_name="Okafor")
    services.update_draft(
        actor=author,
        decision_id=decision.pk,
        people=[child.pk],
        changes={
            "direction": "sharing_out",
            "recipient_organisation_id": recipient.pk,
            "purpose": purpose,
        },
        step="purpose",
    )
    return int(decision.pk)


def open_question(page: Any, decision_id: int, key: str) -> None:
    page.goto(reverse("decisions:question", kwargs={"decision_id": decision_id, "key": key}))
    expect(heading(page)).to_have_text(QUESTION[key])


def open_add_person(page: Any) -> None:
    page.get_by_role("link", name="Add a person who is not recorded yet").click()
    expect(heading(page)).to_have_text("Add a person")


def fill_new_child(page: Any, given: str, family: str, born: tuple[int, int, int]) -> None:
    """On "Add a person": a child with a date of birth (day, month, year), then back on
    the people page with the child added."""
    page.get_by_label("Given name").fill(given)
    page.get_by_label("Family name").fill(family)
    dob = page.get_by_role("group", name="Date of birth (optional)")
    for part, value in zip(("Day", "Month", "Year"), born, strict=True):
        dob.get_by_label(part).fill(str(value))
    page.get_by_role("radio", name="Child or young person").check()
    page.get_by_role("button", name="Add person").click()
    expect(heading(page)).to_have_text("Who is the information about?")
    expect(page.locator(".govuk-summary-list")).to_contain_text(f"{given} {family}")


def add_new_child(page: Any, given: str, family: str, born: tuple[int, int, int]) -> None:
    """From the people page: adds a new child and continues to the recipient page."""
    open_add_person(page)
    fill_new_child(page, given, family, born)
    continue_(page)
    expect(heading(page)).to_have_text("Who are you sharing with, or who asked?")


def choose_recipient(page: Any, organisation: str) -> None:
    page.get_by_role("radio", name="I want to share information").check()
    page.get_by_label("Organisation in your partnership").select_option(label=organisation)
    continue_(page)
    expect(heading(page)).to_have_text("What is the purpose of sharing?")


def enter_purpose(page: Any, purpose: str) -> None:
    page.get_by_label("What is the purpose of sharing?").fill(purpose)
    continue_(page)
    expect(heading(page)).to_have_text(QUESTION["risk_of_significant_harm"])


def answer(page: Any, key: str, label: str) -> None:
    """On the page of key question `key`: chooses the answer labelled `label`."""
    expect(heading(page)).to_have_text(QUESTION[key])
    page.get_by_role("radio", name=label, exact=True).check()
    continue_(page)


def answer_all(page: Any, answers: list[tuple[str, str]]) -> None:
    for key, label in answers:
        answer(page, key, label)


def see_recommendation(page: Any) -> None:
    """From "Check your answers" to the recommendation page."""
    expect(heading(page)).to_have_text("Check your answers")
    page.get_by_role("button", name="See the recommendation").click()


def record_outcome(
    page: Any,
    outcome: str,
    departure_reason: str = "",
    reasons: str = "The facts we weighed, and why we decided as we did.",
) -> None:
    page.get_by_role("button", name="Record what you decided").click()
    expect(heading(page)).to_have_text("What did you decide?")
    page.get_by_role("radio", name=outcome, exact=True).check()
    page.get_by_label("Your reasons for this decision").fill(reasons)
    if departure_reason:
        page.get_by_label("Why does your decision differ from the recommendation?").fill(
            departure_reason
        )
    continue_(page)


def choose_bases(page: Any, gateway: str, article6: str) -> None:
    expect(heading(page)).to_have_text("What was your lawful basis for sharing?")
    page.get_by_role("radio", name=gateway).check()
    page.get_by_role("checkbox", name=article6).check()
    continue_(page)


def describe_information(page: Any, kind: str, description: str) -> None:
    expect(heading(page)).to_have_text("What information did you share?")
    page.get_by_role("checkbox", name=kind).check()
    page.get_by_label("Describe the information shared").fill(description)
    page.get_by_label("Facts", exact=True).fill("Missed 12 school days this term.")
    page.get_by_label("Opinion", exact=True).fill("The class teacher thinks she is worried.")
    continue_(page)


def how_shared(page: Any, method: str, on: dt.date | None = None) -> None:
    """The date of sharing is never prefilled: today's is typed, unless another is given."""
    expect(heading(page)).to_have_text("How and when did you share it?")
    page.get_by_role("radio", name=method, exact=True).check()
    when = on or timezone.localdate()
    date = page.get_by_role("group", name="Date you shared it")
    date.get_by_label("Day").fill(str(when.day))
    date.get_by_label("Month").fill(str(when.month))
    date.get_by_label("Year").fill(str(when.year))
    continue_(page)


def person_told(page: Any, told: str = "Yes") -> None:
    expect(heading(page)).to_have_text("Was the person told that their information was shared?")
    page.get_by_role("radio", name=told, exact=True).check()
    continue_(page)


def finalise(page: Any) -> str:
    """Finalises the record; returns the reference on the confirmation panel."""
    expect(heading(page)).to_have_text("Check and finalise the record")
    page.get_by_role("button", name="Finalise the record").click()
    expect(heading(page)).to_have_text("Decision recorded")
    reference = (page.locator(".govuk-panel__body strong").text_content() or "").strip()
    assert reference, "no reference on the confirmation panel"
    return reference


def summary_value(page: Any, key: str) -> Any:
    """The value cell of the summary-list row whose key is `key`."""
    row = page.locator(".govuk-summary-list__row").filter(
        has=page.locator(".govuk-summary-list__key", has_text=re.compile(f"^{re.escape(key)}$"))
    )
    return row.first.locator(".govuk-summary-list__value")
