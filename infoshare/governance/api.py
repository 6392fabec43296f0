"""Policies for case-management systems and intranets: list, read, acknowledge.

Same selectors and services as the pages; the access registry has already checked
the roles ("api-1:<url_name>" in access.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema

from infoshare.core.api import ERRORS, page_number, page_params
from infoshare.governance import selectors, services
from infoshare.governance.models import Acknowledgement, Policy

router = Router(tags=["governance"])

#: The levels a list may ask for (``models.PolicyLevel``), so that another is refused (400).
LevelName = Literal["organisation", "partnership"]


class PolicyOut(Schema):
    id: int
    title: str
    kind: str
    level: str
    organisation_id: int | None
    organisation_name: str | None
    version: int
    status: str
    review_date: dt.date
    published_at: dt.datetime | None
    previous_id: int | None
    body: str
    document_url: str | None
    acknowledged: bool


class PolicyPage(Schema):
    items: list[PolicyOut]
    count: int
    page: int
    page_size: int


class AcknowledgementOut(Schema):
    policy_id: int
    version: int
    acknowledged_at: dt.datetime


def _out(policy: Policy, acknowledged: set[int]) -> dict[str, Any]:
    return {
        "id": policy.pk,
        "title": policy.title,
        "kind": policy.kind,
        "level": policy.level,
        "organisation_id": policy.organisation_id,
        "organisation_name": policy.organisation.name if policy.organisation else None,
        "version": policy.version,
        "status": policy.status,
        "review_date": policy.review_date,
        "published_at": policy.published_at,
        "previous_id": policy.previous_id,
        "body": policy.body,
        "document_url": (
            reverse("governance:policy_document", kwargs={"policy_id": policy.pk})
            if policy.document
            else None
        ),
        "acknowledged": policy.pk in acknowledged,
    }


def _acknowledged_ids(user: Any, ids: list[int]) -> set[int]:
    return set(
        Acknowledgement.objects.filter(person_id=user.pk, policy_id__in=ids).values_list(
            "policy_id", flat=True
        )
    )


@router.get(
    "policies",
    response={200: PolicyPage, **ERRORS},
    url_name="governance_policy_list",
    summary="Policies and procedures that apply to you (current versions and your drafts)",
)
def policy_list(
    request: HttpRequest, level: LevelName | None = None, page: int = 1, page_size: int = 25
) -> dict[str, Any]:
    """`level` narrows the list to organisation or partnership policies. Out-of-range
    paging is clamped, and the page served is the one named."""
    start, end = page_params(page, page_size)
    policies = selectors.current_policies_visible_to(request.user, level=level or "")
    items = list(policies[start:end])
    acknowledged = _acknowledged_ids(request.user, [p.pk for p in items])
    return {
        "items": [_out(p, acknowledged) for p in items],
        "count": policies.count(),
        "page": page_number(page),
        "page_size": end - start,
    }


@router.get(
    "policies/{policy_id}",
    response={200: PolicyOut, **ERRORS},
    url_name="governance_policy_read",
    summary="One version of a policy or procedure",
)
def policy_read(request: HttpRequest, policy_id: int) -> dict[str, Any]:
    policy = selectors.get_policy_for(request.user, policy_id)
    return _out(policy, _acknowledged_ids(request.user, [policy.pk]))


@router.post(
    "policies/{policy_id}/acknowledge",
    response={200: AcknowledgementOut, **ERRORS},
    url_name="governance_policy_acknowledge",
    summary="Acknowledge that you have read this version (idempotent: repeating it changes nothing)",
)
def policy_acknowledge(request: HttpRequest, policy_id: int) -> dict[str, Any]:
    ack = services.acknowledge_policy(actor=request.user, policy_id=policy_id)
    policy = ack.policy
    return {
        "policy_id": policy_id,
        "version": policy.version if policy else 0,
        "acknowledged_at": ack.acknowledged_at,
    }
