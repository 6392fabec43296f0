"""The finalise summary's list of what is missing: each link comes back to the summary; a
draft made through the API without the risk question asks it (the pages after the questions
need it), and no "differs from the recommendation" is asked for while questions are
unanswered."""

from __future__ import annotations

from typing import Any

from infoshare.decisions.models import SharingDecision
from infoshare.decisions.services.records import amend_decision
from infoshare.decisions.tests.factories import answer_questions, make_decision
from infoshare.decisions.tests.test_flow import main_of, question, url


def test_problem_links_come_back_to_the_summary(signed_in_practitioner: Any, draft: Any) -> None:
    body = main_of(signed_in_practitioner.get(url("finalise", draft)).content.decode())
    assert f'href="{url("people", draft)}?return=finalise"' in body


def test_a_draft_without_the_risk_answer_asks_it_and_cannot_be_finalised(
    signed_in_practitioner: Any, draft: Any
) -> None:
    answer_questions(draft)
    answers = {k: v for k, v in draft.answers.items() if k != "risk_of_significant_harm"}
    SharingDecision.objects.filter(pk=draft.pk).update(answers=answers)
    page = main_of(signed_in_practitioner.get(url("finalise", draft)).content.decode())
    assert "Say whether a child or adult may be at risk of significant harm" in page
    risk = question(draft, "risk_of_significant_harm")
    assert f'href="{risk}?return=finalise"' in page
    refused = signed_in_practitioner.post(url("finalise", draft))
    assert refused.status_code == 400
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_no_departure_reason_is_asked_for_while_questions_are_unanswered(
    signed_in_practitioner: Any, draft: Any
) -> None:
    SharingDecision.objects.filter(pk=draft.pk).update(
        answers={"risk_of_significant_harm": "no", "purpose": "yes"},
        outcome="not_shared",
        reasons="Not yet",
    )
    page = main_of(signed_in_practitioner.get(url("finalise", draft)).content.decode())
    assert "Answer the key questions: next, “Is there a statutory duty or a court order" in page
    assert "differs from the recommendation" not in page


def test_an_amendment_reopened_from_the_home_page_opens_at_its_summary(
    signed_in_practitioner: Any, practitioner: Any
) -> None:
    organisation = practitioner.memberships.first().organisation
    record = make_decision(author=practitioner, organisation=organisation)
    amendment, _ = amend_decision(actor=practitioner, decision_id=record.pk, reason="Wrong date")
    resumed = signed_in_practitioner.get(url("resume", amendment))
    assert resumed.status_code == 302
    assert resumed.url == url("finalise", amendment)


def test_adding_a_new_person_from_the_summary_keeps_the_way_back(
    signed_in_practitioner: Any, draft: Any
) -> None:
    people = signed_in_practitioner.get(f"{url('people', draft)}?return=finalise")
    new_person = f"{url('person_new', draft)}?return=finalise"
    assert f'href="{new_person}"' in people.content.decode()
    added = signed_in_practitioner.post(
        new_person,
        {
            "given_name": "Sam",
            "family_name": "Ortega",
            "date_of_birth-day": "3",
            "date_of_birth-month": "4",
            "date_of_birth-year": "2016",
            "role_in_case": "child",
        },
    )
    assert added.status_code == 302
    assert added.url == f"{url('people', draft)}?return=finalise"


def test_the_summary_names_the_recommendation_then_explains_it(
    signed_in_practitioner: Any, draft: Any
) -> None:
    """ "Recommendation:" is followed by the recommendation itself, not by its reasons."""
    answer_questions(draft)
    page = main_of(signed_in_practitioner.get(url("finalise", draft)).content.decode())
    assert "Recommendation: <strong>Share</strong>" in page
