"""Agreements API: list, read, create a draft (idempotent), sign. Calls the same
selectors and services as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from infoshare.agreements import selectors, services
from infoshare.agreements.models import Agreement, AgreementParty
from infoshare.core.api import ERRORS, idempotency_key, page_params
from infoshare.core.errors import DomainError, ValidationFailed

router = Router(tags=["agreements"])

#: The statuses a list may ask for (``models.Status``), so that another is refused (400).
StatusName = Literal[
    "draft", "awaiting_signature", "active", "under_review", "expired", "withdrawn", "superseded"
]


class PartyOut(Schema):
    id: int
    name: str
    organisation_id: int | None
    external: bool
    signatory: str
    signed_at: dt.datetime | None
    refused_at: dt.datetime | None


class AgreementOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    version: int
    previous_id: int | None
    lead_organisation_id: int
    purpose: str
    data_items: str
    lawful_bases: list[str]
    retention: str
    security_arrangements: str
    privacy_information: str
    start_date: dt.date | None
    review_date: dt.date | None
    end_date: dt.date | None
    parties: list[PartyOut]


class AgreementPage(Schema):
    count: int
    results: list[AgreementOut]


class AgreementIn(Schema):
    lead_organisation_id: int
    title: str = Field(..., max_length=200)
    kind: str = Field(..., max_length=30)
    purpose: str = Field(..., max_length=4000)
    data_items: str = Field("", max_length=4000)
    lawful_bases: list[str] = Field(default_factory=list, max_length=20)
    retention: str = Field("", max_length=4000)
    security_arrangements: str = Field("", max_length=4000)
    privacy_information: str = Field("", max_length=4000)
    start_date: dt.date | None = None
    review_date: dt.date | None = None
    end_date: dt.date | None = None


class SignIn(Schema):
    party_id: int | None = None


#: The API's name for each field the pages (and so the services) name otherwise.
API_FIELDS = {"lead_organisation": "lead_organisation_id"}


def _name_api_fields(error: DomainError) -> None:
    """Names the API's fields in a service's error, as the request named them."""
    if error.field:
        error.field = API_FIELDS.get(error.field, error.field)
    if isinstance(error, ValidationFailed):
        error.fields = {API_FIELDS.get(name, name): text for name, text in error.fields.items()}


def _party(party: AgreementParty) -> dict[str, Any]:
    return {
        "id": party.pk,
        "name": party.name,
        "organisation_id": party.organisation_id,
        "external": party.is_external,
        "signatory": party.signatory_label,
        "signed_at": party.signed_at,
        "refused_at": party.refused_at,
    }


#: The record's own fields; its content is what a new version copies (services).
RECORD_FIELDS = ("status", "version", "previous_id", "lead_organisation_id")


def _out(agreement: Agreement) -> dict[str, Any]:
    return {
        "id": agreement.pk,
        **{name: getattr(agreement, name) for name in (*RECORD_FIELDS, *services.CONTENT_FIELDS)},
        "parties": [_party(party) for party in agreement.parties.all()],
    }


@router.get(
    "agreements",
    response={200: AgreementPage, **ERRORS},
    url_name="agreement_list",
    summary="The agreements register of your partnership",
)
def agreement_list(
    request: HttpRequest,
    status: StatusName | None = None,
    page: int = 1,
    page_size: int = 25,
) -> dict[str, Any]:
    """`status` narrows the register to agreements in that state (superseded versions
    are listed only when asked for). Out-of-range paging is clamped, as on every list."""
    items = selectors.register_for(request.user, status=status or "")
    start, end = page_params(page, page_size)
    return {"count": items.count(), "results": [_out(a) for a in items[start:end]]}


@router.get(
    "agreements/{agreement_id}",
    response={200: AgreementOut, **ERRORS},
    url_name="agreement_detail",
    summary="One agreement, with its parties and signatures",
)
def agreement_detail(request: HttpRequest, agreement_id: int) -> dict[str, Any]:
    return _out(selectors.get_agreement_for(request.user, agreement_id))


# The access middleware resolves POST /agreements to the list's url name (same path),
# so the rule for creating is enforced by the service: only a senior lead or advisor
# of the lead organisation, or a partnership admin, creates a draft (403 otherwise).
@router.post(
    "agreements",
    response={200: AgreementOut, 201: AgreementOut, **ERRORS},
    url_name="agreement_create",
    summary="Create a draft agreement (send an Idempotency-Key to make retries safe)",
)
def agreement_create(request: HttpRequest, payload: AgreementIn) -> Status[dict[str, Any]]:
    """Creates a draft (201). Send an `Idempotency-Key` header (up to 100 printable
    characters without spaces) so that a retried request returns the same draft (200)
    instead of making a second one. The same key sent with a different request is refused
    (409)."""
    key = idempotency_key(request)
    content = payload.model_dump()
    lead_organisation_id = content.pop("lead_organisation_id")
    try:
        agreement, created = services.start_draft_agreement(
            actor=request.user,  # type: ignore[arg-type]
            lead_organisation_id=lead_organisation_id,
            content=content,
            idempotency_key=key,
        )
    except DomainError as error:
        _name_api_fields(error)
        raise
    found = selectors.get_agreement_for(request.user, agreement.pk)
    return Status(201 if created else 200, _out(found))


@router.post(
    "agreements/{agreement_id}/sign",
    response={200: AgreementOut, **ERRORS},
    url_name="agreement_sign",
    summary="Sign for the party that names you as its signatory",
)
def agreement_sign(
    request: HttpRequest, agreement_id: int, payload: SignIn | None = None
) -> dict[str, Any]:
    services.sign_agreement(
        actor=request.user,  # type: ignore[arg-type]
        agreement_id=agreement_id,
        party_id=payload.party_id if payload else None,
    )
    return _out(selectors.get_agreement_for(request.user, agreement_id))
