"""The organisation administrator's home-page panel and the navigation item."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from infoshare.core.home import Panel
from infoshare.core.navigation import NavItem
from infoshare.partnerships import selectors

NAV_ITEMS = (NavItem("Organisations", "partnerships:organisation_list", order=60),)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def panels(request: HttpRequest) -> list[Panel]:
    """For each organisation the person administers: invitations not yet accepted and
    staff who have not set up two-factor authentication."""
    user = request.user
    if not user.is_authenticated:
        return []
    found = []
    for org in selectors.organisations_administered_by(user):
        staff_url = reverse("partnerships:staff_list", kwargs={"org_id": org.pk})
        pending = selectors.pending_invitation_count(org)
        without_mfa = selectors.staff_without_mfa_count(org)
        items = []
        if pending:
            text = _plural(pending, "invitation not yet accepted", "invitations not yet accepted")
            items.append({"text": text, "href": staff_url})
        if without_mfa:
            text = _plural(
                without_mfa,
                "person has not set up two-factor authentication",
                "people have not set up two-factor authentication",
            )
            items.append({"text": text, "href": staff_url})
        found.append(
            Panel(
                title=f"Staff of {org.name}",
                items=items,
                empty="Everyone has accepted their invitation and set up two-factor authentication.",
                action_label="Manage staff",
                action_href=staff_url,
                order=60,
            )
        )
    return found
