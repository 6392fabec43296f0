"""What the advice pages need to know about the decision a question is asked from: where
the asker's decision is ("Return to your decision", and the new-question page's Back link:
the page of the draft the question was asked from), or the record they asked about when it
is not theirs but they may open it (a colleague's, or one shared with their organisation:
"Return to the record"), whether it is urgent, and whether the asker may see it at all.
Registered with the advice app in ``DecisionsConfig.ready``."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse

from infoshare.advice.links import DecisionLink
from infoshare.decisions import flow
from infoshare.decisions.models import Status
from infoshare.decisions.selectors.decisions import decisions_visible_to, own_records


def decision_asked_about(user: Any, decision_id: int, return_step: str = "") -> DecisionLink | None:
    """The user's own record: while it is a draft, the page of it the question was asked
    from (``return_step``, a step's name, kept only while it is one of the draft's pages:
    ``flow.advice_return_target``), else where they left off; once final, its page.
    Someone else's record, its page, while the user may open it and may ask about it
    (``may_see``: a record of their organisation, or one shared with it, never another's
    draft); otherwise None.

    A draft that says a child may be at risk of significant harm is urgent, as on the
    decision pages (the safeguarding banner, ``views.common.is_urgent``)."""
    found = (
        own_records(user)
        .filter(pk=decision_id)
        .only("id", "status", "answers", "edition", "outcome")
        .first()
    )
    if found is None:
        if not may_see(user, decision_id):
            return None
        url = reverse("decisions:decision_detail", kwargs={"decision_id": decision_id})
        return DecisionLink(url, is_draft=False, own=False)
    if found.status != Status.DRAFT:
        url = reverse("decisions:decision_detail", kwargs={"decision_id": decision_id})
        return DecisionLink(url, is_draft=False)
    target = flow.advice_return_target(found, return_step) if return_step else None
    if target is None:
        url = reverse("decisions:resume", kwargs={"decision_id": decision_id})
        return DecisionLink(url, is_draft=True, urgent=flow.at_risk(found.answers))
    step, back_to = target
    return DecisionLink(
        flow.step_url(found, step, return_to=back_to),
        is_draft=True,
        urgent=flow.at_risk(found.answers),
        return_step=flow.advice_return(step, back_to),
    )


def may_see(user: Any, decision_id: int) -> bool:
    """Advice asked from a draft is kept with its record when the record is finalised
    (``services.records.finalise_decision``), so a question may name a draft only of the
    asker's own, and otherwise a record the asker may see: nobody can place text in
    someone else's record (a manager sees the drafts of their organisation, but may not
    write into them)."""
    if not getattr(user, "is_authenticated", False):
        return False
    own_draft = Q(pk__in=own_records(user).filter(pk=decision_id, status=Status.DRAFT))
    return (
        decisions_visible_to(user)
        .filter(pk=decision_id)
        .filter(own_draft | ~Q(status=Status.DRAFT))
        .exists()
    )
