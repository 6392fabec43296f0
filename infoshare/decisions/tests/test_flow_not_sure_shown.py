"""A "not sure" answer is always shown where the practitioner can change it, even when it
is the answer to a question the flow asks only while sharing is recommended (and that
answer itself stops the recommendation)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from infoshare.decisions.tests.test_flow import main_of, question, url

NOT_SURE_LAST = {
    "risk_of_significant_harm": "no",
    "purpose": "yes",
    "legal_duty": "yes",
    "appropriate_and_secure": "not_sure",
}


def answer_all(client: Any, draft: Any) -> None:
    for key, value in NOT_SURE_LAST.items():
        client.post(question(draft, key), {"answer": value})


def test_not_sure_to_appropriate_and_secure_is_listed_with_a_change_link(
    signed_in_practitioner: Any, draft: Any
) -> None:
    answer_all(signed_in_practitioner, draft)
    page = signed_in_practitioner.get(url("check_answers", draft))
    assert page.status_code == 200
    body = main_of(page.content.decode())
    assert "Are you sharing appropriately and securely?" in body
    change = reverse(
        "decisions:question", kwargs={"decision_id": draft.pk, "key": "appropriate_and_secure"}
    )
    assert f'href="{change}?return=check"' in body


def test_settling_the_doubt_from_check_answers_comes_back_to_it(
    signed_in_practitioner: Any, draft: Any
) -> None:
    answer_all(signed_in_practitioner, draft)
    response = signed_in_practitioner.post(
        question(draft, "appropriate_and_secure") + "?return=check", {"answer": "yes"}
    )
    assert response.status_code == 302
    assert response.url == url("check_answers", draft)
    recommendation = signed_in_practitioner.get(url("recommendation", draft))
    assert "You can share the information" in recommendation.content.decode()
