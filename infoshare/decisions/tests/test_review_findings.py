"""Defects found by an exploratory review of the running service, each pinned by a test:
amendments keep urgency, a record's history shows only versions the viewer may see, the
API's list is audited and refuses what the pages refuse, and odd input is a 4xx."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from infoshare.audit.models import AuditEvent
from infoshare.core.roles import Role
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.services.records import amend_decision, finalise_decision
from infoshare.decisions.tests.factories import make_decision, make_person
from infoshare.decisions.tests.test_api_decisions import Api


def detail(decision: Any) -> str:
    return reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk})


def test_an_amendment_of_an_urgent_record_is_urgent_with_its_own_deadline(
    manager: Any, home_org: Any, settings: Any
) -> None:
    answers = {"risk_of_significant_harm": "yes"}
    urgent = make_decision(
        organisation=home_org,
        answers=answers,
        urgent=True,
        urgent_due_at=timezone.now() - dt.timedelta(days=30),
    )
    amendment, _ = amend_decision(actor=manager, decision_id=urgent.pk, reason="Correct the date")
    hours = settings.INFOSHARE["URGENT_RECORD_HOURS"]
    assert amendment.urgent is True
    assert amendment.urgent_due_at is not None
    assert amendment.urgent_due_at > timezone.now() + dt.timedelta(hours=hours - 1)


def test_the_history_leaves_out_versions_the_viewer_may_not_see(
    client: Any, manager: Any, home_org: Any, other_org: Any, foreign_org_user: Any
) -> None:
    shared = make_decision(organisation=home_org, recipient_organisation=other_org)
    amend_decision(actor=manager, decision_id=shared.pk, reason="DRAFT-ONLY new address")
    client.force_login(manager)
    assert "DRAFT-ONLY new address" in client.get(detail(shared)).content.decode()
    client.force_login(foreign_org_user)
    body = client.get(detail(shared)).content.decode()
    assert shared.reference in body
    assert "DRAFT-ONLY new address" not in body


def test_a_version_not_shared_with_the_recipient_is_left_out_of_its_history(
    client: Any, home_org: Any, other_org: Any, foreign_org_user: Any
) -> None:
    first = make_decision(
        organisation=home_org, recipient_organisation=other_org, status=Status.SUPERSEDED
    )
    second = make_decision(
        organisation=home_org,
        recipient_organisation=other_org,
        reference=first.reference,
        version=2,
        previous=first,
        outcome="not_shared",
        amendment_reason="Not shared after all: the reason is private",
    )
    client.force_login(foreign_org_user)
    assert client.get(detail(second)).status_code == 404
    body = client.get(detail(first)).content.decode()
    assert "the reason is private" not in body


@pytest.fixture
def api(client: Any, practitioner: Any) -> Api:
    return Api(client, practitioner)


def test_the_api_list_audits_the_records_it_returns(
    api: Api, practitioner: Any, home_org: Any
) -> None:
    mine = [make_decision(author=practitioner, organisation=home_org) for _ in range(2)]
    assert api.call("get", "decision_list").status_code == 200
    event = AuditEvent.objects.get(action="decisions.listed_decisions")
    assert event.actor_id == practitioner.pk
    assert event.organisation_id == home_org.pk
    assert sorted(event.data["records"]) == sorted(d.label for d in mine)
    assert event.data["via"] == "api"


def test_an_empty_api_list_records_nothing(api: Api) -> None:
    assert api.call("get", "decision_list").json()["items"] == []
    assert not AuditEvent.objects.filter(action="decisions.listed_decisions").exists()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"outcome": "zzz"}, "outcome"),
        ({"basis": "zzz"}, "basis"),
        ({"date_from": "2026-03-02", "date_to": "2026-03-01"}, "date_to"),
        ({"recipient_organisation_id": "99999999999999999999999"}, "recipient_organisation_id"),
    ],
)
def test_the_api_list_refuses_the_filters_the_pages_refuse(
    api: Api, query: dict[str, str], field: str
) -> None:
    response = api.call("get", "decision_list", query)
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_a_list_scope_needs_the_roles_its_page_needs(
    client: Any, practitioner: Any, manager: Any
) -> None:
    practitioner_api = Api(client, practitioner)
    for scope in ("team", "organisation"):
        response = practitioner_api.call("get", "decision_list", {"scope": scope})
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "forbidden"
    assert Api(client, manager).call("get", "decision_list", {"scope": "team"}).status_code == 200


@pytest.mark.parametrize(
    ("name", "kwargs", "body", "field"),
    [
        ("decision_update", True, {"purpose": "abc\ud800def"}, "purpose"),
        ("decision_amend", True, {"reason": "x\ud800"}, "reason"),
        (
            "people_create",
            False,
            {"given_name": "Jo", "family_name": "Surro", "local_reference": "x\ud800"},
            "local_reference",
        ),
        ("decision_update", True, {"answers": {"purpose": ["ok", "\udfff"]}}, "answers.purpose.1"),
    ],
)
def test_a_lone_surrogate_is_a_400_naming_the_field(
    api: Api, practitioner: Any, home_org: Any, name: str, kwargs: bool, body: Any, field: str
) -> None:
    draft = make_decision(author=practitioner, organisation=home_org, status=Status.DRAFT)
    before = SharingDecision.objects.get(pk=draft.pk).purpose
    response = api.call(
        "post" if name != "decision_update" else "patch",
        name,
        body,
        **({"decision_id": draft.pk} if kwargs else {}),
    )
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert SharingDecision.objects.get(pk=draft.pk).purpose == before


def test_an_id_too_large_for_the_database_is_a_400(
    api: Api, practitioner: Any, home_org: Any
) -> None:
    draft = make_decision(author=practitioner, organisation=home_org, status=Status.DRAFT)
    response = api.call("patch", "decision_update", {"people": [10**23]}, decision_id=draft.pk)
    assert response.status_code == 400
    assert "people" in response.json()["error"]["fields"]


def test_an_unknown_api_address_is_a_json_404(api: Api) -> None:
    response = api.client.get("/api/v1/decisions/-1", headers=api.headers)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("value", ["right\u202eleft", "isolate\u2066x\u2069"])
def test_text_direction_overrides_are_refused(client: Any, practitioner: Any, value: str) -> None:
    client.force_login(practitioner)
    client.post(reverse("decisions:start"))
    draft = SharingDecision.objects.get(author=practitioner)
    url = reverse("decisions:purpose", kwargs={"decision_id": draft.pk})
    response = client.post(url, {"purpose": value})
    assert response.status_code == 400
    assert "control characters" in response.content.decode()
    draft.refresh_from_db()
    assert draft.purpose == ""


@pytest.mark.parametrize("page", ["%C2%B2", "\u0663", "-1", "9" * 30])
def test_a_page_number_that_is_not_one_shows_the_first_page(
    client: Any, make_member: Any, home_org: Any, page: str
) -> None:
    advisor = make_member(Role.ADVISOR, home_org)
    person = make_person(organisation=home_org)
    make_decision(organisation=home_org, people=[person])
    client.force_login(advisor)
    for url in (
        reverse("decisions:organisation_decisions"),
        reverse("decisions:my_decisions"),
        reverse("decisions:person_detail", kwargs={"person_id": person.pk}),
    ):
        response = client.get(f"{url}?page={page}")
        assert response.status_code == 200, url


def test_a_person_id_that_is_not_a_number_is_ignored(client: Any, practitioner: Any) -> None:
    client.force_login(practitioner)
    client.post(reverse("decisions:start"))
    draft = SharingDecision.objects.get(author=practitioner)
    url = reverse("decisions:people", kwargs={"decision_id": draft.pk})
    response = client.post(url, {"action": "add", "person": "\u00b2"})
    assert response.status_code in (200, 400)
    assert not draft.people.exists()


def _amended(author: Any, amender: Any, org: Any) -> tuple[SharingDecision, SharingDecision]:
    """A final record by ``author``, and its amendment by ``amender``, finalised."""
    first = make_decision(author=author, organisation=org, people=[make_person(organisation=org)])
    second, _ = amend_decision(actor=amender, decision_id=first.pk, reason="Wrong date")
    return first, finalise_decision(actor=amender, decision_id=second.pk)


def test_the_author_still_sees_their_record_after_a_manager_amends_it(
    client: Any, practitioner: Any, manager: Any, make_member: Any, home_org: Any
) -> None:
    first, second = _amended(practitioner, manager, home_org)
    client.force_login(practitioner)
    mine = client.get(reverse("decisions:my_decisions")).content.decode()
    row = mine[mine.index(f'href="{detail(first)}"') :].split("</tr>")[0]
    assert "Superseded" in row
    history = client.get(detail(first)).content.decode()
    assert f'href="{detail(second)}"' in history
    assert client.get(detail(second)).status_code == 200
    # Nobody else gains sight of it.
    client.force_login(make_member(Role.PRACTITIONER, home_org))
    assert client.get(detail(second)).status_code == 404


def test_your_decisions_show_only_the_latest_version_you_wrote(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    first, second = _amended(practitioner, practitioner, home_org)
    client.force_login(practitioner)
    mine = client.get(reverse("decisions:my_decisions")).content.decode()
    assert f'href="{detail(second)}"' in mine
    assert f'href="{detail(first)}"' not in mine


def test_the_record_shows_its_reasons_and_a_person_page_a_missing_reference_plainly(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    person = make_person(organisation=home_org, local_reference="")
    record = make_decision(
        author=practitioner, organisation=home_org, people=[person], reasons="Mother agreed"
    )
    client.force_login(practitioner)
    body = client.get(detail(record)).content.decode()
    assert "Reasons for the decision" in body
    assert "Mother agreed" in body
    page = client.get(reverse("decisions:person_detail", kwargs={"person_id": person.pk}))
    assert "Not recorded" in page.content.decode()
    assert ">None<" not in page.content.decode()
