"""Rule 5: information that is not confidential can be shared."""

from infoshare.decisions.engine import evaluate, get_edition

EDITION = get_edition("hmg-2008")
SO_FAR = {"purpose": "yes", "legal_duty": "no", "identifiable": "yes"}


def test_information_that_is_not_confidential_recommends_share() -> None:
    result = evaluate({**SO_FAR, "confidential": "no"})

    assert result.recommendation == "share"
    assert result.basis == "not_confidential"
    assert result.checklist == EDITION.checklist
    assert EDITION.question("confidential").text in result.explanation


def test_not_confidential_wins_over_refused_consent() -> None:
    answers = {**SO_FAR, "confidential": "no", "consent": "refused", "public_interest": "no"}

    assert evaluate(answers).basis == "not_confidential"


def test_confidential_information_asks_about_consent() -> None:
    result = evaluate({**SO_FAR, "confidential": "yes"})

    assert result.recommendation == "incomplete"
    assert result.next_question == "consent"
