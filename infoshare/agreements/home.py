"""The agreements panels of the home page: reviews due for the owner, and
agreements awaiting the person's signature."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from infoshare.agreements import selectors
from infoshare.core.home import Panel


def agreement_panels(request: HttpRequest) -> list[Panel]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    panels: list[Panel] = []
    today = timezone.localdate()
    due = selectors.reviews_due_for_owner(user, today=today)
    if due:
        items = []
        for agreement in due:
            overdue = agreement.review_overdue(today)
            review = agreement.review_date
            when = f"{review.day} {review:%B %Y}" if review else ""
            items.append(
                {
                    "text": agreement.title,
                    "href": reverse("agreements:agreement_detail", args=[agreement.pk]),
                    "meta": f"Review overdue since {when}" if overdue else f"Review due {when}",
                }
            )
        panels.append(Panel(title="Agreements due for review", items=items, order=60))
    awaiting = selectors.awaiting_my_signature(user)
    if awaiting:
        items = [
            {
                "text": party.agreement.title,
                "href": reverse("agreements:agreement_detail", args=[party.agreement_id]),
                "meta": f"Sign for {party.name}",
            }
            for party in awaiting
        ]
        panels.append(Panel(title="Agreements awaiting your signature", items=items, order=61))
    return panels
