"""Advice asked from a decision (the advice app knows decisions only by id)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from infoshare.advice.selectors import advice_requests_for_decision, replies_for_decision
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.selectors.scope import RECORDING_ROLES, orgs_where


def advice_for(user: Any, decision_id: int) -> list[dict[str, Any]]:
    """Each advice request asked from the decision, with its replies, as plain data (so
    that it can be kept with the final record)."""
    requests = advice_requests_for_decision(user, decision_id)
    if not requests:
        return []
    replies = replies_for_decision(user, decision_id)
    result = []
    for asked in requests:
        result.append(
            {
                "asked_at": timezone.localtime(asked.created_at).isoformat(),
                # Who asked, by name: the record says "<name> asked", or "You asked" to them.
                "asked_by": str(asked.asked_by),
                "asked_by_id": asked.asked_by_id,
                "question": asked.question,
                "status": asked.status,
                "replies": [
                    {
                        "by": str(reply.author),
                        "at": timezone.localtime(reply.created_at).isoformat(),
                        "text": reply.body,
                    }
                    for reply in replies
                    if reply.request_id == asked.pk
                ],
            }
        )
    return result


def advice_shown_to(user: Any, decision: SharingDecision) -> list[dict[str, Any]]:
    """The advice asked from a record, for its page and its PDF: advice is internal to the
    recording organisation, so only its staff see it (never a receiving organisation,
    such as the police). A draft shows the advice kept with it and the advice asked
    since (as the finalise page does); a final record, the advice kept when finalised."""
    if decision.organisation_id not in orgs_where(user, RECORDING_ROLES):
        return []
    if decision.is_draft:
        return [*decision.advice_record, *advice_for(user, decision.pk)]
    return list(decision.advice_record)
