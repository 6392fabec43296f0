"""The decisions API: create a draft, answer questions, finalise, amend, read and list,
scoped exactly as the pages (the same services and selectors).

Every request is checked in one pass: a 400 names each bad field at once, whether its type
is wrong, it is not a field at all, or the service refuses its value (``_every_problem``).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable, Mapping
from typing import Annotated, Any, TypeVar

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Body, Field, Query, Router, Status
from ninja.errors import HttpError
from pydantic import ConfigDict, StrictInt, StrictStr

from infoshare.core.access import allows, rule_for
from infoshare.core.api import ERRORS, IDEMPOTENCY_KEY, LAST_PAGE, idempotency_key, page_params
from infoshare.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from infoshare.core.numbers import MAX_ID
from infoshare.core.times import datetime_text
from infoshare.decisions import engine, errors, services
from infoshare.decisions.api_schemas import (
    ARTICLE_6_CODES,
    ARTICLE_9_CODES,
    CATEGORY_CODES,
    COUNT_LIMIT,
    EDITION_CODES,
    GATEWAY_CODES,
    SCHEDULE_1_CODES,
    UNSAID,
    DecisionChangedOut,
    DecisionOut,
    DecisionPage,
    OnePass,
    answers_schema,
    decision_out,
    exactly,
    list_of,
    one_of,
    printable,
    refused,
    text,
)
from infoshare.decisions.models import Direction, Method, Outcome, SharingDecision, Told
from infoshare.decisions.models import Status as RecordStatus
from infoshare.decisions.models.decision import SHORT_TEXT_MAX, TEXT_MAX
from infoshare.decisions.selectors import decisions_visible_to, lists, view_decision_for
from infoshare.decisions.selectors.advice import advice_shown_for
from infoshare.decisions.selectors.countersign import countersign_orgs
from infoshare.decisions.selectors.decisions import record_decision_viewed, record_listed
from infoshare.decisions.selectors.lists import COUNTERSIGN_DONE, COUNTERSIGN_WAITING, Filters
from infoshare.decisions.services.changes import (
    EARLIEST_SHARE,
    RECIPIENT_NOT_AN_ID,
    RECIPIENT_NOT_OFFERED,
)
from infoshare.decisions.services.drafts import MAX_PEOPLE, NotADraft, update_draft_exactly
from infoshare.decisions.views.filters import ApiFilterForm, FilterForm

router = Router(tags=["decisions"])

Result = TypeVar("Result")


class _NothingKept(Exception):
    """Rolls back a change that ran only so that its own checks could be read."""


#: The service's messages that speak of a page's list, in the API's words: the API's list
#: of the organisations a record's recipient may be is `GET /api/v1/organisations`.
API_WORDS = {
    RECIPIENT_NOT_AN_ID: "Give the id of an organisation listed by GET /api/v1/organisations",
    RECIPIENT_NOT_OFFERED: (
        "Select an active organisation of the record's partnership, by its id from "
        "GET /api/v1/organisations"
    ),
}


def _in_api_words(fields: Mapping[str, str]) -> dict[str, str]:
    return {name: API_WORDS.get(problem, problem) for name, problem in fields.items()}


def _every_problem(
    problems: Mapping[str, str],
    act: Callable[[], Result],
    *,
    renamed: Mapping[str, Iterable[str]] | None = None,
) -> Result:
    """Runs ``act`` (a service's change) and refuses the request, with one 400 naming
    every bad field, if either the request's shape (``problems``) or the service's checks
    find anything; then nothing is kept (``act``'s work is rolled back). A refusal with
    no more than "Check the answers" to say says what is wrong instead. ``renamed``: the
    request's own fields that each of the service's names stands for."""
    if problems:
        found: dict[str, str] = {}
        try:
            with transaction.atomic():
                act()
                raise _NothingKept
        except _NothingKept:
            pass
        except ValidationFailed as failed:
            found = _in_api_words(failed.fields)
        except DomainError:
            pass  # a request that cannot be read is answered first, as before
        raise refused(_renamed(found, renamed) | dict(problems))
    try:
        return act()
    except ValidationFailed as failed:
        fields = _in_api_words(failed.fields)
        if failed.message == UNSAID or renamed or fields != failed.fields:
            raise refused(_renamed(fields, renamed), failed.message) from None
        raise


def _renamed(
    fields: Mapping[str, str], names: Mapping[str, Iterable[str]] | None
) -> dict[str, str]:
    result: dict[str, str] = {}
    for name, problem in fields.items():
        result |= dict.fromkeys((names or {}).get(name, (name,)), problem)
    return result


# -- Request bodies. ------------------------------------------------------------------


class CreateIn(OnePass):
    """Both fields may be left out; so may the body itself (read as `{}`)."""

    model_config = ConfigDict(extra="forbid")

    edition: StrictStr = Field(
        engine.DEFAULT_EDITION, json_schema_extra={"enum": list(EDITION_CODES)}
    )
    organisation_id: StrictInt | None = Field(
        None,
        description="The organisation the record is for: one where you record decisions "
        "(needed if there are several)",
    )


def _change(schema: dict[str, Any], description: str) -> Any:
    """A field of a draft: published with its type and codes, checked by the service."""
    return Field(None, json_schema_extra=exactly(schema), description=description)


def _clears(what: str) -> str:
    return f"{what}; null clears it"


class PatchIn(OnePass):
    """Any of the draft's fields. `answers` are merged into those given so far (null
    removes one); `people` replaces the list of people (ids your organisation recorded).
    An answer you send is stored or refused, never dropped: one to a question that the
    answers it results in take out of play (`public_interest` once consent is given, say)
    is refused, saying why the question is not asked. Answers given earlier to questions a
    change takes out of play are set aside, not shown, and come back when the question is
    back in play. The details of sharing (bases, what, how, when, told) are not recorded
    when the outcome is `not_shared`, nor is `departure_reason` when the outcome is in line
    with the recommendation: sent in a request that results in such an outcome, each is
    refused the same way, saying why (an empty value is accepted: it leaves one set aside
    alone, and clears one in play);
    given earlier, they are set aside, read empty, and come back when the outcome is
    shared (or departs) again. The response's `set_aside` names the answers, then the
    fields, that this change set aside; finalising drops whatever is set aside.
    `advice_elsewhere_from` and `advice_elsewhere_said` record advice got outside
    Infoshare (who gave it, what they advised): optional, but a record giving one needs
    the other to be finalised. A 400 names every bad field at once, an answer's as
    `answers.<question>`."""

    model_config = ConfigDict(extra="forbid")

    answers: Any = _change(
        answers_schema(removable=True),
        "Answers to the key questions, by question key, merged into those given so far "
        "(null removes one)",
    )
    people: Any = _change(
        {
            "type": "array",
            "items": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
            "maxItems": MAX_PEOPLE,
        },
        "The ids of the people the information is about, recorded by the record's "
        "organisation: replaces the list",
    )
    direction: Any = _change(
        one_of(Direction.values, null=True),
        _clears("Whether you are sharing or were asked"),
    )
    recipient_organisation_id: Any = _change(
        {"anyOf": [{"type": "integer", "minimum": 1, "maximum": MAX_ID}, {"type": "null"}]},
        "The organisation of your partnership that receives it (or asked), by its id from "
        "GET /api/v1/organisations; null clears it",
    )
    recipient_name: Any = _change(
        text(SHORT_TEXT_MAX, null=True), "The person who receives it (or asked), on one line"
    )
    external_recipient: Any = _change(
        text(SHORT_TEXT_MAX, null=True),
        "An organisation outside the partnership that receives it (or asked), on one line",
    )
    purpose: Any = _change(text(TEXT_MAX, null=True), "Why the information is shared")
    outcome: Any = _change(one_of(Outcome.values, null=True), _clears("What you did"))
    reasons: Any = _change(text(TEXT_MAX, null=True), "Your reasons for the decision")
    departure_reason: Any = _change(
        text(TEXT_MAX, null=True), "Why the outcome differs from the recommendation"
    )
    gateway: Any = _change(
        one_of(GATEWAY_CODES, null=True),
        _clears("The common-law gateway relied on"),
    )
    special_category: Any = _change(
        {"type": "boolean"}, "Whether special category data is shared (true or false)"
    )
    article6: Any = _change(list_of(ARTICLE_6_CODES), "UK GDPR Article 6(1) bases")
    article9: Any = _change(list_of(ARTICLE_9_CODES), "UK GDPR Article 9(2) conditions")
    schedule1: Any = _change(
        list_of(SCHEDULE_1_CODES), "Data Protection Act 2018 Schedule 1 conditions"
    )
    information_categories: Any = _change(
        list_of(CATEGORY_CODES), "The kinds of information shared"
    )
    information_description: Any = _change(text(TEXT_MAX, null=True), "What information is shared")
    facts: Any = _change(text(TEXT_MAX, null=True), "The facts shared")
    opinion: Any = _change(text(TEXT_MAX, null=True), "The opinions shared")
    person_told: Any = _change(
        one_of(Told.values, null=True), _clears("Whether the person was told")
    )
    reason_not_told: Any = _change(text(TEXT_MAX, null=True), "Why the person was not told")
    method: Any = _change(
        one_of(Method.values, null=True),
        _clears("How it was shared (other needs method_detail)"),
    )
    method_detail: Any = _change(
        text(SHORT_TEXT_MAX, null=True), "How it was shared, in words, on one line"
    )
    shared_on: Any = _change(
        {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]},
        f"The day it was shared (YYYY-MM-DD): today or earlier, from "
        f"{EARLIEST_SHARE.day} {EARLIEST_SHARE:%B %Y}; null clears it",
    )
    advice_elsewhere_from: Any = _change(
        text(SHORT_TEXT_MAX, null=True),
        "Who gave advice about the decision outside Infoshare (a manager by phone, the "
        "safeguarding lead, a professional body), on one line; null or empty clears it",
    )
    advice_elsewhere_said: Any = _change(
        text(TEXT_MAX, null=True),
        "What they advised (needed with advice_elsewhere_from); null or empty clears it",
    )


class AmendIn(OnePass):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"required": ["reason"]})

    reason: Any = Field(
        None,
        json_schema_extra=exactly(text(TEXT_MAX) | {"minLength": 1}),
        description="Why the record is corrected (required)",
    )


class CountersignIn(OnePass):
    """The comment may be left out; so may the body itself (read as `{}`)."""

    model_config = ConfigDict(extra="forbid")

    comment: Any = Field(
        "", json_schema_extra=exactly(text(TEXT_MAX, null=True)), description="Your comment"
    )


# -- The list's query. --------------------------------------------------------------


def filter_of(values: Iterable[str]) -> Callable[[dict[str, Any]], None]:
    """A list filter's values, named in the schema. Left out, it filters nothing; any other
    value is refused by the list pages' own form (400, with every bad filter named at once
    in the pages' words), so the type stays a string."""
    allowed = list(values)

    def schema(field: dict[str, Any]) -> None:
        field["enum"] = allowed
        field.pop("default", None)

    return schema


#: The API's list scopes, each the list page of that name ("all": every record you may see).
SCOPE_NAMES = ("all", "mine", "team", "organisation", "shared")
#: Every allowed value; on the shared scope, only the outcomes that shared something.
OUTCOMES = [value for value, _ in Outcome.choices]
RECOMMENDATION_BASES = list(engine.BASES)


class ListQuery(OnePass):
    scope: str = Field(
        "all", json_schema_extra={"enum": list(SCOPE_NAMES)}, description="Which list"
    )
    reference: str = Field(
        "",
        description="One record's versions, by the reference printed on it "
        "(ISD-2026-000123), in any case, or copied with its version "
        "(ISD-2026-000123 (version 2)); up to 40 characters",
    )
    date_from: dt.date | None = Field(
        None, description="Records finalised on or after this day (UK time), as YYYY-MM-DD"
    )
    date_to: dt.date | None = Field(
        None, description="Records finalised on or before this day (UK time), as YYYY-MM-DD"
    )
    outcome: str = Field(
        "",
        json_schema_extra=filter_of(OUTCOMES),
        description="The outcome recorded (on the shared scope: shared or shared_in_part)",
    )
    gateway: str = Field(
        "",
        json_schema_extra=filter_of(GATEWAY_CODES),
        description="The common-law gateway the practitioner recorded (a record of not "
        "sharing has none): what the list pages' 'Common-law gateway recorded' filter uses",
    )
    basis: str = Field(
        "",
        json_schema_extra=filter_of(RECOMMENDATION_BASES),
        description="The basis of the guidance's recommendation, set at finalising (the "
        "evaluation's `basis`), for integrations that rely on it: not what the practitioner "
        "relied on (see `gateway`). A record shared against a 'do not share' recommendation "
        "has none",
    )
    urgent: bool = False
    recipient_organisation_id: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="The receiving organisation (every scope but shared)",
    )
    organisation_id: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="The recording organisation, that shared the record: the shared scope's "
        "'Shared by' filter (that scope only)",
    )
    countersigned: str = Field(
        "",
        json_schema_extra=filter_of([COUNTERSIGN_WAITING, COUNTERSIGN_DONE]),
        description="Countersigning (all, mine, team and organisation scopes)",
    )
    status: str = Field(
        "",
        json_schema_extra=filter_of(RecordStatus.values),
        description="One status only (all and mine scopes)",
    )
    page: int = Field(1, ge=1, le=LAST_PAGE, description=f"From 1 to {LAST_PAGE}")
    page_size: int = Field(
        25,
        ge=1,
        description="Records per page, from 1 to 100 (a larger number is read as 100; 0 or "
        "less is refused)",
    )


