"""POST /api/v1/decision-support/evaluate: the stable contract of domain spec section 4."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from infoshare.accounts.services import create_api_token
from infoshare.audit.models import AuditEvent

CONTRACT_KEYS = {
    "recommendation",
    "basis",
    "next_question",
    "advice_on",
    "safeguarding_alert",
    "checklist",
    "explanation",
}


def url() -> str:
    return reverse("api-1:decision_support_evaluate")


def post(client: Any, body: Any, **extra: Any) -> Any:
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(url(), data=data, content_type="application/json", **extra)


@pytest.fixture
def signed_in_client(client: Any, practitioner: Any) -> Any:
    client.force_login(practitioner)
    return client


def test_consent_given_is_a_share_with_the_checklist(signed_in_client: Any) -> None:
    answers = {"purpose": "yes", "legal_duty": "no", "identifiable": "yes"}
    answers |= {"confidential": "yes", "consent": "given"}
    response = post(signed_in_client, {"answers": answers})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == CONTRACT_KEYS
    assert body["recommendation"] == "share"
    assert body["basis"] == "consent"
    assert body["next_question"] is None
    assert body["advice_on"] is None
    assert body["safeguarding_alert"] is False
    assert len(body["checklist"]) == 7
    assert body["explanation"]


def test_empty_answers_are_incomplete_and_name_the_first_question(signed_in_client: Any) -> None:
    body = post(signed_in_client, {"answers": {}}).json()
    assert body["recommendation"] == "incomplete"
    assert body["next_question"] == "purpose"
    assert body["checklist"] == []


def test_the_edition_may_be_given(signed_in_client: Any) -> None:
    body = post(signed_in_client, {"edition": "hmg-2008", "answers": {"purpose": "no"}}).json()
    assert body["recommendation"] == "do_not_share"
    assert body["basis"] is None


def test_not_sure_anywhere_means_seek_advice_on_that_question(signed_in_client: Any) -> None:
    body = post(signed_in_client, {"answers": {"purpose": "yes", "consent": "not_sure"}}).json()
    assert body["recommendation"] == "seek_advice"
    assert body["advice_on"] == "consent"


def test_risk_of_significant_harm_raises_the_safeguarding_alert(signed_in_client: Any) -> None:
    body = post(
        signed_in_client, {"answers": {"risk_of_significant_harm": "yes", "legal_duty": "yes"}}
    ).json()
    assert body["safeguarding_alert"] is True
    assert body["recommendation"] == "share"
    assert body["basis"] == "legal_duty"
    assert "safeguarding" in body["explanation"].lower()


def test_unknown_keys_and_bad_values_are_each_named(signed_in_client: Any) -> None:
    response = post(
        signed_in_client,
        {"answers": {"purpose": "perhaps", "colour": "blue", "consent": "yes"}},
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"]
    assert set(error["fields"]) == {"purpose", "colour", "consent"}
    assert "expected one of yes, no, not_sure" in error["fields"]["purpose"]
    assert "Unknown question" in error["fields"]["colour"]


@pytest.mark.parametrize("value", [1, None, True, ["yes"], {"a": "yes"}])
def test_answers_that_are_not_strings_are_refused(signed_in_client: Any, value: Any) -> None:
    response = post(signed_in_client, {"answers": {"purpose": value}})
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"purpose"}


def test_an_unknown_edition_is_named(signed_in_client: Any) -> None:
    response = post(signed_in_client, {"edition": "hmg-1999", "answers": {}})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"edition"}
    assert "hmg-2008" in error["fields"]["edition"]


@pytest.mark.parametrize("answers", [[], "purpose=yes", 3, None])
def test_answers_that_are_not_an_object_are_refused(signed_in_client: Any, answers: Any) -> None:
    response = post(signed_in_client, {"answers": answers})
    assert response.status_code == 400
    assert "answers" in response.json()["error"]["fields"]


def test_missing_answers_are_refused(signed_in_client: Any) -> None:
    response = post(signed_in_client, {"edition": "hmg-2008"})
    assert response.status_code == 400
    assert "answers" in response.json()["error"]["fields"]


def test_unknown_top_level_keys_are_refused(signed_in_client: Any) -> None:
    response = post(signed_in_client, {"answers": {}, "person": "Jo"})
    assert response.status_code == 400
    assert "person" in response.json()["error"]["fields"]


def test_malformed_json_is_a_400(signed_in_client: Any) -> None:
    response = post(signed_in_client, '{"answers": {')
    assert response.status_code == 400
    assert "error" in response.json()


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "'; DROP TABLE decisions_sharingdecision; --",
        "yes\x00\x07",
        "x" * 1_000_000,
    ],
)
def test_hostile_values_get_a_short_clear_message(signed_in_client: Any, hostile: str) -> None:
    response = post(signed_in_client, {"answers": {"purpose": hostile}})
    assert response.status_code == 400
    message = response.json()["error"]["fields"]["purpose"]
    assert "expected one of" in message
    assert len(message) < 300


def test_a_1_mb_unknown_key_is_not_echoed_in_full(signed_in_client: Any) -> None:
    response = post(signed_in_client, {"answers": {"k" * 1_000_000: "yes"}})
    assert response.status_code == 400
    assert len(response.content) < 1000


def test_evaluating_stores_nothing(signed_in_client: Any) -> None:
    before = AuditEvent.objects.count()
    post(signed_in_client, {"answers": {"purpose": "yes"}})
    assert AuditEvent.objects.count() == before


def test_a_signed_out_caller_gets_401(client: Any, db: Any) -> None:
    response = post(client, {"answers": {}})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_a_personal_api_token_works_without_a_session(client: Any, practitioner: Any) -> None:
    _, secret = create_api_token(actor=practitioner, name="x")
    response = post(
        client, {"answers": {"purpose": "no"}}, headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 200
    assert response.json()["recommendation"] == "do_not_share"


def test_a_revoked_or_made_up_token_gets_401(client: Any, db: Any) -> None:
    response = post(client, {"answers": {}}, headers={"Authorization": "Bearer isk_made-up"})
    assert response.status_code == 401


def test_a_signed_in_person_without_any_role_may_evaluate(client: Any, db: Any) -> None:
    from infoshare.partnerships.tests.factories import UserFactory

    client.force_login(UserFactory())
    assert post(client, {"answers": {}}).status_code == 200


def test_get_is_not_allowed(signed_in_client: Any) -> None:
    assert signed_in_client.get(url()).status_code == 405
