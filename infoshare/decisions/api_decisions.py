"""The decisions API: create a draft, answer questions, finalise, amend, read and list,
scoped exactly as the pages (the same services and selectors)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import ConfigDict, StrictInt, StrictStr

from infoshare.core.access import allows, rule_for
from infoshare.core.api import ERRORS, LAST_PAGE, idempotency_key, page_params
from infoshare.core.errors import ValidationFailed
from infoshare.core.numbers import MAX_ID
from infoshare.decisions import engine, services
from infoshare.decisions.api_schemas import (
    COUNT_LIMIT,
    DecisionOut,
    DecisionPage,
    decision_out,
)
from infoshare.decisions.engine.lawful_bases import GATEWAYS
from infoshare.decisions.models import Outcome, SharingDecision
from infoshare.decisions.models import Status as RecordStatus
from infoshare.decisions.selectors import decisions_visible_to, lists, view_decision_for
from infoshare.decisions.selectors.countersign import countersign_orgs
from infoshare.decisions.selectors.decisions import record_decision_viewed, record_listed
from infoshare.decisions.selectors.lists import COUNTERSIGN_DONE, COUNTERSIGN_WAITING, Filters
from infoshare.decisions.views.filters import ApiFilterForm, FilterForm

router = Router(tags=["decisions"])


class CreateIn(Schema):
    model_config = ConfigDict(extra="forbid")

    edition: StrictStr = engine.DEFAULT_EDITION
    organisation_id: StrictInt | None = None


class PatchIn(Schema):
    """Any of the draft's fields. `answers` are merged into those given so far (null
    removes one); `people` replaces the list of people (ids your organisation recorded).
    Answers to questions a change takes out of play are set aside, not shown, and come back
    when the question is back in play. With the outcome `not_shared`, the details of sharing
    (bases, what, how, when, told) are set aside the same way, as is a reason for departing
    when the outcome matches the recommendation; finalising drops whatever is set aside.
    A 400 names every bad field at once, an answer's as `answers.<question>`."""

    model_config = ConfigDict(extra="forbid")

    answers: Any = None
    people: Any = None
    direction: Any = None
    recipient_organisation_id: Any = None
    recipient_name: Any = None
    external_recipient: Any = None
    purpose: Any = None
    outcome: Any = None
    reasons: Any = None
    departure_reason: Any = None
    gateway: Any = None
    special_category: Any = None
    article6: Any = None
    article9: Any = None
    schedule1: Any = None
    information_categories: Any = None
    information_description: Any = None
    facts: Any = None
    opinion: Any = None
    person_told: Any = None
    reason_not_told: Any = None
    method: Any = None
    method_detail: Any = None
    shared_on: Any = None


class AmendIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: Any = None


class CountersignIn(Schema):
    model_config = ConfigDict(extra="forbid")

    comment: Any = ""


def one_of(values: Iterable[str]) -> Callable[[dict[str, Any]], None]:
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


class ListQuery(Schema):
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
        json_schema_extra=one_of(OUTCOMES),
        description="The outcome recorded (on the shared scope: shared or shared_in_part)",
    )
    gateway: str = Field(
        "",
        json_schema_extra=one_of(gateway.code for gateway in GATEWAYS),
        description="The common-law gateway the practitioner recorded (a record of not "
        "sharing has none): what the list pages' 'Common-law gateway recorded' filter uses",
    )
    basis: str = Field(
        "",
        json_schema_extra=one_of(RECOMMENDATION_BASES),
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
        json_schema_extra=one_of([COUNTERSIGN_WAITING, COUNTERSIGN_DONE]),
        description="Countersigning (all, mine, team and organisation scopes)",
    )
    status: str = Field(
        "",
        json_schema_extra=one_of(value for value, _ in RecordStatus.choices),
        description="One status only (all and mine scopes)",
    )
    page: int = Field(1, ge=1, le=LAST_PAGE, description=f"From 1 to {LAST_PAGE}")
    page_size: int = Field(
        25, description="Records per page: at most 100 (a larger number is read as 100)"
    )


@router.post(
    "decisions/",
    response={201: DecisionOut, 200: DecisionOut, **ERRORS},
    url_name="decision_create",
    summary="Start a draft decision (Idempotency-Key honoured)",
)
def decision_create(request: HttpRequest, payload: CreateIn) -> Status[dict[str, Any]]:
    """Starts a draft for your organisation. Send an `Idempotency-Key` header so that a
    retried request returns the same draft (200) instead of making a second one (201). The
    same key sent with a different organisation or edition is refused (409)."""
    decision, created = services.start_draft(
        actor=request.user,
        organisation_id=payload.organisation_id,
        edition=payload.edition,
        idempotency_key=idempotency_key(request),
    )
    if not created and decision.status != RecordStatus.DRAFT:
        # A retry after the draft was finalised returns the record as it is now: a read of
        # a record, audited as the read endpoint's is (a draft is still its author's work).
        record_decision_viewed(request.user, decision, via="api_retry")
    return Status(201 if created else 200, decision_out(decision, viewer=request.user))