# -- Writing records. ---------------------------------------------------------------

#: How a client sends an Idempotency-Key (``core.api.idempotency_key`` checks it).
IDEMPOTENCY_KEY_PARAMETER = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {"type": "string", "pattern": IDEMPOTENCY_KEY.pattern},
    "description": "A key of your own for this request (1 to 100 printable ASCII "
    "characters, no spaces): sent again with a retry, it returns the draft the first "
    "request made (200) instead of making another",
}


@router.post(
    "decisions/",
    response={201: DecisionOut, 200: DecisionOut, **ERRORS},
    url_name="decision_create",
    summary="Start a draft decision (Idempotency-Key honoured)",
    openapi_extra={"parameters": [IDEMPOTENCY_KEY_PARAMETER]},
)
def decision_create(
    request: HttpRequest, payload: Annotated[CreateIn, Body(None)]
) -> Status[dict[str, Any]]:
    """Starts a draft for your organisation. Send an `Idempotency-Key` header so that a
    retried request returns the same draft (200) instead of making a second one (201). The
    same key sent with a different organisation or edition is refused (409). The body may
    be left out."""
    given = payload if payload is not None else CreateIn()
    problems = given.problems
    try:
        key = idempotency_key(request)
    except ValidationFailed as bad_key:
        problems |= bad_key.fields
        key = ""
    decision, created = _every_problem(
        problems,
        lambda: services.start_draft(
            actor=request.user,
            organisation_id=given.organisation_id,
            edition=given.edition,
            idempotency_key=key,
        ),
    )
    if not created and decision.status != RecordStatus.DRAFT:
        # A retry after the draft was finalised returns the record as it is now: a read of
        # a record, audited as the read endpoint's is (a draft is still its author's work).
        record_decision_viewed(request.user, decision, via="api_retry")
    return Status(201 if created else 200, decision_out(decision, viewer=request.user))


