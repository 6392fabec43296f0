"""The decisions and people API: the same rules and scopes as the pages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from infoshare.accounts.services import create_api_token
from infoshare.audit.models import AuditEvent
from infoshare.core.roles import Role
from infoshare.decisions.models import Person, SharingDecision, Status
from infoshare.decisions.tests.factories import CONSENT_ANSWERS, make_decision, make_person
from infoshare.partnerships.tests.factories import MembershipFactory


class Api:
    def __init__(self, client: Any, user: Any) -> None:
        _, secret = create_api_token(actor=user, name="test")
        self.client = client
        self.headers = {"Authorization": f"Bearer {secret}"}

    def call(
        self, method: str, name: str, body: Any = None, headers: Any = None, **kwargs: Any
    ) -> Any:
        url = reverse(f"api-1:{name}", kwargs=kwargs)
        send = getattr(self.client, method)
        extra = {"headers": self.headers | (headers or {})}
        if method == "get":
            return send(url, body or {}, **extra)
        data = json.dumps(body if body is not None else {})
        return send(url, data=data, content_type="application/json", **extra)


@pytest.fixture
def api(client: Any, practitioner: Any) -> Api:
    return Api(client, practitioner)


def test_create_returns_201_and_a_retry_with_the_same_key_returns_200(api: Api) -> None:
    first = api.call("post", "decision_create", {}, headers={"Idempotency-Key": "k-1"})
    again = api.call("post", "decision_create", {}, headers={"Idempotency-Key": "k-1"})
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert SharingDecision.objects.count() == 1
    other = api.call("post", "decision_create", {}, headers={"Idempotency-Key": "k-2"})
    assert other.status_code == 201
    assert SharingDecision.objects.count() == 2


def test_a_key_used_again_for_a_different_request_is_refused(
    api: Api, practitioner: Any, home_org: Any, other_org: Any
) -> None:
    MembershipFactory(person=practitioner, organisation=other_org, role=Role.PRACTITIONER)
    key = {"Idempotency-Key": "k-1"}
    first = api.call("post", "decision_create", {"organisation_id": home_org.pk}, headers=key)
    again = api.call("post", "decision_create", {"organisation_id": other_org.pk}, headers=key)
    assert first.status_code == 201
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "idempotency_key_reused"
    assert SharingDecision.objects.count() == 1
    same = api.call("post", "decision_create", {"organisation_id": home_org.pk}, headers=key)
    assert same.status_code == 200


def test_a_bad_idempotency_key_is_named(api: Api) -> None:
    response = api.call("post", "decision_create", {}, headers={"Idempotency-Key": "x" * 101})
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["error"]["fields"]
    assert not SharingDecision.objects.exists()


def test_full_record_through_the_api(api: Api, home_org: Any, other_org: Any) -> None:
    person = make_person(organisation=home_org)
    created = api.call("post", "decision_create", {}).json()
    decision_id = created["id"]
    body = {
        "people": [person.pk],
        "answers": CONSENT_ANSWERS,
        "direction": "sharing_out",
        "recipient_organisation_id": other_org.pk,
        "purpose": "Support",
        "outcome": "shared",
        "reasons": "Consent given",
        "gateway": "consent",
        "article6": ["art6_1_a"],
        "information_categories": ["education"],
        "information_description": "Attendance",
        "method": "secure_email",
        "shared_on": timezone.localdate().isoformat(),
        "person_told": "yes",
    }
    patched = api.call("patch", "decision_update", body, decision_id=decision_id)
    assert patched.status_code == 200, patched.json()
    assert patched.json()["evaluation"]["recommendation"] == "share"
    assert [p["id"] for p in patched.json()["people"]] == [person.pk]
    final = api.call("post", "decision_finalise", decision_id=decision_id)
    assert final.status_code == 200
    assert final.json()["status"] == "final"
    assert final.json()["recommendation"] == "share"
    again = api.call("patch", "decision_update", {"purpose": "x"}, decision_id=decision_id)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "not_a_draft"
    amended = api.call("post", "decision_amend", {"reason": "Typo"}, decision_id=decision_id)
    assert amended.status_code == 201
    assert amended.json()["version"] == 2
    assert amended.json()["previous_id"] == decision_id


def test_patch_names_each_bad_field_and_saves_nothing(api: Api) -> None:
    decision_id = api.call("post", "decision_create", {}).json()["id"]
    response = api.call(
        "patch",
        "decision_update",
        {
            "purpose": "y" * 1_000_000,
            "outcome": "<script>",
            "answers": {"purpose": "perhaps", "agreement": "yes"},
            "article6": ["art6_1_z"],
            "shared_on": "2026-02-30",
        },
        decision_id=decision_id,
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    # An answer's problem is named "answers.<question>": the purpose question's problem
    # and the purpose field's are both kept.
    assert {
        "purpose",
        "outcome",
        "article6",
        "shared_on",
        "answers.purpose",
        "answers.agreement",
    } <= set(fields)
    assert len(response.content) < 5000
    decision = SharingDecision.objects.get(pk=decision_id)
    assert decision.purpose == ""
    assert decision.answers == {}


def test_patch_refuses_unknown_fields(api: Api) -> None:
    decision_id = api.call("post", "decision_create", {}).json()["id"]
    response = api.call("patch", "decision_update", {"status": "final"}, decision_id=decision_id)
    assert response.status_code == 400
    assert "status" in response.json()["error"]["fields"]


def test_finalising_an_incomplete_draft_names_what_is_missing(api: Api) -> None:
    decision_id = api.call("post", "decision_create", {}).json()["id"]
    response = api.call("post", "decision_finalise", decision_id=decision_id)
    assert response.status_code == 400
    assert "people" in response.json()["error"]["fields"]
    assert SharingDecision.objects.get(pk=decision_id).status == Status.DRAFT


def test_read_is_audited_and_scoped(
    client: Any, api: Api, practitioner: Any, foreign_org_user: Any, home_org: Any
) -> None:
    decision = make_decision(author=practitioner, organisation=home_org)
    response = api.call("get", "decision_read", decision_id=decision.pk)
    assert response.status_code == 200
    assert response.json()["reference"] == decision.reference
    assert AuditEvent.objects.get(action="decisions.viewed_decision").data["via"] == "api"
    foreign = Api(client, foreign_org_user)
    assert foreign.call("get", "decision_read", decision_id=decision.pk).status_code == 404
    assert foreign.call("patch", "decision_update", {}, decision_id=decision.pk).status_code == 404


def test_list_is_scoped_and_paginated(
    api: Api, practitioner: Any, home_org: Any, other_org: Any
) -> None:
    for _ in range(3):
        make_decision(author=practitioner, organisation=home_org)
    make_decision(organisation=other_org)
    response = api.call("get", "decision_list", {"page_size": 2})
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["count_is_exact"], body["page"], body["next_page"]) == (
        3,
        True,
        1,
        2,
    )
    assert len(body["items"]) == 2
    last = api.call("get", "decision_list", {"page_size": 2, "page": 2}).json()
    assert (last["page"], last["next_page"], len(last["items"])) == (2, None, 1)
    seen = {item["id"] for item in body["items"] + last["items"]}
    assert len(seen) == 3
    assert api.call("get", "decision_list", {"scope": "nonsense"}).status_code == 400


def test_list_counts_only_up_to_its_limit(
    api: Api, practitioner: Any, home_org: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from infoshare.decisions import api_decisions

    monkeypatch.setattr(api_decisions, "COUNT_LIMIT", 2)
    for _ in range(3):
        make_decision(author=practitioner, organisation=home_org)
    body = api.call("get", "decision_list").json()
    assert (body["count"], body["count_is_exact"], len(body["items"])) == (2, False, 3)


def test_list_query_count_does_not_grow_with_the_page(
    api: Api, practitioner: Any, home_org: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api.call("get", "decision_list")  # the token's first use is recorded once
    counts = []
    for size in (2, 10):
        while SharingDecision.objects.count() < size:
            make_decision(
                author=practitioner,
                organisation=home_org,
                people=[make_person(organisation=home_org)],
            )
        with CaptureQueriesContext(connection) as queries:
            assert api.call("get", "decision_list").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("scope", ["mine", "team", "organisation"])
def test_each_scope_reads_whole_records_in_the_same_number_of_queries(
    client: Any, make_member: Any, home_org: Any, scope: str
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from infoshare.core.roles import Role
    from infoshare.partnerships.tests.factories import MembershipFactory

    viewer = make_member(Role.PRACTITIONER, home_org)
    for role in (Role.MANAGER, Role.ADVISOR):
        MembershipFactory(person=viewer, organisation=home_org, role=role)
    api = Api(client, viewer)
    api.call("get", "decision_list", {"scope": scope})
    counts = []
    for size in (2, 10):
        while SharingDecision.objects.count() < size:
            make_decision(
                author=viewer, organisation=home_org, people=[make_person(organisation=home_org)]
            )
        with CaptureQueriesContext(connection) as queries:
            response = api.call("get", "decision_list", {"scope": scope})
        assert response.status_code == 200
        items = response.json()["items"]
        assert len(items) == size
        assert items[0]["answers"]  # whole records, not the list's columns
        assert items[0]["people"]
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_people_search_and_create(api: Api, home_org: Any, other_org: Any) -> None:
    make_person(organisation=home_org, given_name="Riley", family_name="Evans")
    make_person(organisation=other_org, given_name="Riley", family_name="Evans")
    found = api.call("get", "people_search", {"q": "Rilee Evans"})
    assert found.status_code == 200
    assert [p["organisation_id"] for p in found.json()] == [home_org.pk]
    duplicate = api.call("post", "people_create", {"given_name": "Riley", "family_name": "Evans"})
    assert duplicate.status_code == 409
    created = api.call(
        "post",
        "people_create",
        {"given_name": "Riley", "family_name": "Evans", "confirm_different": True},
    )
    assert created.status_code == 201
    assert Person.objects.filter(organisation=home_org).count() == 2


@pytest.mark.parametrize(
    "body",
    [
        {"family_name": "Evans"},
        {"given_name": 5, "family_name": "Evans"},
        {"given_name": "<img src=x>", "family_name": "Evans"},
        {"given_name": "R" * 1_000_000, "family_name": "Evans"},
        {"given_name": "Ri\u0000ley", "family_name": "Evans"},
        {"given_name": "Riley", "family_name": "Evans", "nhs_number": "9434765918"},
        {"given_name": "Riley", "family_name": "Evans", "date_of_birth": "2999-01-01"},
        {"given_name": "Riley", "family_name": "Evans", "role_in_case": "villain"},
    ],
)
def test_bad_people_are_refused_with_a_named_field(api: Api, body: Any) -> None:
    response = api.call("post", "people_create", body)
    assert response.status_code == 400
    assert response.json()["error"]["fields"]
    assert len(response.content) < 2000
    assert not Person.objects.exists()


def test_people_read_is_audited_and_scoped(
    client: Any, api: Api, foreign_org_user: Any, home_org: Any
) -> None:
    person = make_person(organisation=home_org)
    assert api.call("get", "people_read", person_id=person.pk).status_code == 200
    assert AuditEvent.objects.filter(action="decisions.viewed_person").count() == 1
    foreign = Api(client, foreign_org_user)
    assert foreign.call("get", "people_read", person_id=person.pk).status_code == 404


def test_signed_out_callers_get_401(client: Any, db: Any) -> None:
    response = client.get(reverse("api-1:decision_list"))
    assert response.status_code == 401


def test_an_amendment_without_a_reason_says_what_to_enter(
    api: Api, practitioner: Any, home_org: Any
) -> None:
    final = make_decision(author=practitioner, organisation=home_org)
    response = api.call("post", "decision_amend", {"reason": " "}, decision_id=final.pk)
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["reason"] == "Enter the reason for the amendment"


def test_amend_answers_201_when_it_starts_an_amendment_and_200_when_asked_again(
    api: Api, practitioner: Any, home_org: Any
) -> None:
    final = make_decision(author=practitioner, organisation=home_org)
    first = api.call("post", "decision_amend", {"reason": "Typo"}, decision_id=final.pk)
    assert first.status_code == 201
    assert first.json()["version"] == 2
    again = api.call("post", "decision_amend", {"reason": "Retried"}, decision_id=final.pk)
    assert again.status_code == 200
    assert again.json() == first.json()  # the same amendment, unchanged
    assert SharingDecision.objects.filter(previous=final).count() == 1
    # One audit event, for the one amendment made.
    events = AuditEvent.objects.filter(action="decisions.amended")
    assert [event.object_id for event in events] == [str(first.json()["id"])]


def test_amends_two_answers_are_documented(client: Any, db: Any) -> None:
    paths = client.get(reverse("api-1:openapi-json")).json()["paths"]
    responses = paths["/api/v1/decisions/{decision_id}/amend"]["post"]["responses"]
    for status in ("200", "201"):
        schema = responses[status]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/DecisionOut"}
    assert "new draft version" in responses["201"]["description"]
    assert "already in progress" in responses["200"]["description"]


def test_bad_people_are_named_with_every_other_bad_field(api: Api) -> None:
    decision_id = api.call("post", "decision_create", {}).json()["id"]
    response = api.call(
        "patch",
        "decision_update",
        {"people": "everyone", "outcome": "maybe", "answers": {"purpose": "perhaps"}},
        decision_id=decision_id,
    )
    assert response.status_code == 400
    assert {"people", "outcome", "answers.purpose"} <= set(response.json()["error"]["fields"])


def test_amending_a_draft_is_a_conflict_of_state(api: Api) -> None:
    decision_id = api.call("post", "decision_create", {}).json()["id"]
    response = api.call("post", "decision_amend", {"reason": "Typo"}, decision_id=decision_id)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "not_final"
    assert SharingDecision.objects.count() == 1


def test_another_way_of_sharing_needs_saying_how_before_finalising(
    api: Api, practitioner: Any, home_org: Any
) -> None:
    from infoshare.decisions.errors import OTHER_METHOD_MISSING
    from infoshare.decisions.tests.factories import make_decision

    decision = make_decision(
        author=practitioner, organisation=home_org, status="draft", method="other", method_detail=""
    )
    refused = api.call("post", "decision_finalise", decision_id=decision.pk)
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"]["method_detail"] == OTHER_METHOD_MISSING
    decision.refresh_from_db()
    assert decision.status == "draft"


def test_the_list_filters_by_status_and_countersignature_as_the_pages_do(
    api: Api, practitioner: Any, home_org: Any
) -> None:
    from infoshare.decisions.tests.factories import make_decision

    draft = make_decision(author=practitioner, organisation=home_org, status="draft")
    final = make_decision(author=practitioner, organisation=home_org)
    drafts = api.call("get", "decision_list", {"scope": "mine", "status": "draft"}).json()
    assert [item["id"] for item in drafts["items"]] == [draft.pk]
    finals = api.call("get", "decision_list", {"scope": "mine", "status": "final"}).json()
    assert [item["id"] for item in finals["items"]] == [final.pk]
    refused = api.call("get", "decision_list", {"scope": "mine", "status": "soon"})
    assert refused.status_code == 400
    assert "status" in refused.json()["error"]["fields"]
    done = api.call("get", "decision_list", {"scope": "mine", "countersigned": "done"}).json()
    assert done["items"] == []


def test_finalising_names_the_next_question_even_when_a_later_answer_is_not_sure(
    api: Api,
) -> None:
    decision_id = api.call("post", "decision_create", {}).json()["id"]
    answers = {"risk_of_significant_harm": "no", "purpose": "yes", "consent": "not_sure"}
    patched = api.call("patch", "decision_update", {"answers": answers}, decision_id=decision_id)
    assert patched.json()["evaluation"]["next_question"] is None  # the engine: seek advice
    refused = api.call("post", "decision_finalise", decision_id=decision_id)
    assert refused.status_code == 400
    message = refused.json()["error"]["fields"]["answers"]
    assert message.startswith("Answer the key questions: next, “Is there a statutory duty")


def test_a_retry_after_finalising_returns_the_record_and_audits_the_read(
    api: Api, practitioner: Any, home_org: Any
) -> None:
    """A security assessor's finding: replaying the create request with its key after the
    draft was finalised returned the final record, its people and their identifiers, and
    no one was recorded as having read it. A retry while it is still a draft (the
    author's own work) is not a read of a record."""
    from infoshare.audit.models import AuditEvent
    from infoshare.decisions import services
    from infoshare.decisions.audit import Action
    from infoshare.decisions.tests.test_services import complete_draft

    draft = complete_draft(practitioner, home_org)
    SharingDecision.objects.filter(pk=draft.pk).update(idempotency_key="k-final")
    key = {"Idempotency-Key": "k-final"}
    after = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    while_draft = api.call("post", "decision_create", {}, headers=key)
    assert (while_draft.status_code, while_draft.json()["id"]) == (200, draft.pk)
    assert not AuditEvent.objects.filter(id__gt=after, action=Action.VIEWED_DECISION).exists()

    services.finalise_decision(actor=practitioner, decision_id=draft.pk)
    after = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    again = api.call("post", "decision_create", {}, headers=key)
    assert (again.status_code, again.json()["status"]) == (200, "final")
    [viewed] = AuditEvent.objects.filter(id__gt=after, action=Action.VIEWED_DECISION)
    assert (viewed.actor_id, viewed.object_id) == (practitioner.pk, str(draft.pk))
    assert viewed.data["via"] == "api_retry"