@router.patch(
    "decisions/{int:decision_id}",
    response={200: DecisionOut, **ERRORS},
    url_name="decision_update",
    summary="Answer questions and fill in a draft",
)
def decision_update(request: HttpRequest, decision_id: int, payload: PatchIn) -> dict[str, Any]:
    given = payload.model_fields_set
    changes = {name: getattr(payload, name) for name in given - {"answers", "people"}}
    # The service checks every field at once, answers and people included, and names each.
    answers = payload.answers if "answers" in given else None
    people = payload.people if "people" in given else None
    decision = services.update_draft(
        actor=request.user,
        decision_id=decision_id,
        changes=changes,
        answers=answers,
        people=people,
        step="api",
    )
    return decision_out(decision, viewer=request.user)


@router.post(
    "decisions/{int:decision_id}/finalise",
    response={200: DecisionOut, **ERRORS},
    url_name="decision_finalise",
    summary="Finalise a draft (the record then never changes)",
)
def decision_finalise(request: HttpRequest, decision_id: int) -> dict[str, Any]:
    return decision_out(
        services.finalise_decision(actor=request.user, decision_id=decision_id), viewer=request.user
    )


@router.post(
    "decisions/{int:decision_id}/amend",
    response={201: DecisionOut, 200: DecisionOut, **ERRORS},
    url_name="decision_amend",
    summary="Start an amendment of a final record (a new version with a reason)",
    openapi_extra={
        "responses": {
            201: {"description": "The amendment: a new draft version, started now"},
            200: {
                "description": "Your amendment already in progress (asked again, or "
                "retried): the same draft, unchanged (the reason sent is not used)"
            },
        }
    },
)
def decision_amend(
    request: HttpRequest, decision_id: int, payload: AmendIn
) -> Status[dict[str, Any]]:
    """Starts an amendment: a new draft version of a final record, with the reason (201).
    Asked again while your amendment of the record is in progress, it returns that
    amendment (200), so that a retry makes no second version; someone else's amendment in
    progress is a conflict (409)."""
    amendment, created = services.amend_decision(
        actor=request.user, decision_id=decision_id, reason=payload.reason
    )
    return Status(201 if created else 200, decision_out(amendment, viewer=request.user))


@router.post(
    "decisions/{int:decision_id}/countersign",
    response={200: DecisionOut, **ERRORS},
    url_name="decision_countersign",
    summary="Countersign a final record (managers, where local policy asks)",
)
def decision_countersign(
    request: HttpRequest, decision_id: int, payload: CountersignIn
) -> dict[str, Any]:
    decision = services.countersign_decision(
        actor=request.user, decision_id=decision_id, comment=payload.comment
    )
    return decision_out(decision, viewer=request.user)


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
    "team": "decisions:team_decisions",
    "organisation": "decisions:organisation_decisions",
    "shared": "decisions:shared_with_us",
}
#: The API's name for each field of the list pages' filter form that it names otherwise.
FILTER_FIELDS = {"recipient": "recipient_organisation_id", "shared_by": "organisation_id"}
#: The filters only some lists offer (by the form's name for them).
LIST_OWN_FILTERS = ("countersigned", "status", "recipient", "shared_by")


def _filters(request: HttpRequest, given: ListQuery) -> Filters:
    """The filters, checked by the list pages' own form, so that both refuse the same;
    a bad scope is named with them."""
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
    problems: dict[str, str] = {}
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
        raise ValidationFailed(problems, "Check the filters")
    return form.filters()


@router.get(
    "decisions/",
    response={200: DecisionPage, **ERRORS},
    url_name="decision_list",
    summary="List the decision records you may see",
)
def decision_list(request: HttpRequest, filters: Query[ListQuery]) -> dict[str, Any]:
    """`scope`: all (every record you may see), mine, team (managers), organisation
    (managers, advisors, senior leads) or shared (the records other organisations shared
    with yours, for practitioners, managers, advisors and senior leads: the "Shared with
    your organisation" page). Filters as on the list pages: `reference` (one record's
    versions, those the scope lists; what is not a reference is refused), `gateway` (the
    common-law gateway recorded) and `basis` (the basis of the guidance's recommendation)
    for every scope; `recipient_organisation_id` for all but shared, `organisation_id` (who
    shared it) for shared only; `countersigned` (waiting, done) for all, mine, team and
    organisation; `status` (draft, final, superseded) for all and mine. A filter a scope
    does not offer, or a value not listed, is refused (400), every bad one named at once.
    `page` runs from 1 to 100000 (another is refused); `page_size` is at most 100."""
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
    return {
        "count": min(counted, COUNT_LIMIT),
        "count_is_exact": counted <= COUNT_LIMIT,
        "page": number,
        "next_page": number + 1 if len(page) > size else None,
        "items": [decision_out(decision, viewer=request.user) for decision in page[:size]],
    }
