"""The agreements panels of the home page: reviews due for the owner, and
agreements awaiting the person's signature. Each shows at most ``SHOWN``; when one is
full, one COUNT says how many there are, and the panel links to the register filtered
to all of them."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from infoshare.agreements import selectors
from infoshare.core.home import Panel

SHOWN = 5


def register_url(**filters: str) -> str:
    """The agreements register, filtered."""
    return f"{reverse('agreements:agreement_list')}?{urlencode(filters)}"


def more(total: int, shown: int, what: str) -> str:
    """The words of the panel's link to the register, saying how many the panel leaves
    out, when it does (no link without words)."""
    if total <= shown:
        return ""
    return f"See all {total} {what} ({total - shown} more than shown here)"


def agreement_panels(request: HttpRequest) -> list[Panel]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    panels: list[Panel] = []
    today = timezone.localdate()
    due_for_review = selectors.reviews_due_for_owner(user, today=today)
    due = list(due_for_review[:SHOWN])
    if due:
        total = due_for_review.count() if len(due) == SHOWN else len(due)
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
        label = more(total, len(due), "agreements due for review")
        panels.append(
            Panel(
                title="Agreements due for review",
                items=items,
                action_label=label,
                action_href=register_url(due="on", mine="on") if label else "",
                order=60,
            )
        )
    awaiting_signature = selectors.awaiting_my_signature(user)
    awaiting = list(awaiting_signature[:SHOWN])
    if awaiting:
        # A person may sign for two parties of one agreement: the register lists agreements.
        shown = len({party.agreement_id for party in awaiting})
        total = (
            awaiting_signature.aggregate(total=Count("agreement", distinct=True))["total"]
            if len(awaiting) == SHOWN
            else shown
        )
        items = [
            {
                "text": party.agreement.title,
                "href": reverse("agreements:agreement_detail", args=[party.agreement_id]),
                "meta": f"Sign for {party.name}",
            }
            for party in awaiting
        ]
        label = more(total, shown, "agreements awaiting your signature")
        panels.append(
            Panel(
                title="Agreements awaiting your signature",
                items=items,
                action_label=label,
                action_href=register_url(to_sign="on") if label else "",
                order=61,
            )
        )
    return panels
