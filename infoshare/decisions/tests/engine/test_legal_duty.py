"""Rule 3: a statutory duty or court order requires sharing."""

from infoshare.decisions.engine import evaluate, get_edition, next_unanswered

EDITION = get_edition("hmg-2008")


def test_legal_duty_recommends_share_on_that_basis_with_the_checklist() -> None:
    result = evaluate({"purpose": "yes", "legal_duty": "yes"})

    assert result.recommendation == "share"
    assert result.basis == "legal_duty"
    assert result.checklist == EDITION.checklist
    assert EDITION.question("legal_duty").text in result.explanation


def test_legal_duty_wins_over_refused_consent_and_no_public_interest() -> None:
    answers = {
        "purpose": "yes",
        "legal_duty": "yes",
        "identifiable": "yes",
        "confidential": "yes",
        "consent": "refused",
        "public_interest": "no",
    }

    assert evaluate(answers).basis == "legal_duty"


def test_legal_duty_wins_over_information_not_being_personal_data() -> None:
    answers = {"purpose": "yes", "legal_duty": "yes", "identifiable": "no"}

    assert evaluate(answers).basis == "legal_duty"


def test_legal_duty_applies_even_before_purpose_is_answered() -> None:
    assert evaluate({"legal_duty": "yes"}).recommendation == "share"


def test_flow_still_asks_purpose_when_only_legal_duty_is_answered() -> None:
    assert next_unanswered({"legal_duty": "yes"}) == "purpose"


def test_after_a_legal_duty_the_flow_skips_to_appropriate_and_secure() -> None:
    assert next_unanswered({"purpose": "yes", "legal_duty": "yes"}) == "appropriate_and_secure"


def test_no_legal_duty_asks_whether_a_person_can_be_identified() -> None:
    result = evaluate({"purpose": "yes", "legal_duty": "no"})

    assert result.recommendation == "incomplete"
    assert result.next_question == "identifiable"
