"""A risk of significant harm raises the safeguarding alert on any result."""

import pytest

from infoshare.decisions.engine import evaluate

CONFIDENTIAL = {"purpose": "yes", "legal_duty": "no", "identifiable": "yes", "confidential": "yes"}
ONE_OF_EACH = {
    "share": {"purpose": "yes", "legal_duty": "yes"},
    "do_not_share": {"purpose": "no"},
    "seek_advice": {"purpose": "not_sure"},
    "seek_consent": {**CONFIDENTIAL, "consent": "not_sought"},
    "incomplete": {},
}


@pytest.mark.parametrize(("recommendation", "answers"), ONE_OF_EACH.items())
def test_risk_of_harm_raises_the_alert_without_changing_the_recommendation(
    recommendation: str, answers: dict[str, str]
) -> None:
    result = evaluate({**answers, "risk_of_significant_harm": "yes"})

    assert result.recommendation == recommendation
    assert result.safeguarding_alert is True
    assert "local safeguarding procedures without delay" in result.explanation


@pytest.mark.parametrize("answers", ONE_OF_EACH.values())
def test_no_risk_of_harm_or_no_answer_raises_no_alert(answers: dict[str, str]) -> None:
    assert evaluate(answers).safeguarding_alert is False
    assert evaluate({**answers, "risk_of_significant_harm": "no"}).safeguarding_alert is False


def test_urgent_share_may_happen_now_with_the_record_completed_afterwards() -> None:
    result = evaluate({"purpose": "yes", "legal_duty": "yes", "risk_of_significant_harm": "yes"})

    assert "share now and complete the record afterwards" in result.explanation


def test_urgent_path_is_not_offered_when_the_recommendation_is_not_to_share() -> None:
    result = evaluate({"purpose": "no", "risk_of_significant_harm": "yes"})

    assert "share now" not in result.explanation


def test_not_sure_about_risk_of_harm_recommends_seek_advice_without_an_alert() -> None:
    result = evaluate(
        {"purpose": "yes", "legal_duty": "yes", "risk_of_significant_harm": "not_sure"}
    )

    assert result.recommendation == "seek_advice"
    assert result.advice_on == "risk_of_significant_harm"
    assert result.safeguarding_alert is False
