"""What the advice pages need to know about the decision a question is asked from: where
the asker's decision is ("Return to your decision"), whether it is urgent, and whether the
asker may see it at all. Registered with the advice app in ``DecisionsConfig.ready``."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from infoshare.advice.links import DecisionLink
from infoshare.decisions.flow import at_risk
from infoshare.decisions.models import Status
from infoshare.decisions.selectors.decisions import decisions_visible_to, own_records


def own_decision(user: Any, decision_id: int) -> DecisionLink | None:
    """The user's own record: where they left off while it is a draft, else its page.

    A draft that says a child may be at risk of significant harm is urgent, as on the
    decision pages (the safeguarding banner, ``views.common.is_urgent``)."""
    found = own_records(user).filter(pk=decision_id).values_list("status", "answers").first()
    if found is None:
        return None
    status, answers = found
    is_draft = status == Status.DRAFT
    name = "decisions:resume" if is_draft else "decisions:decision_detail"
    urgent = is_draft and at_risk(answers)
    return DecisionLink(reverse(name, kwargs={"decision_id": decision_id}), is_draft, urgent)


def may_see(user: Any, decision_id: int) -> bool:
    """Advice asked from a decision is kept with its record when the record is finalised
    (``services.records.finalise_decision``), so a question may name only a decision the
    asker may see: nobody can place text in someone else's record."""
    if not getattr(user, "is_authenticated", False):
        return False
    return decisions_visible_to(user).filter(pk=decision_id).exists()