@router.patch(
    "decisions/{int:decision_id}",
    response={200: DecisionChangedOut, **ERRORS},
    url_name="decision_update",
    summary="Answer questions and fill in a draft",
)
def decision_update(request: HttpRequest, decision_id: int, payload: PatchIn) -> dict[str, Any]:
    """Changes your draft: only the fields you send (`answers` are merged into those given
    so far). Each value you send is stored or refused, never dropped: a 400 names every bad
    field at once, such as an answer to a question the other answers take out of play
    (`answers.<question>`, saying why it is not asked), or a detail of a share sent with
    the outcome `not_shared`.

    What a change takes out of play of what was given earlier (answers to questions no
    longer asked, the details of a share once the outcome is `not_shared`, the reason for
    departing once the outcome is in line with the recommendation) is set aside: it is not
    shown (answers leave `answers`, fields read empty) and does not steer the
    recommendation. The response's `set_aside` lists what this change set aside. What was
    set aside comes back by itself when it is in play again, and the response's `restored`
    lists what this change brought back (check the recommendation again). Finalising drops
    whatever is still set aside.

    Sending back the empty value shown for a field that is set aside (a draft read and sent
    back whole) changes nothing: the value set aside is kept. `null` clears a field that is
    in play (an answer's `null` removes it)."""
    given = payload.model_fields_set
    changes = {name: getattr(payload, name) for name in given - {"answers", "people"}}
    # The service checks every field at once, answers and people included, and names each;
    # an answer sent to a question out of play is one of them (never set aside unseen).
    answers = payload.answers if "answers" in given else None
    people = payload.people if "people" in given else None
    change = _every_problem(
        payload.problems,
        lambda: update_draft_exactly(
            actor=request.user,
            decision_id=decision_id,
            changes=changes,
            answers=answers,
            people=people,
            step="api",
        ),
    )
    return decision_out(change.decision, viewer=request.user) | {
        "set_aside": [*change.set_aside, *change.set_aside_fields],
        "restored": [*change.restored, *change.restored_fields],
    }


