"""Rule 4: information that identifies no living person is not personal data."""

from infoshare.decisions.engine import evaluate, get_edition

EDITION = get_edition("hmg-2008")
SO_FAR = {"purpose": "yes", "legal_duty": "no"}


def test_information_identifying_nobody_recommends_share_as_not_personal_data() -> None:
    result = evaluate({**SO_FAR, "identifiable": "no"})

    assert result.recommendation == "share"
    assert result.basis == "not_personal_data"
    assert result.checklist == EDITION.checklist
    assert EDITION.question("identifiable").text in result.explanation


def test_not_personal_data_wins_over_confidentiality_and_refused_consent() -> None:
    answers = {**SO_FAR, "identifiable": "no", "confidential": "yes", "consent": "refused"}

    assert evaluate(answers).basis == "not_personal_data"


def test_identifiable_information_asks_whether_it_is_confidential() -> None:
    result = evaluate({**SO_FAR, "identifiable": "yes"})

    assert result.recommendation == "incomplete"
    assert result.next_question == "confidential"
