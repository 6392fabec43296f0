"""An integrator's review: a 400 names each bad field (domain spec section 4), in one
pass: a wrong type or a field that is not one no longer hides the answers' problems;
each endpoint names a field one way (evaluate an answer by its question's key, as the
contract's integrations read it; PATCH as `answers.<question>`); finalise names the
fields a client sends; and the message says what is wrong."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from infoshare.audit.models import AuditEvent
from infoshare.decisions.audit import Action
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.tests.test_api_decisions import Api


@pytest.fixture
def api(client: Any, practitioner: Any) -> Api:
    return Api(client, practitioner)


def evaluate(api: Api, body: Any) -> Any:
    data = body if isinstance(body, str) else json.dumps(body)
    return api.client.post(
        reverse("api-1:decision_support_evaluate"),
        data=data,
        content_type="application/json",
        headers=api.headers,
    )


def _fields(response: Any) -> dict[str, str]:
    assert response.status_code == 400, response.content
    return dict(response.json()["error"]["fields"])


def test_a_wrong_edition_type_does_not_hide_the_answers(api: Api) -> None:
    response = evaluate(api, {"edition": 1, "answers": {"purpose": "maybe", "foo": "yes"}})
    fields = _fields(response)
    assert set(fields) == {"edition", "purpose", "foo"}
    assert "expected one of yes, no, not_sure" in fields["purpose"]
    assert fields["foo"] == "Unknown question 'foo'"


def test_a_field_that_is_not_one_does_not_hide_the_answers(api: Api) -> None:
    fields = _fields(evaluate(api, {"answers": {"purpose": "maybe"}, "foo": 1}))
    assert set(fields) == {"purpose", "foo"}


def test_an_unknown_edition_is_named_with_the_answers(api: Api) -> None:
    fields = _fields(evaluate(api, {"edition": "hmg-1999", "answers": {"purpose": "maybe"}}))
    assert set(fields) == {"edition", "purpose"}
    assert "hmg-2008" in fields["edition"]


def test_evaluate_names_an_answer_by_its_key_whatever_is_wrong_with_it(api: Api) -> None:
    # A lone surrogate (JSON can carry one; nothing can store it), with another bad answer.
    body = '{"answers": {"purpose": "\\ud800", "consent": "maybe"}, "colour": 1}'
    fields = _fields(evaluate(api, body))
    assert set(fields) == {"purpose", "consent", "colour"}
    assert "valid Unicode" in fields["purpose"]


def test_evaluate_still_requires_its_answers(api: Api) -> None:
    assert set(_fields(evaluate(api, {"edition": "hmg-2008", "extra": 1}))) == {
        "answers",
        "extra",
    }
    assert set(_fields(evaluate(api, ""))) == {"answers"}


def test_a_patch_with_a_field_that_is_not_one_names_every_other_bad_field(api: Api) -> None:
    decision_id = api.call("post", "decision_create", {}).json()["id"]
    before = AuditEvent.objects.filter(action=Action.DRAFT_UPDATED).count()
    response = api.call(
        "patch",
        "decision_update",
        {
            "zzz": 1,
            "direction": "sideways",
            "outcome": "maybe",
            "method": "pigeon",
            "article6": ["art6_1_z"],
            "shared_on": "2026-02-30",
            "answers": {"purpose": "perhaps"},
            "purpose": "Support",
        },
        decision_id=decision_id,
    )
    fields = _fields(response)
    assert set(fields) == {
        "zzz",
        "direction",
        "outcome",
        "method",
        "article6",
        "shared_on",
        "answers.purpose",
    }
    # Nothing is saved, nor audited, when anything is wrong.
    decision = SharingDecision.objects.get(pk=decision_id)
    assert (decision.purpose, decision.answers) == ("", {})
    assert AuditEvent.objects.filter(action=Action.DRAFT_UPDATED).count() == before


def test_a_patch_with_only_a_field_that_is_not_one_saves_nothing(api: Api) -> None:
    decision_id = api.call("post", "decision_create", {}).json()["id"]
    response = api.call(
        "patch", "decision_update", {"zzz": 1, "purpose": "Support"}, decision_id=decision_id
    )
    assert set(_fields(response)) == {"zzz"}
    assert SharingDecision.objects.get(pk=decision_id).purpose == ""


def test_patch_names_an_answer_one_way(api: Api) -> None:
    decision_id = api.call("post", "decision_create", {}).json()["id"]
    for value in ('"perhaps"', '"\\ud800"'):
        response = api.client.patch(
            reverse("api-1:decision_update", kwargs={"decision_id": decision_id}),
            data='{"answers": {"purpose": ' + value + "}}",
            content_type="application/json",
            headers=api.headers,
        )
        assert set(_fields(response)) == {"answers.purpose"}


def test_finalise_names_the_fields_a_client_sends_for_the_recipient(api: Api) -> None:
    decision_id = api.call("post", "decision_create", {}).json()["id"]
    response = api.call("post", "decision_finalise", decision_id=decision_id)
    fields = _fields(response)
    assert "recipient" not in fields
    assert fields["recipient_organisation_id"] == "Say who you are sharing with or who asked"
    assert fields["external_recipient"] == fields["recipient_organisation_id"]
    assert response.json()["error"]["message"] == "The record is not complete"


def test_a_bad_idempotency_key_is_said_to_be_one(api: Api) -> None:
    response = api.call(
        "post", "decision_create", {"edition": 1}, headers={"Idempotency-Key": "has space"}
    )
    error = response.json()["error"]
    assert set(_fields(response)) == {"Idempotency-Key", "edition"}
    assert error["message"] != "Check the answers"
    assert "Idempotency-Key" in error["message"]
    alone = api.call("post", "decision_create", {}, headers={"Idempotency-Key": "x" * 101})
    message = alone.json()["error"]["message"]
    assert message.startswith("Idempotency-Key: ")
    assert "printable characters" in message
    assert not SharingDecision.objects.exists()


def test_an_unknown_edition_is_said_to_be_one(api: Api) -> None:
    created = api.call("post", "decision_create", {"edition": "hmg-1999"})
    assert set(_fields(created)) == {"edition"}
    assert created.json()["error"]["message"].startswith("edition: Unknown edition")
    evaluated = evaluate(api, {"edition": "hmg-1999", "answers": {}})
    assert evaluated.json()["error"]["message"].startswith("edition: Unknown edition")


def test_a_message_naming_several_fields_lists_them(api: Api) -> None:
    response = evaluate(api, {"edition": 1, "answers": {"purpose": "maybe"}})
    message = response.json()["error"]["message"]
    assert message.startswith("Check ")
    assert "edition" in message
    assert "purpose" in message
