"""Rule 1: any "not sure" answer means seek advice, naming the question."""

import pytest

from infoshare.decisions.engine import evaluate, get_edition

EDITION = get_edition("hmg-2008")
NOT_SURE_QUESTIONS = [q.key for q in EDITION.questions if "not_sure" in q.values]


@pytest.mark.parametrize("key", NOT_SURE_QUESTIONS)
def test_not_sure_to_any_question_recommends_seek_advice_naming_it(key: str) -> None:
    result = evaluate({key: "not_sure"})

    assert result.recommendation == "seek_advice"
    assert result.advice_on == key
    assert EDITION.question(key).text in result.explanation


def test_seek_advice_explains_who_to_ask() -> None:
    result = evaluate({"purpose": "not_sure"})

    assert "nominated advisor" in result.explanation
    assert "professional body" in result.explanation


def test_seek_advice_has_no_basis_checklist_or_next_question() -> None:
    result = evaluate({"purpose": "yes", "consent": "not_sure"})

    assert result.basis is None
    assert result.checklist == ()
    assert result.next_question is None


def test_not_sure_wins_over_a_legal_duty_to_share() -> None:
    result = evaluate({"purpose": "yes", "legal_duty": "yes", "confidential": "not_sure"})

    assert result.recommendation == "seek_advice"
    assert result.advice_on == "confidential"


def test_not_sure_wins_over_no_legitimate_purpose() -> None:
    result = evaluate({"purpose": "no", "public_interest": "not_sure"})

    assert result.recommendation == "seek_advice"
    assert result.advice_on == "public_interest"


def test_advice_is_on_the_first_not_sure_question_in_edition_order() -> None:
    answers = {"consent": "not_sure", "identifiable": "not_sure", "purpose": "yes"}

    assert evaluate(answers).advice_on == "identifiable"


def test_risk_of_harm_comes_first_when_several_answers_are_not_sure() -> None:
    answers = {"purpose": "not_sure", "risk_of_significant_harm": "not_sure"}

    assert evaluate(answers).advice_on == "risk_of_significant_harm"


def test_not_sure_about_a_question_made_moot_still_recommends_seek_advice() -> None:
    result = evaluate({"purpose": "yes", "consent": "given", "public_interest": "not_sure"})

    assert result.recommendation == "seek_advice"
    assert result.advice_on == "public_interest"


def test_not_sure_about_appropriate_and_secure_recommends_seek_advice() -> None:
    result = evaluate({"purpose": "yes", "legal_duty": "yes", "appropriate_and_secure": "not_sure"})

    assert result.recommendation == "seek_advice"
    assert result.advice_on == "appropriate_and_secure"
