"""Shared checks and messages for the governance services."""

from __future__ import annotations

from typing import Any

from infoshare.core.errors import DomainError
from infoshare.core.roles import Role
from infoshare.governance import permissions

MSG_NOT_SENIOR_LEAD = "Only a senior lead of this organisation can publish its position statement"
MSG_NOT_PARTNERSHIP_ADMIN = "Only a partnership administrator can do this"
MSG_PARTNERSHIP_REQUIRED = (
    "Select the partnership: you are an administrator of more than one partnership"
)
MSG_NOT_YOUR_PARTNERSHIP = "Select one of the partnerships you are an administrator of"
MSG_NOT_ADOPTION_ROLE = "Only a senior lead or organisation administrator can record adoption"
MSG_TARGET_DATE_REQUIRED = "Enter the target date for adopting the standard"
MSG_REASON_REQUIRED = "Enter the reason the standard is not adopted"
MSG_NOT_CURRENT = "This version has been replaced. Read and acknowledge the current version"


def text(value: str, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    """Strips ``value`` and checks it is present (when required) and not too long."""
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise DomainError("required", f"Enter {label}", field=field)
    if len(cleaned) > max_length:
        raise DomainError(
            "too_long",
            f"{label[0].upper()}{label[1:]} must be {max_length} characters or fewer",
            field=field,
        )
    return cleaned


def admin_partnership(actor: Any, partnership_id: int | None = None) -> int:
    """The partnership a partnership administrator acts for: the one named, which must be
    one they administer; when none is named, their only one. Someone who administers
    several partnerships must say which (never the first one by default)."""
    ids = permissions.partnerships_where(actor, Role.PARTNERSHIP_ADMIN)
    if not ids:
        raise DomainError("forbidden", MSG_NOT_PARTNERSHIP_ADMIN)
    if partnership_id is None:
        if len(ids) > 1:
            raise DomainError("partnership_required", MSG_PARTNERSHIP_REQUIRED, field="partnership")
        (only,) = ids
        return only
    if partnership_id not in ids:
        raise DomainError("invalid_partnership", MSG_NOT_YOUR_PARTNERSHIP, field="partnership")
    return partnership_id
