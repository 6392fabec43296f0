"""Answers Django or django-ninja would give in their own shape get the service's: a
wrong method (405), a body too large (413) or too deeply nested to read, an API path
without its slash (no redirect), an error naming thousands of fields; and a personal token
sent with stray spaces still works."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from infoshare.accounts.services import create_api_token
from infoshare.core.api_errors import MAX_FIELDS
from infoshare.decisions.models import SharingDecision

EVALUATE = "/api/v1/decision-support/evaluate"


@pytest.fixture
def token(practitioner: Any) -> dict[str, str]:
    _, secret = create_api_token(actor=practitioner, name="test")
    return {"Authorization": f"Bearer {secret}"}


def test_a_wrong_method_on_the_api_is_a_json_405_naming_the_methods(
    client: Any, token: Any
) -> None:
    response = client.delete("/api/v1/me", headers=token)
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert response["Allow"] == "GET"


def test_opening_a_buttons_address_is_a_page_saying_so(client: Any, practitioner: Any) -> None:
    client.force_login(practitioner)
    response = client.get(reverse("accounts:revoke_token", kwargs={"token_id": 1}))
    assert response.status_code == 405
    page = response.content.decode()
    assert "This address is for a button on a page" in page
    assert "govuk-heading-l" in page
    assert response["Allow"] == "POST"


def test_an_api_path_without_its_slash_is_not_redirected(client: Any, token: Any) -> None:
    response = client.post(
        "/api/v1/decisions", data="{}", content_type="application/json", headers=token
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert not SharingDecision.objects.exists()


@override_settings(DEBUG=True)
def test_an_api_404_is_json_even_with_debug_on(client: Any, token: Any) -> None:
    response = client.get("/api/v1/no-such-thing", headers=token)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_pages_still_gain_their_slash(client: Any, practitioner: Any) -> None:
    client.force_login(practitioner)
    response = client.get("/decisions")
    assert response.status_code == 301
    assert response["Location"] == "/decisions/"


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1_000)
def test_a_body_too_large_is_a_413(client: Any, token: Any) -> None:
    body = json.dumps({"edition": "hmg-2008", "answers": {"purpose": "x" * 2_000}})
    response = client.post(EVALUATE, data=body, content_type="application/json", headers=token)
    assert response.status_code == 413
    assert response.json()["error"] == {
        "code": "too_large",
        "message": "Send a request body of at most 1,000 bytes",
    }


def test_json_nested_too_deep_to_read_is_invalid_json(client: Any, token: Any) -> None:
    body = '{"answers": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = client.post(EVALUATE, data=body, content_type="application/json", headers=token)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_json"


def test_an_error_names_at_most_so_many_fields(client: Any, token: Any) -> None:
    answers = {f"unknown_{n}": "yes" for n in range(500)}
    body = json.dumps({"edition": "hmg-2008", "answers": answers})
    response = client.post(EVALUATE, data=body, content_type="application/json", headers=token)
    assert response.status_code == 400
    error = response.json()["error"]
    assert len(error["fields"]) == MAX_FIELDS
    assert f"the first {MAX_FIELDS} named" in error["message"]


def test_a_token_sent_with_stray_spaces_still_signs_in(client: Any, practitioner: Any) -> None:
    _, secret = create_api_token(actor=practitioner, name="test")
    response = client.get("/api/v1/me", headers={"Authorization": f"  Bearer   {secret} "})
    assert response.status_code == 200
    assert response.json()["email"] == practitioner.email


def test_the_schema_says_the_token_is_a_bearer_token(client: Any, db: Any) -> None:
    schemes = client.get("/api/schema").json()["components"]["securitySchemes"]
    assert schemes["SessionOrToken"] == {"type": "http", "scheme": "bearer"}
