"""Pages not yet reachable (typed in, bookmarked, or reached with Back or Forward) send
the practitioner to the first page still needed, and nothing posted to them is saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from infoshare.audit.models import AuditEvent
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.tests.factories import answer_questions, make_decision
from infoshare.decisions.tests.test_flow import SHARING_DETAILS, question, url

AFTER_THE_QUESTIONS = ["check_answers", "recommendation", "outcome"]
ABOUT_THE_SHARING = ["bases", "information", "sharing", "told"]
#: What each page with a form would save, were it open.
POSTS = dict(SHARING_DETAILS) | {"outcome": {"outcome": "shared", "reasons": "Consent given"}}
FIELDS = ["answers", "outcome", "reasons", "gateway", "article6", "information_categories"]
FIELDS += ["information_description", "method", "shared_on", "person_told", "draft_step"]


def saved(decision: SharingDecision) -> dict[str, Any]:
    decision.refresh_from_db()
    return {name: getattr(decision, name) for name in FIELDS}


def half_answered(client: Any, draft: SharingDecision) -> SharingDecision:
    """Risk of harm and the purpose answered; the legal duty is the next question."""
    for key, value in {"risk_of_significant_harm": "no", "purpose": "yes"}.items():
        client.post(question(draft, key), {"answer": value})
    return draft


@pytest.mark.parametrize("page", AFTER_THE_QUESTIONS + ABOUT_THE_SHARING)
def test_a_page_after_unanswered_questions_leads_to_the_next_question(
    signed_in_practitioner: Any, draft: Any, page: str
) -> None:
    half_answered(signed_in_practitioner, draft)
    response = signed_in_practitioner.get(url(page, draft))
    assert response.status_code == 302
    assert response.url == question(draft, "legal_duty")


@pytest.mark.parametrize("page", ["outcome", *ABOUT_THE_SHARING])
def test_posting_to_a_page_not_yet_reachable_saves_nothing(
    signed_in_practitioner: Any, draft: Any, page: str
) -> None:
    half_answered(signed_in_practitioner, draft)
    before, events = saved(draft), AuditEvent.objects.count()
    response = signed_in_practitioner.post(url(page, draft), POSTS[page])
    assert response.status_code == 302
    assert response.url == question(draft, "legal_duty")
    assert saved(draft) == before
    assert AuditEvent.objects.count() == events


def test_a_draft_with_nothing_answered_starts_at_the_risk_question(
    signed_in_practitioner: Any, draft: Any
) -> None:
    """The people, the recipient and the purpose are not needed first: check answers shows
    them as not given and the finalise summary lists them. The risk of harm is asked before
    the key questions, as in the flow, so that the urgent path starts at once."""
    response = signed_in_practitioner.get(url("recommendation", draft))
    assert response.url == question(draft, "risk_of_significant_harm")


def test_the_risk_of_harm_question_is_needed_too(signed_in_practitioner: Any, draft: Any) -> None:
    answer_questions(draft)
    SharingDecision.objects.filter(pk=draft.pk).update(
        answers={k: v for k, v in draft.answers.items() if k != "risk_of_significant_harm"}
    )
    response = signed_in_practitioner.get(url("outcome", draft))
    assert response.url == question(draft, "risk_of_significant_harm")


def test_a_change_keeps_its_way_back_when_sent_to_a_question(
    signed_in_practitioner: Any, draft: Any
) -> None:
    half_answered(signed_in_practitioner, draft)
    response = signed_in_practitioner.get(url("outcome", draft) + "?return=finalise")
    assert response.url == question(draft, "legal_duty") + "?return=finalise"


@pytest.mark.parametrize("outcome", ["", "not_shared"])
@pytest.mark.parametrize("page", ABOUT_THE_SHARING)
def test_the_pages_about_the_sharing_need_it_shared(
    signed_in_practitioner: Any, draft: Any, page: str, outcome: str
) -> None:
    answer_questions(draft, outcome=outcome)
    assert signed_in_practitioner.get(url(page, draft)).url == url("outcome", draft)
    before = saved(draft)
    response = signed_in_practitioner.post(url(page, draft), POSTS[page])
    assert response.url == url("outcome", draft)
    assert saved(draft) == before


@pytest.mark.parametrize("outcome", ["shared", "shared_in_part"])
def test_every_page_opens_once_the_questions_are_answered(
    signed_in_practitioner: Any, draft: Any, outcome: str
) -> None:
    answer_questions(draft, outcome=outcome)
    for page in AFTER_THE_QUESTIONS + ABOUT_THE_SHARING:
        assert signed_in_practitioner.get(url(page, draft)).status_code == 200, page
    for page in ["outcome", *ABOUT_THE_SHARING]:
        response = signed_in_practitioner.post(url(page, draft), POSTS[page])
        assert response.status_code == 302, page
        assert "/question/" not in response.url, page
    assert saved(draft)["person_told"] == "yes"


RISK_ONLY = {"risk_of_significant_harm": "no"}
UP_TO_CONSENT = RISK_ONLY | {"purpose": "yes", "legal_duty": "no", "identifiable": "yes"}
UP_TO_CONSENT |= {"confidential": "yes"}


@pytest.mark.parametrize(("earlier", "key"), [(RISK_ONLY, "purpose"), (UP_TO_CONSENT, "consent")])
def test_a_not_sure_answer_goes_on_to_the_recommendation_and_outcome(
    signed_in_practitioner: Any, draft: Any, earlier: dict[str, str], key: str
) -> None:
    client = signed_in_practitioner
    for asked, value in earlier.items():
        client.post(question(draft, asked), {"answer": value})
    response = client.post(question(draft, key), {"answer": "not_sure"})
    assert response.url == url("check_answers", draft)
    assert client.get(response.url).status_code == 200
    body = client.get(url("recommendation", draft)).content.decode()
    assert "Seek advice before you decide" in body
    response = client.post(
        url("outcome", draft), {"outcome": "not_shared", "reasons": "Asking our advisor first"}
    )
    assert response.url == url("finalise", draft)
    assert saved(draft)["outcome"] == "not_shared"


def test_an_amendment_opens_its_pages_from_the_summary(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    record = make_decision(author=practitioner, organisation=home_org)
    client.force_login(practitioner)
    response = client.post(
        reverse("decisions:amend", kwargs={"decision_id": record.pk}),
        {"reason": "Wrong date of sharing"},
    )
    amendment = SharingDecision.objects.get(previous=record)
    assert response.url == url("finalise", amendment)
    for page in AFTER_THE_QUESTIONS + ABOUT_THE_SHARING:
        address = url(page, amendment) + "?return=finalise"
        assert client.get(address).status_code == 200, page
    response = client.post(
        url("sharing", amendment) + "?return=finalise",
        {"method": "phone", "shared_on_day": "2", "shared_on_month": "3", "shared_on_year": "2026"},
    )
    assert response.url == url("finalise", amendment)


def test_a_refused_post_says_why_on_the_page_it_leads_to(
    signed_in_practitioner: Any, draft: Any
) -> None:
    half_answered(signed_in_practitioner, draft)
    response = signed_in_practitioner.post(url("outcome", draft), POSTS["outcome"], follow=True)
    assert response.redirect_chain[-1][0] == question(draft, "legal_duty")
    assert "what you entered there was not saved" in response.content.decode()


def test_a_plain_visit_is_redirected_without_a_message(
    signed_in_practitioner: Any, draft: Any
) -> None:
    half_answered(signed_in_practitioner, draft)
    response = signed_in_practitioner.get(url("outcome", draft), follow=True)
    assert "was not saved" not in response.content.decode()
