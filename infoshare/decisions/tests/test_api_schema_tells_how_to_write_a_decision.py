"""An integrator's review: the published schema must say how to write a decision. Each
field of a draft has its type and its codes (read from where the service keeps each list),
the amendment's reason is required, the record's coded fields name their codes, the
Idempotency-Key header is a parameter, and evaluate lists every answer it gives. The
checks and their messages stay the service's."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from infoshare.decisions import engine
from infoshare.decisions.content import CATEGORY_LABELS
from infoshare.decisions.engine.lawful_bases import ARTICLE_6, GATEWAYS
from infoshare.decisions.models import Direction, Method, Outcome, SharingDecision
from infoshare.decisions.models import Status as RecordStatus
from infoshare.decisions.services.changes import CHECKERS
from infoshare.decisions.tests.test_api_decisions import Api


@pytest.fixture
def schema(client: Any, db: Any) -> dict[str, Any]:
    response = client.get(reverse("api-1:openapi-json"))
    assert response.status_code == 200
    return dict(response.json())


def _component(schema: dict[str, Any], name: str) -> dict[str, Any]:
    return dict(schema["components"]["schemas"][name])


def _codes(field: dict[str, Any]) -> list[Any]:
    """The codes a field's schema allows (of a code, a nullable code or a list of codes)."""
    if "items" in field:
        return list(field["items"]["enum"])
    for part in field.get("anyOf", [field]):
        if "enum" in part:
            return list(part["enum"])
    raise AssertionError(f"no codes in {field}")


def _typed(field: dict[str, Any]) -> bool:
    return any(key in field for key in ("type", "anyOf", "$ref", "enum"))


def test_every_field_of_a_draft_has_a_type(schema: dict[str, Any]) -> None:
    fields = _component(schema, "PatchIn")["properties"]
    # Every field the service checks, and none it does not.
    assert set(fields) == set(CHECKERS) | {"answers", "people", "recipient_organisation_id"}
    untyped = [name for name, field in fields.items() if not _typed(field)]
    assert untyped == []


def test_a_drafts_codes_are_published_from_where_they_are_kept(schema: dict[str, Any]) -> None:
    fields = _component(schema, "PatchIn")["properties"]
    assert _codes(fields["direction"]) == Direction.values
    assert "sharing_out" in _codes(fields["direction"])
    assert _codes(fields["outcome"]) == Outcome.values
    assert _codes(fields["method"]) == Method.values
    assert "secure_email" in _codes(fields["method"])
    assert _codes(fields["gateway"]) == [basis.code for basis in GATEWAYS]
    assert _codes(fields["article6"]) == [basis.code for basis in ARTICLE_6]
    assert "art6_1_e" in _codes(fields["article6"])
    assert _codes(fields["information_categories"]) == list(CATEGORY_LABELS)
    assert fields["special_category"]["type"] == "boolean"
    assert fields["people"]["items"]["type"] == "integer"
    answers = fields["answers"]["properties"]
    edition = engine.get_edition(engine.DEFAULT_EDITION)
    assert set(answers) == {question.key for question in edition.questions}
    assert _codes(answers["consent"]) == list(edition.question("consent").values)


def test_the_docs_page_gives_each_field_of_a_draft_a_type(client: Any, db: Any) -> None:
    html = client.get("/api-documentation").content.decode()
    block = html.split('id="infoshare_decisions_api_decisions_decision_update"', 1)[1]
    block = block.split("<h3", 1)[0]
    assert "<code>direction</code>" in block
    assert "any value" not in block
    assert "sharing_out" in block


def test_an_amendments_reason_is_required(schema: dict[str, Any]) -> None:
    amend = _component(schema, "AmendIn")
    assert amend["required"] == ["reason"]
    operation = schema["paths"]["/api/v1/decisions/{decision_id}/amend"]["post"]
    assert operation["requestBody"]["required"] is True


def test_a_records_coded_fields_name_their_codes(schema: dict[str, Any]) -> None:
    fields = _component(schema, "DecisionOut")["properties"]
    assert _codes(fields["status"]) == RecordStatus.values
    assert _codes(fields["recommendation"]) == list(engine.RECOMMENDATIONS)
    assert _codes(fields["basis"]) == list(engine.BASES)
    # None is null, as evaluate says it.
    assert {"type": "null"} in fields["recommendation"]["anyOf"]
    assert {"type": "null"} in fields["basis"]["anyOf"]
    assert _codes(fields["outcome"]) == [*Outcome.values, ""]
    assert _codes(fields["method"]) == [*Method.values, ""]
    assert fields["evaluation"]["$ref"].endswith("/EvaluateOut")


def test_the_idempotency_key_is_a_parameter_of_starting_a_draft(schema: dict[str, Any]) -> None:
    operation = schema["paths"]["/api/v1/decisions/"]["post"]
    [header] = [p for p in operation["parameters"] if p["in"] == "header"]
    assert header["name"] == "Idempotency-Key"
    assert header["required"] is False
    assert header["schema"]["type"] == "string"


def test_evaluate_documents_every_answer_it_gives(schema: dict[str, Any]) -> None:
    operation = schema["paths"]["/api/v1/decision-support/evaluate"]["post"]
    responses = operation["responses"]
    assert {"200", "400", "401", "403", "405", "413", "415"} <= set(responses)
    assert "csrf_failed" in responses["403"]["description"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["answers"]
    assert body["additionalProperties"] is False
    assert _codes(body["properties"]["answers"]["properties"]["purpose"]) == [
        "yes",
        "no",
        "not_sure",
    ]


def test_evaluate_answers_413_405_and_csrf_failed_as_documented(
    client: Any, practitioner: Any, settings: Any
) -> None:
    url = reverse("api-1:decision_support_evaluate")
    client.force_login(practitioner)
    assert client.get(url).status_code == 405
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    big = '{"answers": {"purpose": "' + "y" * 200 + '"}}'
    too_large = client.post(url, data=big, content_type="application/json")
    assert (too_large.status_code, too_large.json()["error"]["code"]) == (413, "too_large")
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
    from django.test import Client

    checked = Client(enforce_csrf_checks=True)
    checked.force_login(practitioner)
    refused = checked.post(url, data="{}", content_type="application/json")
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "csrf_failed")


def test_the_checks_and_their_messages_stay_the_services(api: Api) -> None:
    decision_id = api.call("post", "decision_create", {}).json()["id"]
    response = api.call(
        "patch",
        "decision_update",
        {"direction": "sideways", "article6": ["art6_1_z"], "special_category": None},
        decision_id=decision_id,
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields["direction"] == (
        "Select whether you are sharing or were asked: one of sharing_out, request_received"
    )
    assert fields["article6"].startswith("Article 6 bases: unknown code art6_1_z")
    assert fields["special_category"] == "Must be true or false"
    # Null clears a code, as the schema says.
    cleared = api.call("patch", "decision_update", {"direction": None}, decision_id=decision_id)
    assert cleared.status_code == 200
    assert SharingDecision.objects.get(pk=decision_id).direction == ""


@pytest.fixture
def api(client: Any, practitioner: Any) -> Api:
    return Api(client, practitioner)
