"""The decisions API: create a draft, answer questions, finalise, amend, read and list,
scoped exactly as the pages (the same services and selectors)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import ConfigDict, StrictInt, StrictStr

from infoshare.core.access import allows, rule_for
from infoshare.core.api import ERRORS, idempotency_key, page_params
from infoshare.core.errors import ValidationFailed
from infoshare.core.numbers import MAX_ID
from infoshare.decisions import engine, services
from infoshare.decisions.api_schemas import (
    COUNT_LIMIT,
    DecisionOut,
    DecisionPage,
    decision_out,
)
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.selectors import decisions_visible_to, lists, view_decision_for
from infoshare.decisions.selectors.decisions import record_listed
from infoshare.decisions.selectors.lists import Filters
from infoshare.decisions.views.filters import FilterForm

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


class ListQuery(Schema):
    scope: str = "all"
    reference: str = Field(
        "",
        description="One record's versions, by the reference printed on it "
        "(ISD-2026-000123), in any case, or copied with its version "
        "(ISD-2026-000123 (version 2)); up to 40 characters",
    )
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    outcome: str = ""
    basis: str = ""
    urgent: bool = False
    recipient_organisation_id: int | None = Field(None, ge=1, le=MAX_ID)
    countersigned: str = ""
    status: str = ""
    page: int = 1
    page_size: int = 25


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
}
#: The scopes that match a list page answer to that page's access rule.
SCOPE_PAGES = {
    "team": "decisions:team_decisions",
    "organisation": "decisions:organisation_decisions",
}
#: The API's name for each field of the list pages' filter form that it names otherwise.
FILTER_FIELDS = {"recipient": "recipient_organisation_id"}


def _filters(request: HttpRequest, given: ListQuery) -> Filters:
    """The filters, checked by the list pages' own form, so that both refuse the same."""
    data = {
        "reference": given.reference,
        "date_from": given.date_from.isoformat() if given.date_from else "",
        "date_to": given.date_to.isoformat() if given.date_to else "",
        "outcome": given.outcome,
        "basis": given.basis,
        "recipient": str(given.recipient_organisation_id or ""),
        "urgent": "on" if given.urgent else "",
        "countersigned": given.countersigned,
        "status": given.status,
    }
    # The lists' own extra filters: countersigning on the recording organisation's lists,
    # a status where drafts and earlier versions are listed (yours, and "all" you may see).
    scope = given.scope if given.scope in FilterForm.EXTRA_FIELDS else "mine"
    form = FilterForm(data, user=request.user, scope=scope)
    offered = {name for name in ("countersigned", "status") if name in form.fields}
    not_here = {
        name: f"The {name} filter is not offered for the {given.scope} scope"
        for name in ("countersigned", "status")
        if data[name] and name not in offered
    }
    if not_here:
        raise ValidationFailed(not_here, "Check the filters")
    if not form.is_valid():
        raise ValidationFailed(
            {
                FILTER_FIELDS.get(name, name): " ".join(str(message) for message in messages)
                for name, messages in form.errors.items()
            },
            "Check the filters",
        )
    return form.filters()


@router.get(
    "decisions/",
    response={200: DecisionPage, **ERRORS},
    url_name="decision_list",
    summary="List the decision records you may see",
)
def decision_list(request: HttpRequest, filters: Query[ListQuery]) -> dict[str, Any]:
    """`scope`: all (every record you may see), mine, team (managers) or organisation
    (managers, advisors, senior leads). Filters as on the list pages: `reference` (one
    record's versions, those the scope lists; what is not a reference is refused) for every
    scope; `countersigned` (waiting, done) for all, mine, team and organisation; `status`
    (draft, final, superseded) for all and mine."""
    if filters.scope not in SCOPES:
        raise ValidationFailed({"scope": f"Use one of {', '.join(SCOPES)}"})
    page_name = SCOPE_PAGES.get(filters.scope)
    rule = rule_for(page_name) if page_name else None
    if rule is not None and not allows(rule, request.user, None):
        raise HttpError(403, f"Your roles do not include the {filters.scope} list")
    chosen = _filters(request, filters)
    query = SCOPES[filters.scope]
    found: QuerySet[SharingDecision] = (
        lists.apply_filters(decisions_visible_to(request.user), chosen).order_by(
            *lists.LATEST_CHANGE
        )
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