#: The fields a client sends that each of finalising's problems stands for: "recipient"
#: is the record's recipient, an organisation of the partnership or one outside it.
FINALISE_FIELDS = {"recipient": ("recipient_organisation_id", "external_recipient")}


@router.post(
    "decisions/{int:decision_id}/finalise",
    response={200: DecisionOut, **ERRORS},
    url_name="decision_finalise",
    summary="Finalise a draft (the record then never changes)",
    openapi_extra={
        "responses": {
            200: {
                "description": "The final record: finalised now, or by you already (a "
                "retry, which changes nothing and is audited as a read)"
            },
            409: {
                "description": "Finalised already by someone else (the message says who "
                "and when), or replaced by a later version since"
            },
        }
    },
)
def decision_finalise(request: HttpRequest, decision_id: int) -> dict[str, Any]:
    """Finalises your draft. Retried after it was finalised (by you), it returns the final
    record (200) and changes nothing; a 400 names each field still to fill in."""
    try:
        decision = _every_problem(
            {},
            lambda: services.finalise_decision(actor=request.user, decision_id=decision_id),
            renamed=FINALISE_FIELDS,
        )
    except NotADraft:
        decision = _finalised_already(request.user, decision_id, own=True)
        record_decision_viewed(request.user, decision, via="api_retry")
    except NotFound:
        _finalised_already(request.user, decision_id, own=False)
        raise
    return decision_out(decision, viewer=request.user)


