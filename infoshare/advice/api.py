"""The advice API (mounted at /api/v1/): the same services and selectors as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from infoshare.advice import selectors, services
from infoshare.advice.models import (
    PERSON_DESCRIPTION_MAX_LENGTH,
    QUESTION_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    AdviceReply,
    AdviceRequest,
)
from infoshare.core.api import (
    ERRORS,
    IDEMPOTENCY_KEY,
    idempotency_key,
    page_number,
    page_params,
)
from infoshare.core.errors import DomainError, ValidationFailed

router = Router(tags=["advice"])


class AdviceRequestIn(Schema):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(..., max_length=QUESTION_MAX_LENGTH)
    addressed_to: Literal["organisation", "partnership", "advisor"] = "organisation"
    advisor_id: int | None = Field(
        None,
        ge=1,
        le=2**63 - 1,
        description='With addressed_to "advisor" (and only then): the user id of the '
        "information sharing advisor asked, one in the partnership of the organisation "
        "asked for (not the caller). The other advisors of that organisation see it too",
    )
    organisation_id: int | None = Field(None, ge=1, le=2**63 - 1)
    about_person_named: bool = False
    person_description: str = Field("", max_length=PERSON_DESCRIPTION_MAX_LENGTH)
    urgent: bool = False
    context_decision_id: int | None = Field(
        None,
        ge=1,
        le=2**63 - 1,
        description="The decision the question is asked from. Asked from your own draft, "
        "the question and its replies are kept with the record when it is finalised; a "
        "question about a final record is not kept with it (amend the record to add advice)",
    )


class ReplyIn(Schema):
    model_config = ConfigDict(extra="forbid")

    body: str = Field(..., max_length=REPLY_MAX_LENGTH)


class ReplyOut(Schema):
    id: int
    author_name: str
    by_advisor: bool
    body: str
    created_at: dt.datetime


class AdviceRequestOut(Schema):
    id: int
    reference: str
    organisation_id: int
    organisation_name: str
    asked_by_name: str
    addressed_to: str
    advisor_id: int | None = Field(
        description='The advisor it is addressed to by name (addressed_to "advisor"), else null'
    )
    advisor_name: str | None
    question: str
    about_person_named: bool
    person_description: str
    urgent: bool
    context_decision_id: int | None = Field(
        description="The decision the question was asked from, for the person who asked it "
        "only; null for everyone who answers (the decision names the person, and the "
        "question may not)"
    )
    status: str
    created_at: dt.datetime
    first_response_at: dt.datetime | None
    closed_at: dt.datetime | None


class AdviceRequestDetailOut(AdviceRequestOut):
    replies: list[ReplyOut]


class AdviceRequestPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[AdviceRequestOut]


def _idempotency_parameter(made: str) -> dict[str, Any]:
    """How a client sends an Idempotency-Key (``core.api.idempotency_key`` checks it), as
    the decisions API documents it."""
    return {
        "in": "header",
        "name": "Idempotency-Key",
        "required": False,
        "schema": {"type": "string", "pattern": IDEMPOTENCY_KEY.pattern},
        "description": "A key of your own for this request (1 to 100 printable ASCII "
        f"characters, no spaces): sent again with a retry, it returns the {made} the first "
        "request made (200) instead of making another; sent with a different request, it "
        "is refused (409)",
    }


#: The service's field names that the API spells differently.
_API_FIELDS = {"advisor": "advisor_id"}


def _person(user: Any) -> str:
    return str(user.full_name or user.email)


def _request_out(item: AdviceRequest, viewer: Any) -> dict[str, Any]:
    """As the pages show it: the decision it was asked from is the asker's alone."""
    is_asker = selectors.is_asker(viewer, item)
    return {
        "id": item.pk,
        "reference": item.reference,
        "organisation_id": item.organisation_id,
        "organisation_name": item.organisation.name,
        "asked_by_name": _person(item.asked_by),
        "addressed_to": item.addressed_to,
        "advisor_id": item.advisor_id,
        "advisor_name": _person(item.advisor) if item.advisor_id else None,
        "question": item.question,
        "about_person_named": item.about_person_named,
        "person_description": item.person_description,
        "urgent": item.urgent,
        "context_decision_id": item.context_decision_id if is_asker else None,
        "status": item.status,
        "created_at": item.created_at,
        "first_response_at": item.first_response_at,
        "closed_at": item.closed_at,
    }


def _reply_out(reply: AdviceReply) -> dict[str, Any]:
    return {
        "id": reply.pk,
        "author_name": _person(reply.author),
        "by_advisor": reply.by_advisor,
        "body": reply.body,
        "created_at": reply.created_at,
    }


