"""Answers are checked against the edition before any rule runs."""

import pytest

from infoshare.decisions.engine import (
    InvalidAnswersError,
    UnknownEdition,
    evaluate,
    get_edition,
    next_unanswered,
    validate_answers,
)

EDITION = get_edition("hmg-2008")
EVERY_ANSWER = [(q.key, value) for q in EDITION.questions for value in q.values]


def test_no_answers_are_valid() -> None:
    assert validate_answers({}) == {}


@pytest.mark.parametrize(("key", "value"), EVERY_ANSWER)
def test_every_answer_to_every_question_is_valid_and_evaluates(key: str, value: str) -> None:
    assert validate_answers({key: value}) == {}
    assert evaluate({key: value}).recommendation in (
        "share",
        "do_not_share",
        "seek_advice",
        "seek_consent",
        "incomplete",
    )


def test_unknown_question_is_named() -> None:
    assert validate_answers({"colour": "blue"}) == {"colour": "Unknown question 'colour'"}


def test_invalid_answer_names_the_value_and_the_expected_answers() -> None:
    assert validate_answers({"consent": "yes"}) == {
        "consent": (
            "'yes' is not a valid answer to consent: "
            "expected one of given, refused, not_sought, not_sure"
        )
    }


def test_not_sure_is_not_a_reason_for_not_seeking_consent() -> None:
    errors = validate_answers({"consent_not_sought_reason": "not_sure"})

    assert list(errors) == ["consent_not_sought_reason"]


def test_every_bad_field_is_reported() -> None:
    errors = validate_answers({"purpose": "maybe", "colour": "blue", "legal_duty": "yes"})

    assert set(errors) == {"purpose", "colour"}


def test_the_record_itself_is_not_an_answer() -> None:
    assert "recorded" in validate_answers({"recorded": "yes"})


@pytest.mark.parametrize("value", [None, 1, True, ["yes"], ""])
def test_answers_that_are_not_known_text_are_invalid(value: object) -> None:
    assert "purpose" in validate_answers({"purpose": value})


def test_question_keys_that_are_not_text_are_unknown() -> None:
    assert validate_answers({1: "yes"}) == {"1": "Unknown question '1'"}


@pytest.mark.parametrize("answers", [None, "purpose=yes", ["purpose"]])
def test_answers_that_are_not_a_mapping_are_invalid(answers: object) -> None:
    assert list(validate_answers(answers)) == ["answers"]


def test_reason_for_not_seeking_consent_is_accepted_whatever_the_consent_answer() -> None:
    assert validate_answers({"consent": "given", "consent_not_sought_reason": "other"}) == {}


def test_evaluate_refuses_invalid_answers_naming_each_field() -> None:
    with pytest.raises(InvalidAnswersError) as raised:
        evaluate({"purpose": "maybe"})

    assert set(raised.value.errors) == {"purpose"}


def test_next_unanswered_refuses_invalid_answers() -> None:
    with pytest.raises(InvalidAnswersError):
        next_unanswered({"colour": "blue"})


def test_unknown_edition_is_refused_everywhere() -> None:
    with pytest.raises(UnknownEdition, match="Unknown edition 'hmg-1999'"):
        evaluate({}, edition="hmg-1999")
    with pytest.raises(UnknownEdition):
        validate_answers({}, edition="hmg-1999")
    with pytest.raises(UnknownEdition):
        next_unanswered({}, edition="hmg-1999")
