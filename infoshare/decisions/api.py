"""The decisions API (mounted at /api/v1/).

`POST decision-support/evaluate` is the stable contract of domain spec section 4: it runs
the pure decision engine over the answers given and stores nothing.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import ConfigDict

from infoshare.core.api import ErrorOut
from infoshare.core.errors import ValidationFailed
from infoshare.decisions import engine
from infoshare.decisions.api_decisions import router as decisions_router
from infoshare.decisions.api_people import router as people_router

router = Router(tags=["decisions"])
router.add_router("", decisions_router)
router.add_router("", people_router)

#: Longest key or value quoted back in an error message (a 1 MB string is not echoed).
QUOTE_LIMIT = 60


class EvaluateIn(Schema):
    """`{"edition": "hmg-2008", "answers": {<key>: <answer>, ...}}`; edition is optional."""

    model_config = ConfigDict(extra="forbid")

    edition: str | None = None
    answers: Any


class EvaluateOut(Schema):
    recommendation: Literal["share", "do_not_share", "seek_advice", "seek_consent", "incomplete"]
    basis: (
        Literal["legal_duty", "not_personal_data", "not_confidential", "consent", "public_interest"]
        | None
    )
    next_question: str | None
    advice_on: str | None
    safeguarding_alert: bool
    checklist: list[str]
    explanation: str


def _quoted(text: object) -> str:
    shown = str(text)
    return shown if len(shown) <= QUOTE_LIMIT else shown[:QUOTE_LIMIT] + "…"


def answer_errors(answers: object, edition: str) -> dict[str, str]:
    """Each bad field of `answers` with a message that never echoes a long input in full.

    Raises `engine.UnknownEditionError` for an unknown edition.
    """
    found = engine.get_edition(edition)
    errors = engine.validate_answers(answers, edition)
    if not errors or not isinstance(answers, dict):
        return errors
    known = {question.key: question for question in found.questions}
    clipped: dict[str, str] = {}
    for key in errors:
        question = known.get(key)
        if question is None:
            clipped[_quoted(key)] = f"Unknown question '{_quoted(key)}'"
        else:
            clipped[key] = (
                f"'{_quoted(answers[key])}' is not a valid answer to {key}: "
                f"expected one of {', '.join(question.values)}"
            )
    return clipped


def evaluate_answers(answers: object, edition: str | None) -> engine.Evaluation:
    """Validates the request and runs the engine; every problem is a `ValidationFailed`."""
    code = engine.DEFAULT_EDITION if edition is None else edition
    if code not in engine.EDITIONS:
        known = ", ".join(sorted(engine.EDITIONS))
        raise ValidationFailed(
            {"edition": f"Unknown edition '{_quoted(code)}': use one of {known}"}
        )
    errors = answer_errors(answers, code)
    if errors:
        raise ValidationFailed(errors)
    assert isinstance(answers, dict)  # noqa: S101 - validate_answers rejects anything else
    return engine.evaluate(answers, code)


@router.post(
    "decision-support/evaluate",
    response={200: EvaluateOut, 400: ErrorOut, 401: ErrorOut, 415: ErrorOut},
    url_name="decision_support_evaluate",
    summary="Evaluate answers to the key questions (stores nothing)",
)
def decision_support_evaluate(request: HttpRequest, payload: EvaluateIn) -> dict[str, Any]:
    """The recommendation for the answers given so far (domain spec sections 3 and 4).

    Answers may be partial. Unknown question keys or answer values, an unknown edition
    or answers that are not an object give 400 naming each bad field.
    """
    return evaluate_answers(payload.answers, payload.edition).as_dict()
