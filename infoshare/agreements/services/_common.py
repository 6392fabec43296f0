"""Shared by the agreements services: the content rules, row locking and auditing."""

import re
from typing import Any

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
from infoshare.audit.services import record
from infoshare.core.errors import DomainError, NotFound, ValidationFailed
from infoshare.core.text import CONTROL_CHARACTERS

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

#: A title is one line: it heads pages and is the subject of reminder emails.
_LINE_BREAKS = re.compile(r"[\t\n\r\x85\u2028\u2029]")


def clean_content(values: dict[str, Any]) -> dict[str, Any]:
    """Checks the content of a draft; raises ValidationFailed naming every bad field."""
    problems: dict[str, str] = {}
    cleaned = dict(values)
    for name, limit in _TEXT_LIMITS.items():
        text = str(cleaned.get(name) or "").strip()
        cleaned[name] = text
        if len(text) > limit:
            problems[name] = f"{_FIELD_NAMES[name]} must be {limit} characters or fewer"
        elif "\x00" in text:
            problems[name] = f"{_FIELD_NAMES[name]} must not contain null characters"
    if "title" not in problems and (
        CONTROL_CHARACTERS.search(cleaned["title"]) or _LINE_BREAKS.search(cleaned["title"])
    ):
        problems["title"] = errors.TITLE_ONE_LINE
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
    start, review, end = (
        cleaned.get("start_date"),
        cleaned.get("review_date"),
        cleaned.get("end_date"),
    )
    if start and end and end < start:
        problems["end_date"] = errors.ENDS_BEFORE_START
    if start and review and review < start:
        problems["review_date"] = errors.REVIEW_BEFORE_START
    if problems:
        raise ValidationFailed(problems)
    return cleaned


def locked_agreement(actor: User, agreement_id: int) -> Agreement:
    agreement = (
        Agreement.objects.select_for_update()
        .filter(pk=agreement_id, partnership_id__in=permissions.partnership_ids_of(actor))
        .first()
    )
    if agreement is None:
        raise NotFound("Agreement not found")
    return agreement


def require_manager(actor: User, agreement: Agreement) -> None:
    if not permissions.can_manage(actor, agreement):
        raise errors.NotAllowed(errors.NOT_ALLOWED)


def require_draft(agreement: Agreement) -> None:
    if agreement.status != Status.DRAFT:
        raise DomainError("not_a_draft", errors.NOT_A_DRAFT)


def audit_agreement(action: Action, actor: User | None, agreement: Agreement, **data: Any) -> None:
    record(
        action=action,
        actor=actor,
        organisation_id=agreement.lead_organisation_id,
        obj=agreement,
        data={"version": agreement.version, "status": agreement.status, **data},
    )


def clean_reason(reason: str, missing: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason_required", missing, field="reason")
    if len(reason) > LONG_TEXT_MAX or "\x00" in reason:
        raise DomainError(
            "invalid",
            f"Reason must be {LONG_TEXT_MAX} characters or fewer, without null characters",
            field="reason",
        )
    return reason
