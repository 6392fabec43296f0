"""After "Start an urgent record" the risk of harm question is answered yes and the flow
goes past it, from the purpose straight to the first key question: that question's Back
link goes to the purpose, the page the practitioner came from, never to the question the
flow skipped (which check answers' Change link still opens). A draft started the ordinary
way, whose risk question was shown and answered yes, still goes back to it. Which of the
two a draft is, is kept on the draft (``SharingDecision.started_urgently``), never read
back from its audit trail."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from infoshare.audit.models import AuditEvent
from infoshare.decisions import services
from infoshare.decisions.audit import Action
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.tests.factories import CONSENT_ANSWERS, answer_questions, make_decision
from infoshare.decisions.tests.test_people_pages import back_link
from infoshare.decisions.tests.test_urgent_start import (
    question,
    start_key,
    start_urgent,
    through_the_first_pages,
    url,
)

RISK = "risk_of_significant_harm"


def back_from(client: Any, page: str) -> str | None:
    response = client.get(page)
    assert response.status_code == 200
    return back_link(response.content.decode())


def urgent_draft_past_the_purpose(
    client: Any, practitioner: Any, home_org: Any, other_org: Any
) -> SharingDecision:
    start_urgent(client)
    decision = SharingDecision.objects.get(author=practitioner)
    after_purpose = through_the_first_pages(client, decision, home_org, other_org)
    assert after_purpose.url == question(decision, "purpose")
    return decision


def test_back_from_the_first_key_question_of_an_urgent_start_is_the_purpose(
    signed_in_practitioner: Any, practitioner: Any, home_org: Any, other_org: Any
) -> None:
    decision = urgent_draft_past_the_purpose(
        signed_in_practitioner, practitioner, home_org, other_org
    )
    back = back_from(signed_in_practitioner, question(decision, "purpose"))
    assert back == url("purpose", decision)
    assert back != question(decision, RISK)


def test_the_later_questions_of_an_urgent_start_go_back_one_question_as_before(
    signed_in_practitioner: Any, practitioner: Any, home_org: Any, other_org: Any
) -> None:
    decision = urgent_draft_past_the_purpose(
        signed_in_practitioner, practitioner, home_org, other_org
    )
    answered = signed_in_practitioner.post(question(decision, "purpose"), {"answer": "yes"})
    assert answered.url == question(decision, "legal_duty")
    assert back_from(signed_in_practitioner, answered.url) == question(decision, "purpose")


def test_the_skipped_question_is_still_changed_from_check_answers_and_leads_back_there(
    signed_in_practitioner: Any, practitioner: Any, home_org: Any, other_org: Any
) -> None:
    decision = urgent_draft_past_the_purpose(
        signed_in_practitioner, practitioner, home_org, other_org
    )
    answer_questions(decision)
    check = signed_in_practitioner.get(url("check_answers", decision)).content.decode()
    change = f"{question(decision, RISK)}?return=check"
    assert f'href="{change}"' in check
    assert back_from(signed_in_practitioner, change) == url("check_answers", decision)
    # Changed to no, the flow still goes from the purpose past it: so does Back.
    signed_in_practitioner.post(change, {"answer": "no"})
    decision.refresh_from_db()
    assert decision.answers[RISK] == "no"
    assert back_from(signed_in_practitioner, question(decision, "purpose")) == url(
        "purpose", decision
    )


def test_an_ordinary_start_goes_back_to_the_risk_question_it_showed(
    signed_in_practitioner: Any, practitioner: Any, home_org: Any, other_org: Any
) -> None:
    signed_in_practitioner.post(
        reverse("decisions:start"), {"start_key": start_key(signed_in_practitioner)}
    )
    decision = SharingDecision.objects.get(author=practitioner)
    after_purpose = through_the_first_pages(signed_in_practitioner, decision, home_org, other_org)
    assert after_purpose.url == question(decision, RISK)
    assert back_from(signed_in_practitioner, after_purpose.url) == url("purpose", decision)
    # Answered yes on its page, as the urgent start answers it: Back still shows it.
    answered = signed_in_practitioner.post(after_purpose.url, {"answer": "yes"})
    assert answered.url == question(decision, "purpose")
    decision.refresh_from_db()
    assert decision.urgent is True
    assert back_from(signed_in_practitioner, answered.url) == question(decision, RISK)


def ordinary_start(client: Any, practitioner: Any) -> SharingDecision:
    client.post(reverse("decisions:start"), {"start_key": start_key(client)})
    return SharingDecision.objects.get(author=practitioner)


def test_an_urgent_start_marks_the_draft_in_the_change_that_answers_the_risk(
    signed_in_practitioner: Any, practitioner: Any
) -> None:
    start_urgent(signed_in_practitioner)
    decision = SharingDecision.objects.get(author=practitioner)
    assert decision.started_urgently is True
    assert decision.answers == {RISK: "yes"}
    # One change, audited once, saying what it set.
    updates = AuditEvent.objects.filter(
        object_id=str(decision.pk), action=Action.DRAFT_UPDATED
    ).values_list("data", flat=True)
    assert [(data["answers"], data["fields"]) for data in updates] == [
        ([RISK], ["started_urgently"])
    ]


def test_an_ordinary_draft_answered_yes_first_on_the_risk_page_goes_back_to_it(
    signed_in_practitioner: Any, practitioner: Any, home_org: Any, other_org: Any
) -> None:
    decision = ordinary_start(signed_in_practitioner, practitioner)
    # The risk question answered yes on its page before anything else, as near to what
    # the urgent start does as a page comes: the draft is still not started urgently.
    answered = signed_in_practitioner.post(question(decision, RISK), {"answer": "yes"})
    assert answered.status_code == 302
    decision.refresh_from_db()
    assert decision.urgent is True
    assert decision.started_urgently is False
    after_purpose = through_the_first_pages(signed_in_practitioner, decision, home_org, other_org)
    assert after_purpose.url == question(decision, "purpose")
    assert back_from(signed_in_practitioner, after_purpose.url) == question(decision, RISK)


def test_the_draft_not_its_audit_trail_says_whether_it_was_started_urgently(
    signed_in_practitioner: Any, practitioner: Any, home_org: Any, other_org: Any
) -> None:
    decision = ordinary_start(signed_in_practitioner, practitioner)
    # Its first change is the very change an urgent start used to make, audited alike
    # (answered yes without a page, as the advice button's save or a script does): the
    # draft was started the ordinary way, so Back still shows the question.
    services.update_draft(actor=practitioner, decision_id=decision.pk, answers={RISK: "yes"})
    decision.refresh_from_db()
    assert decision.started_urgently is False
    after_purpose = through_the_first_pages(signed_in_practitioner, decision, home_org, other_org)
    assert after_purpose.url == question(decision, "purpose")
    assert back_from(signed_in_practitioner, after_purpose.url) == question(decision, RISK)


def test_an_amendment_of_a_record_started_urgently_is_not_started_urgently(
    practitioner: Any, home_org: Any
) -> None:
    # An amendment starts from the final record's summary, never from the start page.
    record = make_decision(
        organisation=home_org,
        author=practitioner,
        answers={**CONSENT_ANSWERS, RISK: "yes"},
        started_urgently=True,
    )
    amendment, created = services.amend_decision(
        actor=practitioner, decision_id=record.pk, reason="Wrong date of sharing"
    )
    assert created
    assert amendment.status == Status.DRAFT
    assert amendment.urgent is True
    amendment.refresh_from_db()
    assert amendment.started_urgently is False
