"""The body of POST /api/v1/people publishes each field's type (its fields were read as
any value, and the schema had no types nor the roles in a case), as the correction's body
does; the service still names every bad field in one 400."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from infoshare.decisions.models.person import NAME_MAX, REFERENCE_MAX, RoleInCase
from infoshare.decisions.tests.test_api_decisions import Api

pytestmark = pytest.mark.django_db


def test_the_new_person_body_is_typed(client: Any, db: Any) -> None:
    schema = client.get(reverse("api-1:openapi-json")).json()
    body = schema["components"]["schemas"]["PersonIn"]
    fields = body["properties"]
    assert body["required"] == ["given_name", "family_name"]
    assert fields["given_name"] == {"title": "Given Name", "type": "string", "maxLength": NAME_MAX}
    assert fields["family_name"]["type"] == "string"
    assert fields["local_reference"]["type"] == "string"
    assert fields["local_reference"]["maxLength"] == REFERENCE_MAX
    assert fields["nhs_number"]["type"] == "string"
    assert fields["role_in_case"]["enum"] == list(RoleInCase.values)
    assert fields["role_in_case"]["default"] == "child"
    for name, field in fields.items():
        assert "type" in field or "anyOf" in field, name


def test_bad_details_are_still_each_named_in_one_400(client: Any, practitioner: Any) -> None:
    api = Api(client, practitioner)
    response = api.call(
        "post",
        "people_create",
        {"given_name": 7, "family_name": "", "role_in_case": "uncle", "nhs_number": "123"},
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {
        "given_name",
        "family_name",
        "role_in_case",
        "nhs_number",
    }