def _detail_out(item: AdviceRequest, viewer: Any) -> dict[str, Any]:
    return {
        **_request_out(item, viewer),
        "replies": [_reply_out(r) for r in selectors.replies_to(item)],
    }


@router.get(
    "advice-requests",
    response={200: AdviceRequestPage, **ERRORS},
    url_name="advice_requests",
    summary="Advice requests you asked or answer",
)
def list_advice_requests(
    request: HttpRequest,
    page: int = 1,
    page_size: int = 25,
    status: Literal["open", "answered", "closed"] | None = None,
) -> dict[str, Any]:
    """Newest first. ``status`` (open, answered, closed) narrows the list."""
    items = selectors.advice_requests_visible_to(request.user).order_by("-created_at", "-id")
    if status:
        items = items.filter(status=status)
    start, end = page_params(page, page_size)
    shown = list(items[start:end])
    # Reading requests that name the person is audited: their ids, for each organisation.
    number = page_number(page)
    selectors.record_listed(
        request.user, shown, via="api", scope="visible", page=number, status=status
    )
    return {
        "count": items.count(),
        "page": number,
        "page_size": end - start,
        "results": [_request_out(item, request.user) for item in shown],
    }


@router.post(
    "advice-requests",
    response={201: AdviceRequestDetailOut, 200: AdviceRequestDetailOut, **ERRORS},
    url_name="advice_requests",
    summary="Ask for advice (Idempotency-Key honoured)",
    openapi_extra={"parameters": [_idempotency_parameter("advice request")]},
)
def create_advice_request(request: HttpRequest, payload: AdviceRequestIn) -> Status[Any]:
    """Asks the organisation's (or the partnership's) advisors, or with ``addressed_to``
    "advisor" the one named by ``advisor_id`` (400 naming ``advisor_id`` when it is
    missing, given without "advisor", or not an advisor the caller may name).
    ``organisation_id`` is needed only by people who work in more than one organisation.
    A question nobody would read is refused (400 naming ``addressed_to``): "organisation"
    when nobody but the caller answers advice there (no other information sharing advisor
    or manager), "partnership" when nobody in the partnership does.
    ``context_decision_id``
    must be a decision the caller may see: otherwise 404, and nothing is saved. It is
    returned to the asker only (null to those who answer: it would undo the anonymity).
    Send an `Idempotency-Key` header so that a retried request returns the same request
    (200, as it is now) instead of asking again (201) and emailing the advisors twice; the
    same key sent with a different question is refused (409)."""
    key = idempotency_key(request)
    try:
        asked, created = services.ask_for_advice_once(
            actor=request.user, idempotency_key=key, **payload.model_dump()
        )
    except ValidationFailed as error:
        # As the API names the fields (the pages: "advisor").
        error.fields = {_API_FIELDS.get(name, name): text for name, text in error.fields.items()}
        raise
    except DomainError as error:
        if error.field == "organisation":
            error.field = "organisation_id"  # as the API names it (the pages: "organisation")
        raise
    if not created:
        # A retry: the request as it is now, with any replies, read as the read endpoint's
        # is (audited when it names the person).
        found = selectors.view_advice_request_for(request.user, asked.pk, via="api")
        return Status(200, _detail_out(found, request.user))
    found = selectors.get_advice_request_for(request.user, asked.pk)
    return Status(201, _detail_out(found, request.user))


@router.get(
    "advice-requests/{request_id}",
    response={200: AdviceRequestDetailOut, **ERRORS},
    url_name="advice_request",
    summary="One advice request with its replies",
)
def get_advice_request(request: HttpRequest, request_id: int) -> dict[str, Any]:
    # A request that names the person is audited as viewed, as on its page.
    found = selectors.view_advice_request_for(request.user, request_id, via="api")
    return _detail_out(found, request.user)


@router.post(
    "advice-requests/{request_id}/replies",
    response={201: ReplyOut, 200: ReplyOut, **ERRORS},
    url_name="advice_request_replies",
    summary="Reply to an advice request (Idempotency-Key honoured)",
    openapi_extra={"parameters": [_idempotency_parameter("reply")]},
)
def reply_to_advice_request(request: HttpRequest, request_id: int, payload: ReplyIn) -> Status[Any]:
    """Replies (201). Send an `Idempotency-Key` header so that a retried request returns
    the same reply (200, even once the request is closed) instead of replying again and
    emailing twice; the same key sent with a different reply, or to another request, is
    refused (409)."""
    reply, created = services.reply_to_advice_once(
        actor=request.user,
        request_id=request_id,
        body=payload.body,
        idempotency_key=idempotency_key(request),
    )
    return Status(201 if created else 200, _reply_out(reply))