def _finalised_already(user: Any, decision_id: int, *, own: bool) -> SharingDecision:
    """A finalise of a record that is no longer a draft. Its author (``own``: the one
    who finalised it, and may still) gets the final record, as for a retry; anyone else who
    may see it a conflict saying who finalised it and when. Not found for anyone else."""
    decision = (
        decisions_visible_to(user).exclude(status=RecordStatus.DRAFT).filter(pk=decision_id).first()
    )
    if decision is None:
        raise NotFound()
    if own and decision.status == RecordStatus.FINAL:
        return decision
    who = "you" if decision.author_id == user.pk else str(decision.author)
    said = f"{decision.label} was finalised by {who} on {datetime_text(decision.finalised_at)}"
    if decision.status == RecordStatus.SUPERSEDED:
        said += (
            ", and a later version has replaced it since. To correct the record, amend "
            "its current version with a reason."
        )
    else:
        said += ". To correct it, amend it with a reason."
    raise Conflict(errors.NOT_A_DRAFT, said)


@router.post(
    "decisions/{int:decision_id}/amend",
    response={201: DecisionOut, 200: DecisionOut, **ERRORS},
    url_name="decision_amend",
    summary="Start an amendment of a final record (a new version with a reason)",
    openapi_extra={
        "requestBody": {"required": True},
        "responses": {
            201: {"description": "The amendment: a new draft version, started now"},
            200: {
                "description": "Your amendment already in progress (asked again, or "
                "retried): the same draft, unchanged (the reason sent is not used)"
            },
        },
    },
)
def decision_amend(
    request: HttpRequest, decision_id: int, payload: Annotated[AmendIn, Body(None)]
) -> Status[dict[str, Any]]:
    """Starts an amendment: a new draft version of a final record, with the reason (201).
    Asked again while your amendment of the record is in progress, it returns that
    amendment (200), so that a retry makes no second version; someone else's amendment in
    progress is a conflict (409)."""
    given = payload if payload is not None else AmendIn()
    amendment, created = _every_problem(
        given.problems,
        lambda: services.amend_decision(
            actor=request.user, decision_id=decision_id, reason=given.reason
        ),
    )
    return Status(201 if created else 200, decision_out(amendment, viewer=request.user))


