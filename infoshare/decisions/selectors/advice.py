"""Advice asked from a decision (the advice app knows decisions only by id)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from infoshare.advice.selectors import advice_requests_for_decision, replies_for_decision


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
