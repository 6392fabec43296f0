from typing import Any

from django.urls import reverse


def test_the_openapi_schema_documents_the_decisions_endpoints(client: Any, db: Any) -> None:
    response = client.get(reverse("api-1:openapi-json"))
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/decision-support/evaluate",
        "/api/v1/decisions/",
        "/api/v1/decisions/{decision_id}",
        "/api/v1/decisions/{decision_id}/finalise",
        "/api/v1/decisions/{decision_id}/amend",
        "/api/v1/people/",
    ):
        assert path in paths, path
