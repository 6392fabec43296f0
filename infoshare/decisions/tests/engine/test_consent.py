"""Rules 6 and 7: share with consent; otherwise seek it unless there is a valid reason."""

import pytest

from infoshare.decisions.engine import evaluate, get_edition, next_unanswered

EDITION = get_edition("hmg-2008")
CONFIDENTIAL = {"purpose": "yes", "legal_duty": "no", "identifiable": "yes", "confidential": "yes"}
VALID_REASONS = sorted(EDITION.valid_consent_not_sought_reasons)


def test_given_consent_recommends_share_on_the_basis_of_consent() -> None:
    result = evaluate({**CONFIDENTIAL, "consent": "given"})

    assert result.recommendation == "share"
    assert result.basis == "consent"
    assert result.checklist == EDITION.checklist
    assert EDITION.question("consent").text in result.explanation


def test_given_consent_wins_over_a_stale_public_interest_answer() -> None:
    answers = {**CONFIDENTIAL, "consent": "given", "public_interest": "no"}

    assert evaluate(answers).basis == "consent"


def test_a_reason_for_not_seeking_consent_is_ignored_once_consent_is_given() -> None:
    answers = {**CONFIDENTIAL, "consent": "given", "consent_not_sought_reason": "other"}

    assert evaluate(answers).basis == "consent"


def test_refused_consent_asks_about_the_public_interest() -> None:
    result = evaluate({**CONFIDENTIAL, "consent": "refused"})

    assert result.recommendation == "incomplete"
    assert result.next_question == "public_interest"


def test_consent_not_sought_without_a_reason_recommends_seek_consent() -> None:
    result = evaluate({**CONFIDENTIAL, "consent": "not_sought"})

    assert result.recommendation == "seek_consent"
    assert result.basis is None
    assert result.next_question is None
    assert result.checklist == ()


def test_flow_asks_why_consent_was_not_sought() -> None:
    answers = {**CONFIDENTIAL, "consent": "not_sought"}

    assert next_unanswered(answers) == "consent_not_sought_reason"


def test_consent_not_sought_for_another_reason_recommends_seek_consent() -> None:
    answers = {**CONFIDENTIAL, "consent": "not_sought", "consent_not_sought_reason": "other"}

    assert evaluate(answers).recommendation == "seek_consent"
    assert next_unanswered(answers) is None


def test_seek_consent_wins_over_a_public_interest_answer_when_the_reason_is_not_valid() -> None:
    answers = {
        **CONFIDENTIAL,
        "consent": "not_sought",
        "consent_not_sought_reason": "other",
        "public_interest": "yes",
    }

    assert evaluate(answers).recommendation == "seek_consent"


@pytest.mark.parametrize("reason", VALID_REASONS)
def test_consent_not_sought_for_a_valid_reason_asks_about_the_public_interest(
    reason: str,
) -> None:
    answers = {**CONFIDENTIAL, "consent": "not_sought", "consent_not_sought_reason": reason}

    result = evaluate(answers)

    assert result.recommendation == "incomplete"
    assert result.next_question == "public_interest"
    assert next_unanswered(answers) == "public_interest"


def test_valid_reasons_are_all_reasons_except_other() -> None:
    reasons = set(EDITION.question("consent_not_sought_reason").values)

    assert EDITION.valid_consent_not_sought_reasons == reasons - {"other"}
