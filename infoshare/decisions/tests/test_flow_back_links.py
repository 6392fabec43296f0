"""Back goes to the page the person came from: never forward to a question not yet asked."""

from __future__ import annotations

from typing import Any

from infoshare.decisions.tests.test_flow import question, url
from infoshare.decisions.tests.test_people_pages import back_link


def test_after_not_sure_back_from_check_answers_is_the_question_just_answered(
    signed_in_practitioner: Any, draft: Any
) -> None:
    signed_in_practitioner.post(question(draft, "risk_of_significant_harm"), {"answer": "no"})
    response = signed_in_practitioner.post(question(draft, "purpose"), {"answer": "not_sure"})
    # "Not sure" goes straight to check answers, past the statutory duty question...
    assert response.url == url("check_answers", draft)
    body = signed_in_practitioner.get(url("check_answers", draft)).content.decode()
    # ...which Back must not open: it returns to the question answered "not sure".
    assert back_link(body) == question(draft, "purpose")


def test_back_from_a_question_is_the_question_before_it(
    signed_in_practitioner: Any, draft: Any
) -> None:
    signed_in_practitioner.post(question(draft, "risk_of_significant_harm"), {"answer": "no"})
    signed_in_practitioner.post(question(draft, "purpose"), {"answer": "yes"})
    body = signed_in_practitioner.get(question(draft, "legal_duty")).content.decode()
    assert back_link(body) == question(draft, "purpose")
