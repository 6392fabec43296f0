"""The home page panel "What you need to read": position statements and policies
that apply to the person and that they have not yet acknowledged."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from infoshare.core.home import Panel
from infoshare.governance import permissions, selectors

SHOWN = 5


def reading_panel(request: HttpRequest) -> list[Panel]:
    user = request.user
    if not user.is_authenticated or not permissions.organisation_ids(user):
        return []
    items = [
        {
            "text": f"{s.organisation.name}: position statement (version {s.version})",
            "href": reverse("governance:position_statement", kwargs={"org_id": s.organisation_id}),
            "meta": f"effective {s.effective_date:%-d %B %Y}",
        }
        for s in selectors.statements_to_acknowledge_by(user)[:SHOWN]
    ]
    items += [
        {
            "text": f"{p.title} (version {p.version})",
            "href": reverse("governance:policy_detail", kwargs={"policy_id": p.pk}),
            "meta": p.get_kind_display(),
        }
        for p in selectors.policies_to_acknowledge_by(user)[: SHOWN - min(len(items), SHOWN)]
    ]
    return [
        Panel(
            title="What you need to read",
            items=items,
            empty="You have read and acknowledged everything published for you.",
            action_label="See everything you need to read" if items else "",
            action_href=reverse("governance:to_read") if items else "",
            order=30,
        )
    ]
