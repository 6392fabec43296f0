"""Guidance editions are data: questions, golden rules, checklist and rule sequence."""

import dataclasses
from collections.abc import Iterator

import pytest

from infoshare.decisions.engine import (
    DEFAULT_EDITION,
    EDITIONS,
    Edition,
    Question,
    UnknownEdition,
    evaluate,
    get_edition,
    next_unanswered,
    register_edition,
)

EDITION = get_edition(DEFAULT_EDITION)
CONFIDENTIAL = {"purpose": "yes", "legal_duty": "no", "identifiable": "yes", "confidential": "yes"}


def test_default_edition_is_the_2008_guidance() -> None:
    assert DEFAULT_EDITION == "hmg-2008"
    assert EDITIONS[DEFAULT_EDITION] is EDITION
    assert EDITION.published == "2008"


def test_key_questions_are_asked_in_the_guidance_order() -> None:
    assert [q.key for q in EDITION.key_questions] == [
        "purpose",
        "legal_duty",
        "identifiable",
        "confidential",
        "consent",
        "consent_not_sought_reason",
        "public_interest",
        "appropriate_and_secure",
    ]


def test_risk_of_harm_is_a_flag_that_may_be_answered_at_any_time() -> None:
    flag = EDITION.question("risk_of_significant_harm")

    assert flag.flag is True
    assert flag.values == ("yes", "no", "not_sure")
    assert flag.asked_when({"purpose": "no"}, EDITION) is True


@pytest.mark.parametrize("question", EDITION.questions, ids=lambda q: q.key)
def test_every_question_has_wording_a_hint_and_labelled_answers(question: Question) -> None:
    assert question.text.endswith("?")
    assert 0 < len(question.hint) <= 250
    assert all(option.label for option in question.answers)
    if "not_sure" in question.values:
        assert question.label("not_sure") == "Not sure"


def test_answers_follow_the_guidance_lists() -> None:
    assert EDITION.question("consent").values == ("given", "refused", "not_sought", "not_sure")
    assert EDITION.question("consent_not_sought_reason").values == (
        "increase_risk_of_harm",
        "prejudice_crime_prevention",
        "undue_delay",
        "cannot_be_obtained",
        "other",
    )


def test_edition_has_seven_golden_rules_and_seven_checklist_items() -> None:
    assert len(EDITION.golden_rules) == 7
    assert all(rule.title and rule.text for rule in EDITION.golden_rules)
    assert len(EDITION.checklist) == 7


@pytest.mark.parametrize(
    ("key", "answers", "asked"),
    [
        ("purpose", {}, True),
        ("legal_duty", {"purpose": "no"}, False),
        ("identifiable", {"purpose": "yes", "legal_duty": "yes"}, False),
        ("confidential", {"identifiable": "no"}, False),
        ("consent", {"confidential": "no"}, False),
        ("consent", CONFIDENTIAL, True),
        ("consent_not_sought_reason", {**CONFIDENTIAL, "consent": "refused"}, False),
        ("consent_not_sought_reason", {**CONFIDENTIAL, "consent": "not_sought"}, True),
        ("public_interest", {**CONFIDENTIAL, "consent": "given"}, False),
        ("public_interest", {**CONFIDENTIAL, "consent": "refused"}, True),
        (
            "public_interest",
            {**CONFIDENTIAL, "consent": "not_sought", "consent_not_sought_reason": "other"},
            False,
        ),
        (
            "public_interest",
            {**CONFIDENTIAL, "consent": "not_sought", "consent_not_sought_reason": "undue_delay"},
            True,
        ),
        ("appropriate_and_secure", {"purpose": "yes"}, False),
        ("appropriate_and_secure", {"purpose": "yes", "legal_duty": "yes"}, True),
        ("appropriate_and_secure", {**CONFIDENTIAL, "consent": "refused"}, False),
    ],
)
def test_each_question_is_asked_only_when_the_answers_so_far_call_for_it(
    key: str, answers: dict[str, str], asked: bool
) -> None:
    assert EDITION.question(key).asked_when(answers, EDITION) is asked


def test_unknown_edition_code_is_refused() -> None:
    with pytest.raises(UnknownEdition):
        get_edition("no-such-edition")


@pytest.fixture
def later_edition() -> Iterator[Edition]:
    later = dataclasses.replace(
        EDITION,
        code="test-later",
        title="A later edition",
        published="2099",
        checklist=("Share securely.",),
        valid_consent_not_sought_reasons=frozenset({"increase_risk_of_harm"}),
    )
    register_edition(later)
    yield later
    del EDITIONS[later.code]


def test_a_later_edition_is_added_as_data_and_chosen_by_code(later_edition: Edition) -> None:
    answers = {**CONFIDENTIAL, "consent": "not_sought", "consent_not_sought_reason": "undue_delay"}

    assert evaluate(answers).recommendation == "incomplete"
    assert evaluate(answers, edition="test-later").recommendation == "seek_consent"
    assert next_unanswered(answers, edition="test-later") is None
    assert evaluate({"legal_duty": "yes"}, edition="test-later").checklist == ("Share securely.",)


def test_an_edition_code_cannot_be_reused_for_other_content(later_edition: Edition) -> None:
    with pytest.raises(ValueError, match="already registered"):
        register_edition(dataclasses.replace(later_edition, title="Different"))
