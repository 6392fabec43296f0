"""Rule 2: no clear and legitimate purpose means do not share."""

from infoshare.decisions.engine import evaluate, get_edition

PURPOSE = get_edition("hmg-2008").question("purpose").text


def test_no_legitimate_purpose_recommends_do_not_share() -> None:
    result = evaluate({"purpose": "no"})

    assert result.recommendation == "do_not_share"
    assert result.basis is None
    assert result.checklist == ()
    assert result.next_question is None
    assert PURPOSE in result.explanation


def test_no_legitimate_purpose_wins_over_every_later_rule() -> None:
    answers = {
        "purpose": "no",
        "legal_duty": "yes",
        "identifiable": "no",
        "confidential": "no",
        "consent": "given",
    }

    assert evaluate(answers).recommendation == "do_not_share"


def test_legitimate_purpose_alone_asks_about_a_legal_duty_next() -> None:
    result = evaluate({"purpose": "yes"})

    assert result.recommendation == "incomplete"
    assert result.next_question == "legal_duty"
