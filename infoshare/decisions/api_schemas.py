"""Schemas shared by the decisions API modules, and how their requests are checked.

Each coded field names its codes in the published schema, read from the one place that
holds each list (the models' choices, the edition's questions, the lawful bases, the
categories of information, the engine's results): nothing here writes a list of codes
again. The service's own checks still decide what is accepted, with their own messages.

A request is checked in one pass: what its shape gets wrong (a wrong type, a field that is
not one) is kept by ``OnePass`` instead of answering at once, so that one 400 names it with
everything else the endpoint finds (``refused``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Self

from ninja import Field, Schema
from pydantic import ModelWrapValidatorHandler, PrivateAttr, ValidationError, model_validator
from pydantic_core import ErrorDetails

from infoshare.core.errors import ValidationFailed
from infoshare.core.text import LONE_SURROGATE
from infoshare.decisions import engine
from infoshare.decisions.content import CATEGORY_LABELS
from infoshare.decisions.engine.lawful_bases import ARTICLE_6, ARTICLE_9, GATEWAYS, SCHEDULE_1
from infoshare.decisions.models import Direction, Method, Outcome, Person, SharingDecision, Told
from infoshare.decisions.models import Status as RecordStatus
from infoshare.decisions.models.person import RoleInCase
from infoshare.decisions.services.set_aside import SET_ASIDE_FIELDS

# -- The codes each field holds, from where each list is kept. ---------------------------

#: The editions the engine knows (their codes), and the default edition's questions: the
#: schema describes answers to these (another edition would bring its own).
EDITION_CODES = tuple(engine.EDITIONS)
QUESTIONS = engine.get_edition(engine.DEFAULT_EDITION).questions
QUESTION_KEYS = tuple(question.key for question in QUESTIONS)
CONSENT_QUESTION = engine.get_edition(engine.DEFAULT_EDITION).question("consent")
CONSENT_REASON_QUESTION = engine.get_edition(engine.DEFAULT_EDITION).question(
    "consent_not_sought_reason"
)
GATEWAY_CODES = tuple(basis.code for basis in GATEWAYS)
ARTICLE_6_CODES = tuple(basis.code for basis in ARTICLE_6)
ARTICLE_9_CODES = tuple(basis.code for basis in ARTICLE_9)
SCHEDULE_1_CODES = tuple(basis.code for basis in SCHEDULE_1)
CATEGORY_CODES = tuple(CATEGORY_LABELS)


def one_of(
    values: Iterable[str | None], *, blank: bool = False, null: bool = False
) -> dict[str, Any]:
    """The JSON schema of a code: one of ``values``; ``blank``: or "" (none chosen yet);
    ``null``: or null."""
    codes: list[str | None] = [*values, *([""] if blank else [])]
    schema: dict[str, Any] = {"type": "string", "enum": codes}
    return {"anyOf": [schema, {"type": "null"}]} if null else schema


def list_of(values: Iterable[str]) -> dict[str, Any]:
    """The JSON schema of a list of codes, each one of ``values``."""
    return {"type": "array", "items": {"type": "string", "enum": list(values)}}


def text(max_length: int, *, null: bool = False) -> dict[str, Any]:
    """The JSON schema of free text of up to ``max_length`` characters."""
    if null:
        return {"anyOf": [{"type": "string"}, {"type": "null"}], "maxLength": max_length}
    return {"type": "string", "maxLength": max_length}


def answers_schema(*, removable: bool = False) -> dict[str, Any]:
    """The JSON schema of answers to the key questions, by question key (the default
    edition's; each answer one of the question's own); ``removable``: null removes one."""
    properties = {
        question.key: one_of(question.values, null=removable) | {"description": question.text}
        for question in QUESTIONS
    }
    return {"type": "object", "properties": properties, "additionalProperties": False}


def exactly(schema: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    """A field's ``json_schema_extra`` that publishes ``schema`` as its JSON schema, keeping
    its title and description. The field's Python type stays loose where the service checks
    the value itself, so that its checks and messages, not the schema's, decide."""

    def publish(field: dict[str, Any]) -> None:
        kept = {key: field[key] for key in ("title", "description") if key in field}
        field.clear()
        field.update(schema | kept)

    return publish


