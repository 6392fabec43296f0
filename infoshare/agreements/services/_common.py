"""Shared by the agreements services: the content rules, row locking and auditing."""

from typing import Any

from django.db.models import QuerySet

from infoshare.accounts.models import User
from infoshare.agreements import errors, permissions
from infoshare.agreements.audit import Action
from infoshare.agreements.lawful_bases import ALL_CODES
from infoshare.agreements.models import (
    LONG_TEXT_MAX,
    TITLE_MAX,
    Agreement,
    Kind,
    Status,
)
from infoshare.audit.services import for_change, record
from infoshare.core.dates import out_of_range, years_ahead
from infoshare.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from infoshare.core.text import control_problem

#: Fields copied from one version to the next, and changed by update_draft.
CONTENT_FIELDS = (
    "title",
    "kind",
    "purpose",
    "data_items",
    "lawful_bases",
    "retention",
    "security_arrangements",
    "privacy_information",
    "start_date",
    "review_date",
    "end_date",
)
_TEXT_LIMITS = {
    "title": TITLE_MAX,
    "purpose": LONG_TEXT_MAX,
    "data_items": LONG_TEXT_MAX,
    "retention": LONG_TEXT_MAX,
    "security_arrangements": LONG_TEXT_MAX,
    "privacy_information": LONG_TEXT_MAX,
}
_FIELD_NAMES = {
    "title": "Title",
    "purpose": "Purpose",
    "data_items": "Data items",
    "retention": "Retention",
    "security_arrangements": "Security arrangements",
    "privacy_information": "Privacy information",
}

#: An agreement's dates, with their labels: each from 1 January 2000 (``core.dates``) to
#: ``DATES_YEARS_AHEAD`` years from today. An agreement is reviewed every year or two;
#: a date further out than that is a typing mistake (31/12/9999).
_DATES = {"start_date": "Start date", "review_date": "Review date", "end_date": "End date"}
DATES_YEARS_AHEAD = 10


def clean_content(values: dict[str, Any]) -> dict[str, Any]:
    """Checks the content of a draft; raises ValidationFailed naming every bad field."""
    problems: dict[str, str] = {}
    cleaned = dict(values)
    for name, limit in _TEXT_LIMITS.items():
        text = str(cleaned.get(name) or "").strip()
        cleaned[name] = text
        # A title is one line: it heads pages and is the subject of reminder emails.
        problem = text_problem(
            text, label=_FIELD_NAMES[name], limit=limit, one_line=name == "title"
        )
        if problem:
            problems[name] = problem
    if not cleaned["title"]:
        problems["title"] = "Enter a title"
    if not cleaned["purpose"]:
        problems["purpose"] = "Enter the purpose of the sharing"
    if cleaned.get("kind") not in Kind.values:
        problems["kind"] = "Choose the type of agreement"
    bases = list(dict.fromkeys(cleaned.get("lawful_bases") or []))
    unknown = [code for code in bases if code not in ALL_CODES]
    if unknown:
        problems["lawful_bases"] = errors.UNKNOWN_LAWFUL_BASIS.format(code=unknown[0])
    cleaned["lawful_bases"] = bases
    latest = years_ahead(DATES_YEARS_AHEAD)
    dates = {}
    for name, label in _DATES.items():
        value = cleaned.get(name)
        problem = out_of_range(value, name=label, latest=latest) if value else ""
        if problem:
            problems[name] = problem
        else:
            dates[name] = value  # compared with the others only when it is sensible
    start, review, end = (dates.get(name) for name in _DATES)
    if start and end and end < start:
        problems["end_date"] = errors.ENDS_BEFORE_START
    if start and review and review < start:
        problems["review_date"] = errors.REVIEW_BEFORE_START
    if problems:
        raise ValidationFailed(problems)
    return cleaned


def locked_agreement(actor: User, agreement_id: int) -> Agreement:
    return _agreement_in(for_change(Agreement.objects), actor, agreement_id)


def unlocked_agreement(actor: User, agreement_id: int) -> Agreement:
    """The agreement ``locked_agreement`` finds, read without a lock: for the checks made
    before slow work, which holds neither the audit chain nor a row (docs/architecture.md,
    "Lock order"); they are made again once it is locked."""
    return _agreement_in(Agreement.objects.all(), actor, agreement_id)


def _agreement_in(rows: QuerySet[Agreement], actor: User, agreement_id: int) -> Agreement:
    agreement = rows.filter(
        pk=agreement_id, partnership_id__in=permissions.partnership_ids_of(actor)
    ).first()
    if agreement is None:
        raise NotFound("Agreement not found")
    return agreement


def require_manager(actor: User, agreement: Agreement) -> None:
    if not permissions.can_manage(actor, agreement):
        raise errors.NotAllowed(errors.NOT_ALLOWED)


def require_draft(agreement: Agreement) -> None:
    """Only a draft changes: any other state forbids it (409 in the API)."""
    if agreement.status != Status.DRAFT:
        raise Conflict("not_a_draft", errors.NOT_A_DRAFT)


def audit_agreement(action: Action, actor: User | None, agreement: Agreement, **data: Any) -> None:
    record(
        action=action,
        actor=actor,
        organisation_id=agreement.lead_organisation_id,
        obj=agreement,
        data={"version": agreement.version, "status": agreement.status, **data},
    )


def text_problem(text: str, *, label: str, limit: int, one_line: bool = False) -> str | None:
    """Why free text cannot be kept: too long, or holding control characters (line breaks
    and tabs only in a multi-line answer, ``core.text.control_problem``); None when it can."""
    if len(text) > limit:
        return f"{label} must be {limit} characters or fewer"
    return control_problem(text, label=label, one_line=one_line)


def clean_reason(reason: str, missing: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason_required", missing, field="reason")
    problem = text_problem(reason, label="Reason", limit=LONG_TEXT_MAX)
    if problem:
        raise DomainError("invalid", problem, field="reason")
    return reason
