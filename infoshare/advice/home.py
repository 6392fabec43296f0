"""The advice panels of the home page and the navigation items."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from infoshare.advice import selectors
from infoshare.advice.formatting import age_text
from infoshare.advice.policy import ANSWER_ROLES, ASKER_ROLES
from infoshare.core.access import roles_held
from infoshare.core.home import Panel
from infoshare.core.navigation import NavItem

NAV_ITEMS = (
    NavItem("Ask for advice", "advice:request_new", order=35),
    NavItem("Advice", "advice:queue", order=40),
)


def panels(request: HttpRequest) -> list[Panel]:
    user = request.user
    if not user.is_authenticated:
        return []
    held = roles_held(user)
    found: list[Panel] = []
    if held & set(ANSWER_ROLES):
        found.append(_waiting_panel(request))
    if held & set(ASKER_ROLES):
        answered = _answered_panel(request)
        if answered.items:
            found.append(answered)
    return found


def _waiting_panel(request: HttpRequest) -> Panel:
    waiting, oldest = selectors.queue_summary_for(request.user)
    items = []
    if waiting:
        noun = "request is" if waiting == 1 else "requests are"
        items.append(
            {
                "text": f"{waiting} advice {noun} waiting for a reply.",
                "href": reverse("advice:queue"),
                "meta": f"The longest has waited {age_text(oldest, timezone.now())}."
                if oldest
                else "",
            }
        )
    return Panel(
        title="Advice requests waiting",
        items=items,
        empty="No advice requests are waiting for a reply.",
        action_label="Go to the advice queue",
        action_href=reverse("advice:queue"),
        order=30,
    )


def _answered_panel(request: HttpRequest) -> Panel:
    answered = selectors.answered_requests_for(request.user)
    items = [
        {
            "text": f"{item.reference} has a reply.",
            "href": reverse("advice:request_detail", kwargs={"request_id": item.pk}),
            "meta": "Close it when you have the advice you need.",
        }
        for item in answered
    ]
    return Panel(
        title="Replies to your advice requests",
        items=items,
        empty="No new replies to your advice requests.",
        action_label="Ask for advice",
        action_href=reverse("advice:request_new"),
        order=35,
    )