# -- Checking a request in one pass. ------------------------------------------------------


def field_name(loc: Iterable[int | str]) -> str:
    """A field as a 400 names it: its path joined with dots ("people.0"), "body" for the
    body as a whole (as ``api.router`` names what pydantic refuses)."""
    return ".".join(str(part) for part in loc) or "body"


def shape_problems(errors: Iterable[ErrorDetails]) -> dict[str, str]:
    return {field_name(error["loc"]): str(error["msg"]) for error in errors}


class OnePass(Schema):
    """A request (a body, or a list's query) whose shape is checked together with
    everything else: what pydantic refuses (a wrong type, a field that is not one) is
    kept in ``problems`` rather than answered at once, and the field holds its default, so
    that the endpoint's own checks still run and one 400 names every bad field. Each
    field therefore has a default; the schema may still say it is required."""

    _problems: dict[str, str] = PrivateAttr(default_factory=dict)

    @model_validator(mode="wrap")
    @classmethod
    def _keep_problems(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        try:
            return handler(data)
        except ValidationError as error:
            problems = shape_problems(error.errors())
            bad = {str(error["loc"][0]) for error in error.errors() if error["loc"]}
        given = data if isinstance(data, Mapping) else {}
        try:
            made = handler({name: value for name, value in given.items() if name not in bad})
        except ValidationError:
            made = cls.model_construct()
        made._problems = problems
        return made

    @property
    def problems(self) -> dict[str, str]:
        """What the request's shape gets wrong, by field."""
        return dict(self._problems)


#: What a ``ValidationFailed`` says when whoever raised it said nothing more ("Check the
#: answers"): the API says what is wrong instead (``refused``).
UNSAID = ValidationFailed({}).message
#: The most fields a 400's message names (``fields`` names them all).
NAMED_IN_MESSAGE = 5


def printable(name: str) -> str:
    """A name a client sent, as an error can hold it (a lone surrogate cannot be sent
    back as valid Unicode)."""
    return LONE_SURROGATE.sub("\N{REPLACEMENT CHARACTER}", name)


def what_is_wrong(fields: Mapping[str, str]) -> str:
    """A 400's message that says what is wrong: the one problem with its field, or the
    fields to check."""
    names = list(fields)
    if len(names) == 1:
        return f"{names[0]}: {fields[names[0]]}"
    shown = names[:NAMED_IN_MESSAGE]
    if len(names) > NAMED_IN_MESSAGE:
        listed = f"{', '.join(shown)} and {len(names) - NAMED_IN_MESSAGE:,} more"
    else:
        listed = f"{', '.join(shown[:-1])} and {shown[-1]}"
    return f"Check {listed}: see fields for what is wrong with each"


def refused(fields: Mapping[str, str], message: str = UNSAID) -> ValidationFailed:
    """The 400 naming each bad field; its message says what is wrong unless ``message``
    says something of its own."""
    named = {printable(name): problem for name, problem in fields.items()}
    return ValidationFailed(named, what_is_wrong(named) if message == UNSAID else message)


# -- What the API answers. ---------------------------------------------------------------


class PersonOut(Schema):
    id: int
    given_name: str
    family_name: str
    date_of_birth: dt.date | None
    local_reference: str
    nhs_number: str
    role_in_case: str = Field(json_schema_extra=exactly(one_of(RoleInCase.values)))
    organisation_id: int


def _question_key(description: str) -> Any:
    return Field(
        json_schema_extra=exactly(one_of(QUESTION_KEYS, null=True)), description=description
    )


class EvaluateOut(Schema):
    """The engine's answer (domain spec section 4). None is always null, never ""."""

    recommendation: engine.Recommendation
    basis: engine.Basis | None = Field(
        description="The basis of a share recommendation; null for any other"
    )
    next_question: str | None = _question_key(
        "The key of the next question to ask; null unless the recommendation is incomplete"
    )
    advice_on: str | None = _question_key(
        "The key of the question answered not_sure; null unless the recommendation is seek_advice"
    )
    safeguarding_alert: bool
    checklist: list[str]
    explanation: str


def _code(values: Iterable[str], description: str) -> Any:
    """A code the practitioner chooses: "" until chosen."""
    return Field(json_schema_extra=exactly(one_of(values, blank=True)), description=description)


def _codes(values: Iterable[str], description: str) -> Any:
    return Field(json_schema_extra=exactly(list_of(values)), description=description)


class AdviceReplyOut(Schema):
    by: str = Field(description="Who replied, by name")
    text: str = Field(description="What they said")
    at: dt.datetime | None = Field(description="When they replied; null where not held")


class AdviceOut(Schema):
    """A question asked for advice from the record, and the replies to it."""

    question: str = Field(description="What was asked")
    asked_by: str | None = Field(description="Who asked, by name; null where not held")
    asked_at: dt.datetime | None = Field(description="When it was asked; null where not held")
    replies: list[AdviceReplyOut] = Field(description="The replies, oldest first; empty until one")


class DecisionOut(Schema):
    """A decision record. Where the guidance's engine gave nothing (`recommendation`,
    `basis`, `advice_on`), it is null, as in `evaluation` and the evaluate endpoint; a code
    the practitioner has not chosen yet is ""."""

    id: int
    reference: str
    version: int
    status: str = Field(json_schema_extra=exactly(one_of(RecordStatus.values)))
    previous_id: int | None
    amendment_reason: str
    organisation_id: int
    author_id: int
    edition: str = Field(json_schema_extra=exactly(one_of(EDITION_CODES)))
    answers: dict[str, str] = Field(
        json_schema_extra=exactly(answers_schema()),
        description="The answers to the key questions given so far, by question key",
    )
    evaluation: EvaluateOut = Field(
        description="The engine's answer for these answers now (for a final record, "
        "`recommendation` is what was shown when it was finalised)"
    )
    recommendation: str | None = Field(
        json_schema_extra=exactly(one_of(engine.RECOMMENDATIONS, null=True)),
        description="What the guidance recommended when the record was finalised; null on a draft",
    )
    basis: str | None = Field(
        json_schema_extra=exactly(one_of(engine.BASES, null=True)),
        description="The basis of that recommendation; null on a draft and for a "
        "recommendation other than share",
    )
    advice_on: str | None = _question_key(
        "The question answered not_sure when the record was finalised; null if none"
    )
    safeguarding_alert: bool = Field(
        description="Whether a child is at risk of significant harm, or an adult at risk of "
        "serious harm: true whenever the record's answers say so (risk_of_significant_harm "
        "is yes), on a draft as soon as it is answered, as `evaluation` says"
    )
    people: list[PersonOut]
    direction: str = _code(Direction.values, "Whether you are sharing or were asked")
    recipient_organisation_id: int | None
    recipient_name: str
    external_recipient: str
    purpose: str
    information_categories: list[str] = _codes(CATEGORY_CODES, "What kinds of information")
    information_description: str
    facts: str
    opinion: str
    outcome: str = _code(Outcome.values, "What you did")
    reasons: str
    departure_reason: str
    gateway: str = _code(GATEWAY_CODES, "The common-law gateway relied on")
    special_category: bool
    article6: list[str] = _codes(ARTICLE_6_CODES, "UK GDPR Article 6(1) bases")
    article9: list[str] = _codes(ARTICLE_9_CODES, "UK GDPR Article 9(2) conditions")
    schedule1: list[str] = _codes(SCHEDULE_1_CODES, "Data Protection Act 2018 Schedule 1")
    consent_position: str = _code(
        CONSENT_QUESTION.values, "The answer about consent when the record was finalised"
    )
    consent_not_sought_reason: str = _code(
        CONSENT_REASON_QUESTION.values, "Why consent was not sought, when it was finalised"
    )
    person_told: str = _code(Told.values, "Whether the person was told")
    reason_not_told: str
    method: str = _code(Method.values, "How it was shared")
    method_detail: str
    shared_on: dt.date | None
    urgent: bool
    urgent_due_at: dt.datetime | None
    countersigned_by_id: int | None = Field(
        description="Who countersigned it; null until countersigned, and always null for a "
        "receiving organisation (countersigning is internal to the recording organisation)"
    )
    countersigned_at: dt.datetime | None = Field(
        description="When it was countersigned; null whenever countersigned_by_id is null"
    )
    countersign_comment: str = Field(
        description="The countersigning manager's comment; empty for a receiving organisation"
    )
    advice: list[AdviceOut] = Field(
        description="The advice asked from the record (from whom, what was said): on a final "
        "record, what was kept with it when finalised; on a draft, that and what you may see "
        "of the advice asked since. Advice is internal to the recording organisation: empty "
        "for anyone else"
    )
    advice_elsewhere_from: str = Field(
        description="Who gave advice about the decision outside Infoshare (by phone, in "
        "person, a professional body), if any. Optional, but needed together with "
        "advice_elsewhere_said to finalise: a draft may hold either alone, a record giving "
        "one without the other is not finalised. Internal to the recording organisation, as "
        "`advice` is: empty for anyone else"
    )
    advice_elsewhere_said: str = Field(
        description="What they advised, if any. Optional, but needed together with "
        "advice_elsewhere_from to finalise: a draft may hold either alone, a record giving "
        "one without the other is not finalised. Internal to the recording organisation: "
        "empty for anyone else"
    )
    created_at: dt.datetime
    updated_at: dt.datetime
    finalised_at: dt.datetime | None


class DecisionChangedOut(DecisionOut):
    """The draft as the change left it, what the change set aside, and what it brought
    back."""

    set_aside: list[str] = Field(
        json_schema_extra=exactly(list_of((*QUESTION_KEYS, *SET_ASIDE_FIELDS))),
        description="What this change took out of play of what was given earlier, in one "
        "list: first the questions (by key) whose answers it set aside, which are then not in "
        "`answers` and do not steer the recommendation; then the fields of the record it set "
        "aside, which then read empty: the details of a share ("
        + ", ".join(SET_ASIDE_FIELDS[:-1])
        + ") when the outcome is not_shared, and departure_reason when the outcome is in line "
        "with the recommendation. Each comes back by itself when it is in play again (the "
        "question asked, the outcome shared, the outcome departing); finalising drops them. "
        "Empty when the change set none aside. Sending back the empty value a field set "
        "aside reads as changes nothing: the value set aside is kept",
    )
    restored: list[str] = Field(
        json_schema_extra=exactly(list_of((*QUESTION_KEYS, *SET_ASIDE_FIELDS))),
        description="What this change brought back by itself of what was set aside earlier, "
        "in one list: first the questions (by key) whose answers are in play again and back "
        "in `answers` (steering the recommendation again), then the fields of the record "
        "that hold their value again (the details of a share once the outcome is shared, "
        "departure_reason once the outcome departs from the recommendation). Not what the "
        "change itself gave a value. Empty when the change brought none back",
    )


#: What advice got outside Infoshare reads as for someone who may not see advice.
ADVICE_ELSEWHERE_NOT_SHOWN: dict[str, str] = {
    "advice_elsewhere_from": "",
    "advice_elsewhere_said": "",
}

#: The engine's results a record keeps, which read null, not "", where there is none.
ENGINE_RESULTS = ("recommendation", "basis", "advice_on")

#: Lists count matching records up to this many: counting a million records on every call
#: would make each call's cost grow with the organisation's history.
COUNT_LIMIT = 10_000


class DecisionPage(Schema):
    count: int = Field(
        description=f"Records that match, counted up to {COUNT_LIMIT:,}; "
        "beyond that, the limit itself, with count_is_exact false"
    )
    count_is_exact: bool
    page: int
    next_page: int | None = Field(description="The next page's number; null on the last page")
    items: list[DecisionOut]


#: What a person's identifiers read as for someone who may not see them.
WITHHELD: dict[str, Any] = {"date_of_birth": None, "local_reference": "", "nhs_number": ""}


def person_out(person: Person, *, identifiers: bool = True) -> dict[str, Any]:
    """The person; without ``identifiers`` (someone who knows them only through records
    shared with their organisation: ``selectors.people.sees_identifiers``), the name only."""
    body = {name: getattr(person, name) for name in PersonOut.model_fields}
    return body if identifiers else body | WITHHELD


def advice_out(item: Mapping[str, Any]) -> dict[str, Any]:
    """An item of advice as the API gives it (``AdviceOut``): what a record keeps of it
    (``selectors.advice``), without what the record page does not show either (the asker's
    id, the request's status); what an older item does not hold is null."""
    return {
        "question": item.get("question", ""),
        "asked_by": item.get("asked_by") or None,
        "asked_at": item.get("asked_at") or None,
        "replies": [
            {"by": reply.get("by", ""), "text": reply.get("text", ""), "at": reply.get("at")}
            for reply in item.get("replies", ())
        ],
    }


def decision_out(
    decision: SharingDecision, *, viewer: Any, advice: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The record as the API shows it to ``viewer``; `evaluation` is the engine's current
    answer (for a final record, `recommendation` is what was shown when it was finalised).
    The people on it carry their identifiers only for the staff of the organisation that
    recorded them (``sees_identifiers``); ``viewer=None`` is for a caller that replaces
    ``people`` and ``advice`` itself. The countersignature is given only to the recording
    organisation's staff (``countersign_shown_to``): to a receiving organisation, the
    record reads as if it had none. `advice` is what the record page shows the viewer
    (``selectors.advice``): ``advice``, when the caller read it for a page of records at
    once, or read here. `safeguarding_alert` is true on a draft whose answers say a
    person is at risk, as its page's banner says, not only once finalised. The advice got
    outside Infoshare follows the rule of `advice` (``summary.sees_advice``): empty for
    anyone but the recording organisation's staff (with ``viewer=None``, the caller
    decides)."""
    from infoshare.decisions.selectors.advice import advice_shown_for
    from infoshare.decisions.selectors.countersign import NOT_SHOWN, countersign_shown_to
    from infoshare.decisions.selectors.people import sees_identifiers
    from infoshare.decisions.summary import sees_advice

    skip = {"people", "evaluation", "advice"}
    body = {name: getattr(decision, name) for name in DecisionOut.model_fields if name not in skip}
    body |= {name: body[name] or None for name in ENGINE_RESULTS}
    body["people"] = [
        person_out(person, identifiers=viewer is None or sees_identifiers(viewer, person))
        for person in decision.people.all()
    ]
    evaluation = engine.evaluate(decision.answers, decision.edition).as_dict()
    body["evaluation"] = evaluation
    body["safeguarding_alert"] = decision.safeguarding_alert or evaluation["safeguarding_alert"]
    if advice is None:
        advice = [] if viewer is None else advice_shown_for(viewer, [decision])[decision.pk]
    body["advice"] = [advice_out(item) for item in advice]
    if viewer is not None and not sees_advice(viewer, decision):
        body |= ADVICE_ELSEWHERE_NOT_SHOWN
    if not countersign_shown_to(viewer, decision):
        body |= NOT_SHOWN
    return body
