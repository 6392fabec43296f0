"""A signed-in person refused an object by its id (page or API, "not yours" or "missing")
leaves an event in the audit trail; nothing else does."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from infoshare.audit.models import AuditEvent
from infoshare.decisions.tests.factories import make_decision

REFUSED = "audit.access_refused"


def refusals() -> list[dict[str, Any]]:
    events = AuditEvent.objects.filter(action=REFUSED).order_by("id")
    return [{"actor_id": e.actor_id, "data": e.data} for e in events]


def test_another_organisations_record_refused_by_page_and_api_is_audited(
    client: Any, practitioner: Any, foreign_org_user: Any, home_org: Any
) -> None:
    not_shared = make_decision(author=practitioner, organisation=home_org, outcome="not_shared")
    client.force_login(foreign_org_user)
    page = reverse("decisions:decision_detail", kwargs={"decision_id": not_shared.pk})
    assert client.get(page).status_code == 404
    assert client.get(f"/api/v1/decisions/{not_shared.pk}").status_code == 404
    assert refusals() == [
        {
            "actor_id": foreign_org_user.pk,
            "data": {
                "route": "decisions:decision_detail",
                "method": "GET",
                "status": 404,
                "ids": {"decision_id": not_shared.pk},
            },
        },
        {
            "actor_id": foreign_org_user.pk,
            "data": {
                "route": "api-1:decision_read",
                "method": "GET",
                "status": 404,
                "ids": {"decision_id": not_shared.pk},
            },
        },
    ]


def test_what_is_served_or_names_no_object_is_not_a_refusal(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    mine = make_decision(author=practitioner, organisation=home_org)
    client.force_login(practitioner)
    assert client.get(reverse("decisions:decision_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("audit:event_list")).status_code == 403  # a rule, no object
    assert client.get("/no-such-page/").status_code == 404
    assert refusals() == []


def test_a_signed_out_request_writes_nothing(client: Any, home_org: Any) -> None:
    assert client.get("/api/v1/decisions/999999").status_code == 401
    assert client.get(reverse("decisions:decision_detail", args=[999999])).status_code == 302
    assert refusals() == []
