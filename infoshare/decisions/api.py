"""The decisions API (mounted at /api/v1/).

`POST decision-support/evaluate` is the stable contract of domain spec section 4: it runs
the pure decision engine over the answers given and stores nothing. A 400 names each bad
field at once, an answer by its question's key (`purpose`), as the contract's integrations
read it: whatever is wrong with it, even text that cannot be read as Unicode.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router
from pydantic import ConfigDict

from infoshare.core.api import ERRORS, ErrorOut, JsonParser
from infoshare.core.errors import ValidationFailed
from infoshare.decisions import engine
from infoshare.decisions.api_decisions import router as decisions_router
from infoshare.decisions.api_people import router as people_router
from infoshare.decisions.api_schemas import (
    EDITION_CODES,
    EvaluateOut,
    OnePass,
    answers_schema,
    exactly,
    one_of,
    printable,
    refused,
)

router = Router(tags=["decisions"])
router.add_router("", decisions_router)
router.add_router("", people_router)

#: Longest key or value quoted back in an error message (a 1 MB string is not echoed).
QUOTE_LIMIT = 60
#: The API's body parser, which this endpoint calls itself (``_read_body``).
PARSER = JsonParser()


class EvaluateIn(OnePass):
    """`{"edition": "hmg-2008", "answers": {<key>: <answer>, ...}}`; edition is optional."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"required": ["answers"]})

    edition: str | None = Field(
        None,
        json_schema_extra=exactly(
            one_of(EDITION_CODES, null=True) | {"default": engine.DEFAULT_EDITION}
        ),
        description="The edition of the guidance; left out or null, the default",
    )
    answers: Any = Field(
        None,
        json_schema_extra=exactly(answers_schema()),
        description="The answers given so far, by question key: any may be left out",
    )


#: What else than its answer the endpoint may say, and why (it finds nothing (404) and
#: changes nothing (409); a read-only token may use it).
EVALUATE_ERRORS = {
    status: schema for status, schema in ERRORS.items() if status not in (404, 409)
} | {405: ErrorOut}


def _quoted(text: object) -> str:
    shown = printable(str(text))
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


def _answer_named(name: str, answers: object) -> str:
    """What the parser names `answers.<key>` (or a part of it), named by the key."""
    if not name.startswith("answers."):
        return name
    key = name.removeprefix("answers.")
    return key if isinstance(answers, dict) and key in answers else key.split(".", 1)[0]


def _read_body(request: HttpRequest) -> tuple[object, dict[str, str]]:
    """The JSON body, read by the API's own parser (415 for a body of another kind, 400
    for one that is not JSON; no body reads as `{}`), and what the parser refuses in it
    (text holding a lone surrogate): named as this endpoint names fields, and checked
    with everything else rather than before it."""
    if not request.body:
        return {}, {}
    try:
        return PARSER.parse_body(request), {}
    except ValidationFailed as unreadable:
        data = json.loads(request.body)  # valid JSON: the parser read it
        answers = data.get("answers") if isinstance(data, dict) else None
        return data, {
            _answer_named(name, answers): problem for name, problem in unreadable.fields.items()
        }


def evaluate_answers(payload: EvaluateIn, unreadable: dict[str, str]) -> engine.Evaluation:
    """Checks the whole request in one pass and runs the engine: every problem is named
    in one `ValidationFailed`. Under an edition that is not one, the answers are checked
    against the default edition's questions."""
    problems = payload.problems
    given = payload.model_fields_set
    if "answers" not in given and "body" not in problems:
        problems["answers"] = "Field required"
    code = engine.DEFAULT_EDITION if payload.edition is None else payload.edition
    if code not in engine.EDITIONS:
        known = ", ".join(sorted(engine.EDITIONS))
        problems.setdefault("edition", f"Unknown edition '{_quoted(code)}': use one of {known}")
    checked = code if code in engine.EDITIONS else engine.DEFAULT_EDITION
    if "answers" in given:
        problems = answer_errors(payload.answers, checked) | problems
    problems |= unreadable
    if problems:
        raise refused(problems)
    return engine.evaluate(payload.answers, code)


@router.post(
    "decision-support/evaluate",
    response={200: EvaluateOut, 400: ErrorOut, **EVALUATE_ERRORS},
    url_name="decision_support_evaluate",
    summary="Evaluate answers to the key questions (stores nothing)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": EvaluateIn.model_json_schema()}},
        },
        "responses": {
            400: {
                "description": "Unknown keys or answer values, an unknown edition, answers "
                "that are not an object, or a field that is not one: `fields` names each "
                "(an answer by its question's key)"
            },
            403: {
                "description": "`csrf_failed`: a signed-in session's request without its "
                "CSRF token (send it in X-CSRFToken, or use an API token)"
            },
            405: {"description": "`method_not_allowed`: only POST evaluates"},
            413: {"description": "`too_large`: a body too large to read"},
            415: {"description": "`unsupported_media_type`: a body that is not JSON"},
        },
    },
)
def decision_support_evaluate(request: HttpRequest) -> dict[str, Any]:
    """The recommendation for the answers given so far (domain spec sections 3 and 4).

    Answers may be partial. Unknown question keys or answer values, an unknown edition,
    answers that are not an object or a field that is not one give 400 naming each bad
    field at once, an answer by its question's key."""
    data, unreadable = _read_body(request)
    payload = EvaluateIn.model_validate(data)
    return evaluate_answers(payload, unreadable).as_dict()
