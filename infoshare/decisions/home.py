"""Home page panels: your drafts, and urgent records not completed in time."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from infoshare.core.home import Panel
from infoshare.core.roles import Role
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.selectors import drafts_of
from infoshare.decisions.selectors.scope import RECORDING_ROLES, orgs_where

PANEL_SIZE = 10


def overdue_urgent_for(user: Any) -> list[SharingDecision]:
    """Urgent drafts past their due time: the author's own, and for managers those of
    their organisation."""
    managed = orgs_where(user, frozenset({Role.MANAGER}))
    return list(
        SharingDecision.objects.filter(
            Q(author_id=user.pk) | Q(organisation_id__in=managed),
            status=Status.DRAFT,
            urgent=True,
            urgent_due_at__lte=timezone.now(),
        )
        .select_related("author")
        .order_by("urgent_due_at")[:PANEL_SIZE]
    )


def awaiting_countersignature_for(user: Any) -> list[SharingDecision]:
    """Final records of the manager's organisations, where local policy asks for a
    countersignature, not yet countersigned (never the manager's own)."""
    managed = orgs_where(user, frozenset({Role.MANAGER}))
    if not managed:
        return []
    return list(
        SharingDecision.objects.filter(
            organisation_id__in=managed,
            organisation__countersign_required=True,
            status=Status.FINAL,
            countersigned_by__isnull=True,
        )
        .exclude(author_id=user.pk)
        .select_related("author")
        .order_by("finalised_at")[:PANEL_SIZE]
    )


def panels(request: HttpRequest) -> list[Panel]:
    user = request.user
    if not user.is_authenticated or not orgs_where(user, RECORDING_ROLES):
        return []
    result = []
    overdue = overdue_urgent_for(user)
    if overdue:
        result.append(
            Panel(
                title="Urgent records not completed",
                items=[
                    {
                        "text": f"{decision.label}",
                        "href": reverse(
                            "decisions:resume"
                            if decision.author_id == user.pk
                            else "decisions:decision_detail",
                            kwargs={"decision_id": decision.pk},
                        ),
                        "meta": f"by {decision.author}, due "
                        f"{timezone.localtime(decision.urgent_due_at):%d %b %Y %H:%M}",
                    }
                    for decision in overdue
                ],
                order=5,
            )
        )
    waiting = awaiting_countersignature_for(user)
    if waiting:
        result.append(
            Panel(
                title="Records to countersign",
                items=[
                    {
                        "text": decision.label,
                        "href": reverse(
                            "decisions:countersign", kwargs={"decision_id": decision.pk}
                        ),
                        "meta": f"by {decision.author}",
                    }
                    for decision in waiting
                ],
                order=15,
            )
        )
    drafts = list(drafts_of(user)[:PANEL_SIZE])
    result.append(
        Panel(
            title="Your drafts",
            items=[
                {
                    "text": decision.label,
                    "href": reverse("decisions:resume", kwargs={"decision_id": decision.pk}),
                    "meta": ("Urgent. " if decision.urgent else "")
                    + f"Last saved {timezone.localtime(decision.updated_at):%d %b %Y %H:%M}",
                }
                for decision in drafts
            ],
            empty="You have no decisions in progress.",
            action_label="Record an information sharing decision",
            action_href=reverse("decisions:start"),
            order=10,
        )
    )
    return result
