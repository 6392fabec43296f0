"""Advice asked from a decision (the advice app knows decisions only by id)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from infoshare.advice.selectors import advice_requests_visible_to
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.selectors.scope import RECORDING_ROLES, orgs_where


def advice_for(user: Any, decision_id: int) -> list[dict[str, Any]]:
    """Each advice request asked from the decision, with its replies, as plain data (so
    that it can be kept with the final record)."""
    return advice_asked_from(user, [decision_id]).get(decision_id, [])


def advice_shown_to(user: Any, decision: SharingDecision) -> list[dict[str, Any]]:
    """The advice asked from a record, for its page and its PDF: advice is internal to the
    recording organisation, so only its staff see it (never a receiving organisation,
    such as the police). A draft shows the advice kept with it and the advice asked
    since (as the finalise page does); a final record, the advice kept when finalised."""
    return advice_shown_for(user, [decision])[decision.pk]


def advice_shown_for(
    user: Any, decisions: Sequence[SharingDecision]
) -> dict[int, list[dict[str, Any]]]:
    """``advice_shown_to`` for several records at once (a page of the API's list), by
    record id: the same advice, under the same rule, with the advice asked from the drafts
    since read in one query for them all (``advice_asked_from``), so that a page costs the
    same whatever it holds."""
    recording = orgs_where(user, RECORDING_ROLES)
    shown = [decision for decision in decisions if decision.organisation_id in recording]
    asked = advice_asked_from(user, [decision.pk for decision in shown if decision.is_draft])
    result: dict[int, list[dict[str, Any]]] = {decision.pk: [] for decision in decisions}
    for decision in shown:
        result[decision.pk] = [*decision.advice_record, *asked.get(decision.pk, [])]
    return result


#: What ``advice_asked_from`` reads of each request and each of its replies, in one row.
_ASKED_COLUMNS = (
    "pk",
    "context_decision_id",
    "created_at",
    "asked_by_id",
    "asked_by__full_name",
    "asked_by__email",
    "question",
    "status",
    "replies__pk",
    "replies__created_at",
    "replies__body",
    "replies__author__full_name",
    "replies__author__email",
)


def advice_asked_from(user: Any, decision_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    """``advice_for`` of each of these decisions, by decision id (those with none are left
    out): what this person may see of the advice asked from them, as the same plain data,
    read in one query (each request joined with its replies), or none without ids."""
    ids = sorted(set(decision_ids))
    if not ids:
        return {}
    rows = (
        advice_requests_visible_to(user)
        .filter(context_decision_id__in=ids)
        .order_by("created_at", "id", "replies__created_at", "replies__id")
        .values_list(*_ASKED_COLUMNS)
    )
    items: dict[int, dict[str, Any]] = {}
    result: dict[int, list[dict[str, Any]]] = {}
    seen_replies: set[int] = set()
    for row in rows:
        values = dict(zip(_ASKED_COLUMNS, row, strict=True))
        item = items.get(values["pk"])
        if item is None:
            item = items[values["pk"]] = {
                "asked_at": timezone.localtime(values["created_at"]).isoformat(),
                "asked_by": _name(values["asked_by__full_name"], values["asked_by__email"]),
                "asked_by_id": values["asked_by_id"],
                "question": values["question"],
                "status": values["status"],
                "replies": [],
            }
            result.setdefault(values["context_decision_id"], []).append(item)
        reply_id = values["replies__pk"]
        if reply_id is None or reply_id in seen_replies:
            continue
        seen_replies.add(reply_id)
        item["replies"].append(
            {
                "by": _name(values["replies__author__full_name"], values["replies__author__email"]),
                "at": timezone.localtime(values["replies__created_at"]).isoformat(),
                "text": values["replies__body"],
            }
        )
    return result


def _name(full_name: str, email: str) -> str:
    """A person as ``str()`` names them (the user model's own rule), from their columns."""
    return str(get_user_model()(full_name=full_name, email=email))
