"""The API's shared behaviour: /me, personal tokens, the error shape and the schema."""

import json

from django.urls import reverse

from infoshare.accounts.services import create_api_token, revoke_api_token
from infoshare.audit.models import AuditEvent
from infoshare.partnerships.tests.factories import TEST_PASSWORD


def test_me_with_a_session_names_the_person_and_roles(client, practitioner, home_org) -> None:
    client.force_login(practitioner)
    body = client.get("/api/v1/me").json()
    assert body["email"] == practitioner.email
    assert body["roles"] == [{"role": "practitioner", "organisation_id": home_org.pk}]


def test_me_with_a_personal_token(client, manager) -> None:
    token, secret = create_api_token(actor=manager, name="Case system")
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert response.json()["email"] == manager.email
    assert AuditEvent.objects.filter(
        action="accounts.token_created", object_id=str(token.pk)
    ).exists()


def test_tokens_are_stored_hashed(manager) -> None:
    token, secret = create_api_token(actor=manager, name="Case system")
    assert secret not in (token.digest, token.prefix)
    assert len(token.digest) == 64


def test_a_revoked_token_is_refused_in_the_one_error_shape(client, manager) -> None:
    token, secret = create_api_token(actor=manager, name="Case system")
    revoke_api_token(actor=manager, token_id=token.pk)
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "bad_token"


def test_anonymous_api_requests_get_401_json(client, db) -> None:
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert set(response.json()["error"]) >= {"code", "message"}


def test_a_session_post_without_its_csrf_token_is_a_403_that_says_so(practitioner) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(practitioner)
    client.get("/api/v1/me")  # the session's pages set the csrftoken cookie
    body = json.dumps({"answers": {"purpose": "yes"}})
    url = "/api/v1/decision-support/evaluate"
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "csrf_failed"
    assert "X-CSRFToken" in refused.json()["error"]["message"]
    token = client.cookies["csrftoken"].value
    allowed = client.post(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert allowed.status_code == 200


def test_the_openapi_schema_is_served(client, db) -> None:
    response = client.get("/api/schema")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/me" in schema["paths"]


def _confirm_password(client) -> None:
    """Creating a token asks for the password again (see test_api_tokens.py)."""
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})


def test_token_page_creates_and_shows_the_secret_once(client, practitioner) -> None:
    client.force_login(practitioner)
    _confirm_password(client)
    response = client.post(reverse("accounts:tokens"), {"name": "Reporting", "expires_in": "90"})
    html = response.content.decode()
    assert "Copy it now" in html
    assert "isk_" in html
    again = client.get(reverse("accounts:tokens")).content.decode()
    assert "Copy it now" not in again


def test_token_page_shows_a_govuk_error_for_a_missing_name(client, practitioner) -> None:
    client.force_login(practitioner)
    _confirm_password(client)
    html = client.post(reverse("accounts:tokens"), {"name": ""}).content.decode()
    assert "govuk-error-summary" in html
    assert "Enter a name for the token" in html


def test_sign_out_everywhere_ends_the_session(client, practitioner) -> None:
    client.force_login(practitioner)
    client.get(reverse("core:home"))
    response = client.post(reverse("accounts:sign_out_everywhere"))
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 302
    assert AuditEvent.objects.filter(action="accounts.signed_out_everywhere").exists()
