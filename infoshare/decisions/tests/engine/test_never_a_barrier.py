"""Agreements are never a precondition: the lack of a protocol is never a reason."""

import inspect
import re

from hypothesis import given
from hypothesis import strategies as st

from infoshare.decisions.engine import evaluate, get_edition, rules, validate_answers

EDITION = get_edition("hmg-2008")
AGREEMENTS = re.compile(r"agreement|protocol", re.IGNORECASE)
ANSWERS = st.fixed_dictionaries(
    {}, optional={q.key: st.sampled_from(q.values) for q in EDITION.questions}
)


def test_agreement_rule_is_part_of_the_edition_and_never_decides() -> None:
    rule = rules.agreement_is_never_a_precondition

    assert rule in EDITION.rules
    assert rule({}, EDITION) is None
    assert rule({"purpose": "yes", "consent": "refused"}, EDITION) is None


def test_no_question_asks_about_agreements_or_protocols() -> None:
    for question in EDITION.questions:
        assert not AGREEMENTS.search(question.key)
        assert not AGREEMENTS.search(question.text)


def test_an_agreement_answer_is_rejected_not_weighed() -> None:
    assert validate_answers({"agreement": "no"}) == {"agreement": "Unknown question 'agreement'"}
    assert "protocol" in validate_answers({"protocol": "none"})


def test_no_other_rule_refers_to_agreements_or_protocols() -> None:
    for rule in (*EDITION.rules, EDITION.fallback):
        if rule is rules.agreement_is_never_a_precondition:
            continue
        assert not AGREEMENTS.search(inspect.getsource(rule)), rule.__name__


def test_sharing_with_consent_needs_nothing_about_agreements() -> None:
    answers = {
        "purpose": "yes",
        "legal_duty": "no",
        "identifiable": "yes",
        "confidential": "yes",
        "consent": "given",
    }

    assert evaluate(answers).recommendation == "share"


@given(ANSWERS)
def test_explanation_never_gives_agreements_or_protocols_as_a_reason(
    answers: dict[str, str],
) -> None:
    assert not AGREEMENTS.search(evaluate(answers).explanation)