@router.post(
    "decisions/{int:decision_id}/countersign",
    response={200: DecisionOut, **ERRORS},
    url_name="decision_countersign",
    summary="Countersign a final record (managers, where local policy asks)",
    openapi_extra={
        "responses": {
            409: {
                "description": "Countersigned already, or not a current final record (a "
                "draft, or a version replaced since): countersign_not_allowed"
            }
        }
    },
)
def decision_countersign(
    request: HttpRequest, decision_id: int, payload: Annotated[CountersignIn, Body(None)]
) -> dict[str, Any]:
    """Countersigns a final record of an organisation you manage, with an optional
    comment; the body may be left out."""
    given = payload if payload is not None else CountersignIn()
    try:
        decision = _every_problem(
            given.problems,
            lambda: services.countersign_decision(
                actor=request.user, decision_id=decision_id, comment=given.comment
            ),
        )
    except DomainError as refusal:
        if refusal.code == errors.COUNTERSIGN_NOT_ALLOWED:
            _refuse_by_state(decision_id)
        raise
    return decision_out(decision, viewer=request.user)


def _refuse_by_state(decision_id: int) -> None:
    """Countersigning refused because of the record's state (a draft, or a version
    replaced since) is a conflict of state (409), as amending a draft is. The service
    found the record in an organisation the caller manages."""
    status = SharingDecision.objects.filter(pk=decision_id).values_list("status", flat=True).first()
    if status == RecordStatus.DRAFT:
        raise Conflict(
            errors.COUNTERSIGN_NOT_ALLOWED,
            "This record is still a draft: only a final record can be countersigned",
        )
    if status == RecordStatus.SUPERSEDED:
        raise Conflict(
            errors.COUNTERSIGN_NOT_ALLOWED,
            "A later version has replaced this one: countersign the current version",
        )


# -- Reading records. ---------------------------------------------------------------


@router.get(
    "decisions/{int:decision_id}",
    response={200: DecisionOut, **ERRORS},
    url_name="decision_read",
    summary="Read a decision record (audited)",
)
def decision_read(request: HttpRequest, decision_id: int) -> dict[str, Any]:
    return decision_out(
        view_decision_for(request.user, decision_id, via="api"), viewer=request.user
    )


SCOPES = {
    "all": None,
    "mine": lists.my_decisions,
    "team": lists.team_decisions,
    "organisation": lists.organisation_decisions,
    "shared": lists.shared_with_us,
}
#: The scopes that match a list page answer to that page's access rule.
SCOPE_PAGES = {
    "mine": "decisions:my_decisions",
    "team": "decisions:team_decisions",
    "organisation": "decisions:organisation_decisions",
    "shared": "decisions:shared_with_us",
}
#: The API's name for each field of the list pages' filter form that it names otherwise.
FILTER_FIELDS = {"recipient": "recipient_organisation_id", "shared_by": "organisation_id"}
#: The filters only some lists offer (by the form's name for them).
LIST_OWN_FILTERS = ("countersigned", "status", "recipient", "shared_by")
#: The longest name of an unknown parameter quoted back.
NAME_LIMIT = 60


def _unknown_parameters(names: Iterable[str]) -> dict[str, str]:
    """Each query parameter the list does not have (a misspelt filter would otherwise
    be ignored, and the whole list served as if filtered)."""
    known = list(ListQuery.model_fields)
    problems: dict[str, str] = {}
    for name in names:
        if name in known:
            continue
        close = difflib.get_close_matches(name, known, n=1)
        hint = f": did you mean {close[0]}?" if close else ""
        problems[printable(name[:NAME_LIMIT])] = f"The list has no parameter of this name{hint}"
    return problems


