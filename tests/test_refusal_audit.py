"""A signed-in person refused an object by its id (page or API, "not yours" or "missing"),
or refused a page by an access rule, leaves an event in the audit trail; nothing else
does."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from infoshare.audit import refusals as middleware
from infoshare.audit.models import AuditEvent
from infoshare.decisions.tests.factories import make_decision

REFUSED = "audit.access_refused"


@pytest.fixture(autouse=True)
def fresh_limits() -> None:
    """Each person's count of refusals starts at nought (ids repeat between tests)."""
    cache.clear()


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
    assert client.get("/no-such-page/").status_code == 404
    assert refusals() == []


def test_a_signed_out_request_writes_nothing(client: Any, home_org: Any) -> None:
    assert client.get("/api/v1/decisions/999999").status_code == 401
    assert client.get(reverse("decisions:decision_detail", args=[999999])).status_code == 302
    assert refusals() == []


def test_a_rule_refusing_a_page_is_audited_with_what_was_asked(
    client: Any, auditor: Any, practitioner: Any
) -> None:
    """403: the auditor may export no person's records, whatever the id; a practitioner
    may not read the audit trail. Each is a failed access decision (OWASP ASVS 7.2.2)."""
    client.force_login(auditor)
    assert client.get(reverse("decisions:subject_access", args=[1])).status_code == 403
    client.force_login(practitioner)
    assert client.get(reverse("audit:event_list")).status_code == 403
    assert refusals() == [
        {
            "actor_id": auditor.pk,
            "data": {
                "route": "decisions:subject_access",
                "method": "GET",
                "status": 403,
                "ids": {"person_id": 1},
            },
        },
        {
            "actor_id": practitioner.pk,
            "data": {"route": "audit:event_list", "method": "GET", "status": 403, "ids": {}},
        },
    ]


def test_another_organisations_page_refused_by_its_rule_names_that_organisation(
    client: Any, org_admin: Any, other_org: Any
) -> None:
    client.force_login(org_admin)
    staff = reverse("partnerships:staff_list", kwargs={"org_id": other_org.pk})
    assert client.get(staff).status_code == 403
    assert refusals() == [
        {
            "actor_id": org_admin.pk,
            "data": {
                "route": "partnerships:staff_list",
                "method": "GET",
                "status": 403,
                "ids": {"org_id": other_org.pk},
            },
        }
    ]


def test_a_403_that_is_not_an_access_rules_is_not_recorded_as_one(
    practitioner: Any, home_org: Any
) -> None:
    """A form posted without its CSRF token is refused (403) before any rule is asked."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(practitioner)
    assert client.post(reverse("decisions:start")).status_code == 403
    assert refusals() == []


def test_an_id_that_is_not_a_number_is_refused_without_an_error(
    client: Any, practitioner: Any
) -> None:
    """ "²" passes str.isdigit but not int(): it must not turn a refusal into a 500."""
    client.raise_request_exception = False
    client.force_login(practitioner)
    for path in ("/api/v1/advice-requests/%C2%B2", "/api/v1/agreements/" + "9" * 5000):
        assert client.get(path).status_code < 500, path
    assert refusals() == []


def test_one_person_fills_the_trail_with_refusals_only_up_to_the_limit(
    client: Any, practitioner: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(middleware, "LIMIT", 3)
    client.force_login(practitioner)
    for missing in range(999_990, 999_996):
        assert client.get(reverse("decisions:decision_detail", args=[missing])).status_code == 404
    assert len(refusals()) == 3


def test_a_refusal_that_cannot_be_audited_is_still_a_404(
    client: Any, practitioner: Any, monkeypatch: Any
) -> None:
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("the audit store is down")

    monkeypatch.setattr(middleware, "record", broken)
    client.raise_request_exception = False
    client.force_login(practitioner)
    assert client.get(reverse("decisions:decision_detail", args=[999_999])).status_code == 404
