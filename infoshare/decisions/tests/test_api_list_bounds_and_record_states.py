"""An integrator's review, the smaller findings: the list refuses a page size out of range
and parameters it does not have, and answers 403 for a scope the person's roles do not
include, as its pages do; a record's state that forbids countersigning is a conflict
(409); finalising is safe to retry for whoever finalised it; an operation whose fields
are all optional may be sent without a body; and a record's "none" from the engine is
null, as evaluate's."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from infoshare.audit.models import AuditEvent
from infoshare.core.roles import Role
from infoshare.decisions.audit import Action
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.tests.factories import make_decision
from infoshare.decisions.tests.test_api_decisions import Api


@pytest.fixture
def api(client: Any, practitioner: Any) -> Api:
    return Api(client, practitioner)


def _last_event_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


# -- The list. ----------------------------------------------------------------------


@pytest.mark.parametrize("size", [0, -5])
def test_a_page_size_below_one_is_refused(api: Api, size: int) -> None:
    response = api.call("get", "decision_list", {"page_size": size})
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"page_size"}


def test_a_page_size_over_100_is_read_as_100(api: Api) -> None:
    assert api.call("get", "decision_list", {"page_size": 500}).status_code == 200


def test_a_parameter_the_list_does_not_have_is_refused_and_named(
    api: Api, practitioner: Any, home_org: Any
) -> None:
    make_decision(author=practitioner, organisation=home_org, outcome="not_shared")
    response = api.call("get", "decision_list", {"outcomes": "shared"})
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"outcomes"}
    assert "did you mean outcome?" in fields["outcomes"]


def test_every_bad_parameter_of_the_list_is_named_at_once(api: Api) -> None:
    response = api.call(
        "get",
        "decision_list",
        {"page": 0, "page_size": 0, "status": "soon", "scope": "mine", "colour": "red"},
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"page", "page_size", "status", "colour"}


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ORG_ADMIN, Role.BOARD_MEMBER])
def test_your_own_list_is_refused_to_roles_that_do_not_record(
    client: Any, make_member: Any, home_org: Any, role: str
) -> None:
    api = Api(client, make_member(role, home_org))
    response = api.call("get", "decision_list", {"scope": "mine"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    # As the page of that list is.
    client.force_login(make_member(role, home_org))
    assert client.get(reverse("decisions:my_decisions")).status_code == 403


def test_your_own_list_is_served_to_someone_who_records(api: Api) -> None:
    assert api.call("get", "decision_list", {"scope": "mine"}).status_code == 200


# -- Countersigning. ----------------------------------------------------------------


@pytest.fixture
def manager_api(client: Any, home_org: Any, make_member: Any) -> Api:
    home_org.countersign_required = True
    home_org.save()
    return Api(client, make_member(Role.MANAGER, home_org))


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUPERSEDED])
def test_countersigning_a_record_that_is_not_current_and_final_is_a_conflict(
    manager_api: Api, practitioner: Any, home_org: Any, status: str
) -> None:
    decision = make_decision(author=practitioner, organisation=home_org, status=status)
    response = manager_api.call("post", "decision_countersign", {}, decision_id=decision.pk)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "countersign_not_allowed"
    decision.refresh_from_db()
    assert decision.countersigned_by_id is None


def test_countersigning_needs_no_body(manager_api: Api, practitioner: Any, home_org: Any) -> None:
    decision = make_decision(author=practitioner, organisation=home_org)
    url = reverse("api-1:decision_countersign", kwargs={"decision_id": decision.pk})
    response = manager_api.client.generic("POST", url, b"", headers=manager_api.headers)
    assert response.status_code == 200, response.content
    decision.refresh_from_db()
    assert decision.countersigned_by_id is not None


# -- Finalising, retried. -----------------------------------------------------------


@pytest.fixture
def finalised(api: Api, practitioner: Any, home_org: Any) -> dict[str, Any]:
    from infoshare.decisions.tests.test_services import complete_draft

    draft = complete_draft(practitioner, home_org)
    response = api.call("post", "decision_finalise", decision_id=draft.pk)
    assert response.status_code == 200
    return dict(response.json())


def test_a_retried_finalise_returns_the_final_record_and_audits_a_read(
    api: Api, practitioner: Any, finalised: dict[str, Any]
) -> None:
    after = _last_event_id()
    again = api.call("post", "decision_finalise", decision_id=finalised["id"])
    assert again.status_code == 200
    assert again.json() == finalised
    events = AuditEvent.objects.filter(id__gt=after)
    assert not events.filter(action=Action.FINALISED).exists()
    [viewed] = events.filter(action=Action.VIEWED_DECISION)
    assert (viewed.actor_id, viewed.object_id) == (practitioner.pk, str(finalised["id"]))
    assert viewed.data["via"] == "api_retry"


def test_finalising_someone_elses_final_record_is_a_conflict_saying_who_and_when(
    client: Any, make_member: Any, home_org: Any, practitioner: Any, finalised: dict[str, Any]
) -> None:
    manager = Api(client, make_member(Role.MANAGER, home_org))
    after = _last_event_id()
    response = manager.call("post", "decision_finalise", decision_id=finalised["id"])
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "not_a_draft"
    assert f"finalised by {practitioner}" in error["message"]
    assert not AuditEvent.objects.filter(id__gt=after).exists()


def test_finalising_a_record_you_may_not_see_is_not_found(
    client: Any, foreign_org_user: Any, finalised: dict[str, Any]
) -> None:
    foreign = Api(client, foreign_org_user)
    assert foreign.call("post", "decision_finalise", decision_id=finalised["id"]).status_code == 404


def test_finalising_your_version_replaced_since_is_a_conflict(
    api: Api, practitioner: Any, home_org: Any
) -> None:
    replaced = make_decision(author=practitioner, organisation=home_org, status=Status.SUPERSEDED)
    response = api.call("post", "decision_finalise", decision_id=replaced.pk)
    assert response.status_code == 409
    message = response.json()["error"]["message"]
    assert "finalised by you" in message
    assert "later version" in message


# -- No body where every field is optional. -----------------------------------------


def test_starting_a_draft_needs_no_body(api: Api) -> None:
    url = reverse("api-1:decision_create")
    response = api.client.generic("POST", url, b"", headers=api.headers)
    assert response.status_code == 201, response.content
    assert SharingDecision.objects.count() == 1


def test_an_amendment_without_a_body_is_asked_for_its_reason(
    api: Api, practitioner: Any, home_org: Any
) -> None:
    final = make_decision(author=practitioner, organisation=home_org)
    url = reverse("api-1:decision_amend", kwargs={"decision_id": final.pk})
    response = api.client.generic("POST", url, b"", headers=api.headers)
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"reason": "Enter the reason for the amendment"}
    assert SharingDecision.objects.count() == 1


# -- "None" is null. ----------------------------------------------------------------


def test_a_records_none_from_the_engine_is_null_as_evaluates(
    api: Api, practitioner: Any, home_org: Any
) -> None:
    final = make_decision(
        author=practitioner,
        organisation=home_org,
        recommendation="do_not_share",
        basis="",
        advice_on="",
        outcome="not_shared",
    )
    body = api.call("get", "decision_read", decision_id=final.pk).json()
    assert (body["recommendation"], body["basis"], body["advice_on"]) == (
        "do_not_share",
        None,
        None,
    )
    draft = api.call("post", "decision_create", {}).json()
    assert (draft["recommendation"], draft["basis"], draft["advice_on"]) == (None, None, None)
    assert draft["evaluation"]["basis"] is None
