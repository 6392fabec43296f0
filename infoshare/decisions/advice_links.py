"""Where an advice request's decision is, for the advice pages' "Return to your decision"."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from infoshare.advice.links import DecisionLink
from infoshare.decisions.models import SharingDecision, Status


def own_decision(user: Any, decision_id: int) -> DecisionLink | None:
    """The user's own record: where they left off while it is a draft, else its page."""
    status = (
        SharingDecision.objects.filter(pk=decision_id, author_id=user.pk)
        .values_list("status", flat=True)
        .first()
    )
    if status is None:
        return None
    is_draft = status == Status.DRAFT
    name = "decisions:resume" if is_draft else "decisions:decision_detail"
    return DecisionLink(reverse(name, kwargs={"decision_id": decision_id}), is_draft)
