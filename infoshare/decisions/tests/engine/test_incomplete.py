"""Rule 9: otherwise incomplete, naming the next question; and the flow's next page."""

import pytest

from infoshare.decisions.engine import evaluate, get_edition, next_unanswered

EDITION = get_edition("hmg-2008")

STEPS = [
    ({}, "purpose"),
    ({"purpose": "yes"}, "legal_duty"),
    ({"purpose": "yes", "legal_duty": "no"}, "identifiable"),
    ({"purpose": "yes", "legal_duty": "no", "identifiable": "yes"}, "confidential"),
    (
        {"purpose": "yes", "legal_duty": "no", "identifiable": "yes", "confidential": "yes"},
        "consent",
    ),
]


@pytest.mark.parametrize(("answers", "expected"), STEPS)
def test_incomplete_answers_name_the_next_question_in_order(
    answers: dict[str, str], expected: str
) -> None:
    result = evaluate(answers)

    assert result.recommendation == "incomplete"
    assert result.next_question == expected
    assert EDITION.question(expected).text in result.explanation
    assert next_unanswered(answers) == expected


def test_incomplete_has_no_basis_advice_or_checklist() -> None:
    result = evaluate({})

    assert result.basis is None
    assert result.advice_on is None
    assert result.checklist == ()


def test_next_question_is_the_first_unanswered_one_even_out_of_order() -> None:
    result = evaluate({"purpose": "yes", "identifiable": "yes", "confidential": "yes"})

    assert result.next_question == "legal_duty"


def test_risk_of_harm_alone_is_incomplete_and_asks_purpose() -> None:
    result = evaluate({"risk_of_significant_harm": "no"})

    assert result.recommendation == "incomplete"
    assert result.next_question == "purpose"


@pytest.mark.parametrize(
    "answers",
    [
        {"purpose": "no"},
        {
            "purpose": "yes",
            "legal_duty": "no",
            "identifiable": "yes",
            "confidential": "yes",
            "consent": "not_sure",
        },
        {"purpose": "yes", "legal_duty": "yes", "appropriate_and_secure": "yes"},
        {
            "purpose": "yes",
            "legal_duty": "no",
            "identifiable": "yes",
            "confidential": "yes",
            "consent": "refused",
            "public_interest": "no",
        },
    ],
)
def test_flow_has_nothing_more_to_ask_once_the_decision_is_made(answers: dict[str, str]) -> None:
    assert next_unanswered(answers) is None


def test_flow_stops_at_a_not_sure_flag_at_once() -> None:
    assert next_unanswered({"risk_of_significant_harm": "not_sure"}) is None


def test_a_not_sure_the_flow_has_not_reached_does_not_skip_the_questions_before_it() -> None:
    # Still seek advice (golden rule 3), but the flow asks what comes first.
    assert evaluate({"purpose": "yes", "consent": "not_sure"}).recommendation == "seek_advice"
    assert next_unanswered({"purpose": "yes", "consent": "not_sure"}) == "legal_duty"
    # Consent changed to refused after a doubt about sharing appropriately and securely:
    # the public interest is asked; the doubt is the flow's stop once it is reached.
    answers = {
        "purpose": "yes",
        "legal_duty": "no",
        "identifiable": "yes",
        "confidential": "yes",
        "consent": "refused",
        "appropriate_and_secure": "not_sure",
    }
    assert next_unanswered(answers) == "public_interest"
    assert next_unanswered(answers | {"public_interest": "yes"}) is None


def test_flow_asks_appropriate_and_secure_last_after_a_share_recommendation() -> None:
    answers = {"purpose": "yes", "legal_duty": "no", "identifiable": "no"}

    assert evaluate(answers).next_question is None
    assert next_unanswered(answers) == "appropriate_and_secure"


def test_sharing_not_yet_appropriate_and_secure_still_recommends_share_with_a_warning() -> None:
    answers = {"purpose": "yes", "legal_duty": "yes", "appropriate_and_secure": "no"}

    result = evaluate(answers)

    assert result.recommendation == "share"
    assert "work through the checklist" in result.explanation


def test_flow_never_offers_the_risk_of_harm_flag_as_the_next_page() -> None:
    assert next_unanswered({}) == "purpose"
    assert EDITION.first_unanswered({}) == EDITION.question("purpose")