def _filters(request: HttpRequest, given: ListQuery) -> Filters:
    """The filters, checked by the list pages' own form, so that both refuse the same;
    a bad scope, a value of the wrong type and a parameter the list does not have are
    named with them, all at once."""
    data = {
        "reference": given.reference,
        "date_from": given.date_from.isoformat() if given.date_from else "",
        "date_to": given.date_to.isoformat() if given.date_to else "",
        "outcome": given.outcome,
        "gateway": given.gateway,
        "basis": given.basis,
        "recipient": str(given.recipient_organisation_id or ""),
        "shared_by": str(given.organisation_id or ""),
        "urgent": "on" if given.urgent else "",
        "countersigned": given.countersigned,
        "status": given.status,
    }
    problems = given.problems | _unknown_parameters(request.GET)
    if given.scope not in SCOPES:
        problems["scope"] = f"Use one of {', '.join(SCOPES)}"
    # The lists' own filters: countersigning on the recording organisation's lists, a
    # status where drafts and earlier versions are listed (yours, and "all" you may see),
    # who shared a record on the list of those shared with your organisation (whose
    # receiving organisation is always yours).
    scope = given.scope if given.scope in FilterForm.EXTRA_FIELDS else "mine"
    form = ApiFilterForm(data, user=request.user, scope=scope)
    for name in LIST_OWN_FILTERS:
        if data[name] and name not in form.fields:
            named = FILTER_FIELDS.get(name, name)
            problems[named] = f"The {named} filter is not offered for the {given.scope} scope"
    if not form.is_valid():
        problems |= {
            FILTER_FIELDS.get(name, name): " ".join(str(message) for message in messages)
            for name, messages in form.errors.items()
        }
    if problems:
        raise refused(problems, "Check the filters")
    return form.filters()


@router.get(
    "decisions/",
    response={200: DecisionPage, **ERRORS},
    url_name="decision_list",
    summary="List the decision records you may see",
)
def decision_list(request: HttpRequest, filters: Query[ListQuery]) -> dict[str, Any]:
    """`scope`: all (every record you may see), mine (those you record: practitioners,
    managers, advisors and senior leads), team (managers), organisation (managers, advisors,
    senior leads) or shared (the records other organisations shared with yours, for
    practitioners, managers, advisors and senior leads: the "Shared with your organisation"
    page); a scope your roles do not include is refused (403). Filters as on the list
    pages: `reference` (one record's versions, those the scope lists; what is not a
    reference is refused), `gateway` (the common-law gateway recorded) and `basis` (the
    basis of the guidance's recommendation) for every scope; `recipient_organisation_id`
    for all but shared, `organisation_id` (who shared it) for shared only; `countersigned`
    (waiting, done) for all, mine, team and organisation; `status` (draft, final,
    superseded) for all and mine. A filter a scope does not offer, a value not listed, or
    a parameter the list does not have is refused (400), every bad one named at once.
    `page` runs from 1 to 100000 and `page_size` from 1 (others are refused); a
    `page_size` over 100 is read as 100."""
    page_name = SCOPE_PAGES.get(filters.scope)
    rule = rule_for(page_name) if page_name else None
    if rule is not None and not allows(rule, request.user, None):
        raise HttpError(403, f"Your roles do not include the {filters.scope} list")
    chosen = _filters(request, filters)
    query = SCOPES[filters.scope]
    visible = decisions_visible_to(request.user)
    if chosen.countersigned:
        # Countersigning is internal to the recording organisation: among the records
        # shared with yours, whether one was countersigned is not told, so this filter
        # holds only your organisations' own records.
        visible = visible.filter(organisation_id__in=countersign_orgs(request.user))
    found: QuerySet[SharingDecision] = (
        lists.apply_filters(visible, chosen).order_by(*lists.LATEST_CHANGE)
        if query is None
        else query(request.user, chosen)
    ).prefetch_related("people")
    start, end = page_params(filters.page, filters.page_size)
    size = end - start
    number = start // size + 1
    # One more than the page, to know whether another follows without counting them all.
    page = list(found[start : end + 1])
    counted = found.order_by()[: COUNT_LIMIT + 1].count()
    record_listed(request.user, page[:size], {"via": "api", "scope": filters.scope, "page": number})
    # The advice asked from the page's drafts since, in one query for the page (none
    # without a draft), not one for each record.
    advice = advice_shown_for(request.user, page[:size])
    return {
        "count": min(counted, COUNT_LIMIT),
        "count_is_exact": counted <= COUNT_LIMIT,
        "page": number,
        "next_page": number + 1 if len(page) > size else None,
        "items": [
            decision_out(decision, viewer=request.user, advice=advice[decision.pk])
            for decision in page[:size]
        ],
    }
