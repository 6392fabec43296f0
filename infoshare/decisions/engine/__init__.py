"""The information-sharing decision engine: pure functions over versioned guidance.

It maps the answers given so far to a recommendation (domain spec section 3) in the shape
of the HTTP contract (section 4). It never touches the database or Django.

Interpretation notes:
- Answers may be partial. Answers to questions that the flow would not ask (for example a
  `consent_not_sought_reason` when consent was given) are valid and take no part in the
  decision, except that "not sure" anywhere means seek advice (golden rule 3).
- `evaluate` gives `next_question` only when the result is "incomplete". The flow pages
  use `next_unanswered`, which also asks the questions a terminal result still leaves
  open: why consent was not sought, whether the sharing is appropriate and secure, and
  those before a "not sure" the flow has not reached yet.
"""

from __future__ import annotations

from collections.abc import Mapping

from infoshare.decisions.engine.editions import (
    DEFAULT_EDITION,
    EDITIONS,
    AnswerOption,
    Edition,
    GoldenRule,
    Question,
    UnknownEdition,
    UnknownEditionError,
    get_edition,
    register_edition,
)
from infoshare.decisions.engine.result import (
    BASES,
    RECOMMENDATIONS,
    Basis,
    Evaluation,
    Outcome,
    Recommendation,
)
from infoshare.decisions.engine.rules import NOT_SURE, first_outcome

__all__ = [
    "BASES",
    "DEFAULT_EDITION",
    "EDITIONS",
    "RECOMMENDATIONS",
    "AnswerOption",
    "Basis",
    "Edition",
    "Evaluation",
    "GoldenRule",
    "InvalidAnswersError",
    "Outcome",
    "Question",
    "Recommendation",
    "UnknownEdition",
    "UnknownEditionError",
    "evaluate",
    "get_edition",
    "next_unanswered",
    "register_edition",
    "validate_answers",
]

SAFEGUARDING = "Follow your local safeguarding procedures without delay."
SHARE_NOW = "You can share now and complete the record afterwards."
#: "Not sure" whether someone is at risk of harm still recommends advice (golden rule 3),
#: but protecting them does not wait for it.
SAFEGUARDING_IF_NOT_SURE = (
    "If a child may be at risk of significant harm, or an adult at risk of serious harm, "
    "follow your local safeguarding procedures now. Do not wait for advice."
)
NOT_YET_SECURE = (
    "Before you share, work through the checklist so that you share appropriately and securely."
)


class InvalidAnswersError(ValueError):
    """The answers include unknown questions or values; `errors` maps each field to why."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = dict(errors)


def validate_answers(answers: object, edition: str = DEFAULT_EDITION) -> dict[str, str]:
    """Every unknown question key or invalid answer value, as {field: message}.

    Empty when the answers are valid. Raises `UnknownEditionError` for an unknown edition code.
    """
    questions = {question.key: question for question in get_edition(edition).questions}
    if not isinstance(answers, Mapping):
        return {"answers": "Answers must be an object mapping question keys to answers"}
    errors: dict[str, str] = {}
    for key, value in answers.items():
        question = questions.get(key) if isinstance(key, str) else None
        if question is None:
            errors[str(key)] = f"Unknown question '{key}'"
        elif not isinstance(value, str) or value not in question.values:
            expected = ", ".join(question.values)
            errors[key] = f"'{value}' is not a valid answer to {key}: expected one of {expected}"
    return errors


def _checked(answers: Mapping[str, str], edition: str) -> Edition:
    found = get_edition(edition)
    errors = validate_answers(answers, edition)
    if errors:
        raise InvalidAnswersError(errors)
    return found


def evaluate(answers: Mapping[str, str], edition: str = DEFAULT_EDITION) -> Evaluation:
    """The recommendation for the answers given so far, under the edition's rules.

    Raises `UnknownEditionError` or `InvalidAnswersError`; never raises for valid answers.
    """
    found = _checked(answers, edition)
    outcome = first_outcome(answers, found) or found.fallback(answers, found)
    share = outcome.recommendation == "share"
    alert = answers.get("risk_of_significant_harm") == "yes"
    explanation = [outcome.explanation]
    if alert:
        explanation.append(SAFEGUARDING)
        if share:
            explanation.append(SHARE_NOW)
    elif answers.get("risk_of_significant_harm") == NOT_SURE:
        explanation.append(SAFEGUARDING_IF_NOT_SURE)
    if share and answers.get("appropriate_and_secure") == "no":
        explanation.append(NOT_YET_SECURE)
    return Evaluation(
        recommendation=outcome.recommendation,
        basis=outcome.basis,
        next_question=outcome.next_question,
        advice_on=outcome.advice_on,
        safeguarding_alert=alert,
        checklist=found.checklist if share else (),
        explanation=" ".join(explanation),
    )


def next_unanswered(answers: Mapping[str, str], edition: str = DEFAULT_EDITION) -> str | None:
    """The key of the next question page the flow should show, or None when it is done.

    The flow asks the key questions in order, each judged on the answers before it,
    skipping those the answers so far make unnecessary (after a legal duty, only
    "appropriate and secure" remains). It stops at the first "not sure" it reaches (a
    flag's at once: flags are asked first), because the answer then is to seek advice. A
    "not sure" to a question it has not reached yet does not stop it before the questions
    that come first: a changed earlier answer that asks a new question keeps the doubt
    given later, and the flow comes back to it instead of asking that question again.
    Flag questions such as `risk_of_significant_harm` are never returned: the flow offers
    them on every page.
    """
    found = _checked(answers, edition)
    so_far = {q.key: answers[q.key] for q in found.questions if q.flag and q.key in answers}
    if NOT_SURE in so_far.values():
        return None
    for question in found.key_questions:
        if question.asked_when(so_far, found):
            if question.key not in answers:
                return question.key
            if answers[question.key] == NOT_SURE:
                return None
        if question.key in answers:
            so_far[question.key] = answers[question.key]
    return None
