"""Schemas shared by the decisions API modules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from infoshare.decisions import engine
from infoshare.decisions.models import Person, SharingDecision


class PersonOut(Schema):
    id: int
    given_name: str
    family_name: str
    date_of_birth: dt.date | None
    local_reference: str
    nhs_number: str
    role_in_case: str
    organisation_id: int


class DecisionOut(Schema):
    id: int
    reference: str
    version: int
    status: str
    previous_id: int | None
    amendment_reason: str
    organisation_id: int
    author_id: int
    edition: str
    answers: dict[str, str]
    evaluation: dict[str, Any]
    recommendation: str
    basis: str
    advice_on: str
    safeguarding_alert: bool
    people: list[PersonOut]
    direction: str
    recipient_organisation_id: int | None
    recipient_name: str
    external_recipient: str
    purpose: str
    information_categories: list[str]
    information_description: str
    facts: str
    opinion: str
    outcome: str
    reasons: str
    departure_reason: str
    gateway: str
    special_category: bool
    article6: list[str]
    article9: list[str]
    schedule1: list[str]
    consent_position: str
    consent_not_sought_reason: str
    person_told: str
    reason_not_told: str
    method: str
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
    created_at: dt.datetime
    updated_at: dt.datetime
    finalised_at: dt.datetime | None


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


def decision_out(decision: SharingDecision, *, viewer: Any) -> dict[str, Any]:
    """The record as the API shows it to ``viewer``; `evaluation` is the engine's current
    answer (for a final record, `recommendation` is what was shown when it was finalised).
    The people on it carry their identifiers only for the staff of the organisation that
    recorded them (``sees_identifiers``); ``viewer=None`` is for a caller that replaces
    ``people`` itself. The countersignature is given only to the recording organisation's
    staff (``countersign_shown_to``): to a receiving organisation, the record reads as if
    it had none."""
    from infoshare.decisions.selectors.countersign import NOT_SHOWN, countersign_shown_to
    from infoshare.decisions.selectors.people import sees_identifiers

    skip = {"people", "evaluation"}
    body = {name: getattr(decision, name) for name in DecisionOut.model_fields if name not in skip}
    body["people"] = [
        person_out(person, identifiers=viewer is None or sees_identifiers(viewer, person))
        for person in decision.people.all()
    ]
    body["evaluation"] = engine.evaluate(decision.answers, decision.edition).as_dict()
    if not countersign_shown_to(viewer, decision):
        body |= NOT_SHOWN
    return body
