"""The API reads JSON and only JSON, with the types its schemas name: a body of another
kind is refused (415), wrong types are refused rather than converted, and nothing is saved."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from infoshare.accounts.services import create_api_token
from infoshare.decisions.models import Person, SharingDecision


@pytest.fixture
def token(practitioner: Any) -> dict[str, str]:
    _, secret = create_api_token(actor=practitioner, name="test")
    return {"Authorization": f"Bearer {secret}"}


def test_a_body_that_is_not_json_is_refused_with_415(client: Any, token: Any) -> None:
    response = client.post(
        reverse("api-1:decision_create"), data="{}", content_type="text/plain", headers=token
    )
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"
    assert not SharingDecision.objects.exists()


def test_broken_json_says_so_without_the_parsers_words(client: Any, token: Any) -> None:
    response = client.post(
        reverse("api-1:decision_create"),
        data="{",
        content_type="application/json",
        headers=token,
    )
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "invalid_json",
        "message": "Send the request body as valid JSON",
    }


@pytest.mark.parametrize("organisation_id", [True, "1", 1.0])
def test_an_organisation_id_must_be_a_number(client: Any, token: Any, organisation_id: Any) -> None:
    response = client.post(
        reverse("api-1:decision_create"),
        data=json.dumps({"organisation_id": organisation_id}),
        content_type="application/json",
        headers=token,
    )
    assert response.status_code == 400
    assert "organisation_id" in response.json()["error"]["fields"]
    assert not SharingDecision.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"nhs_number": 4131860910}, "nhs_number"),
        ({"confirm_different": "yes"}, "confirm_different"),
    ],
)
def test_a_person_with_wrong_types_is_refused_not_converted(
    client: Any, token: Any, body: dict[str, Any], field: str
) -> None:
    response = client.post(
        reverse("api-1:people_create"),
        data=json.dumps({"given_name": "Amy", "family_name": "Kappa", **body}),
        content_type="application/json",
        headers=token,
    )
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not Person.objects.exists()
