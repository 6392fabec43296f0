"""A personal API token is read only unless full access is chosen: a read-only token may
read (GET, and the POST operations that change nothing) and gets 403 ``token_read_only``
for everything else. The tokens page asks, read only chosen first, and lists each
token's access; tokens made before the choice existed keep full access."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from infoshare.accounts.models import ApiToken, TokenAccess
from infoshare.accounts.services import create_api_token
from infoshare.api.router import api
from infoshare.audit.models import AuditEvent
from infoshare.core.api import READ_ONLY_OPERATIONS
from infoshare.core.roles import Role
from infoshare.decisions.models import Person
from infoshare.partnerships.tests.factories import TEST_PASSWORD, MembershipFactory

TOKENS = reverse("accounts:tokens")
SAFE = {"get", "head", "options"}
#: The POST operations a read-only token may use, by the path the OpenAPI schema gives.
READING_POSTS = {("post", "/api/v1/people/search"), ("post", "/api/v1/decision-support/evaluate")}


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    """Confirming the password is rate limited (allauth, in the cache), and test people
    share ids from test to test: leave no count behind for the next test."""
    cache.clear()
    yield
    cache.clear()


def _headers(person: Any, access: str) -> dict[str, str]:
    _, secret = create_api_token(actor=person, name="Case system", access=access)
    return {"Authorization": f"Bearer {secret}"}


def _call(client: Client, method: str, path: str, headers: dict[str, str], body: Any) -> Any:
    return getattr(client, method)(
        path, data=json.dumps(body), content_type="application/json", headers=headers
    )


@pytest.fixture
def everyone(make_member: Any, home_org: Any) -> Any:
    """A person with every role, so that no access rule refuses them first."""
    person = make_member(Role.PRACTITIONER, home_org)
    for role in Role:
        if role != Role.PRACTITIONER:
            MembershipFactory(person=person, organisation=home_org, role=role)
    return person


def _unsafe_operations() -> list[tuple[str, str]]:
    paths = api.get_openapi_schema()["paths"]
    return sorted(
        (method, re.sub(r"\{[^}]+\}", "1", path))
        for path, methods in paths.items()
        for method in methods
        if method not in SAFE
    )


# --- the API ----------------------------------------------------------------------------


def test_a_read_only_token_reads(client: Client, practitioner: Any) -> None:
    headers = _headers(practitioner, TokenAccess.READ_ONLY)
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    assert client.get("/api/v1/decisions/", headers=headers).status_code == 200
    search = _call(client, "post", "/api/v1/people/search", headers, {"q": "Riley"})
    assert search.status_code == 200
    evaluate = _call(client, "post", "/api/v1/decision-support/evaluate", headers, {"answers": {}})
    assert evaluate.status_code == 200


def test_a_read_only_token_cannot_add_a_person_and_the_refusal_is_audited(
    client: Client, practitioner: Any
) -> None:
    headers = _headers(practitioner, TokenAccess.READ_ONLY)
    body = {"given_name": "Riley", "family_name": "Evans", "date_of_birth": "2014-02-03"}

    response = _call(client, "post", "/api/v1/people/", headers, body)

    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "token_read_only"
    assert "read only" in error["message"]
    assert "full access" in error["message"]
    assert not Person.objects.exists()
    (event,) = AuditEvent.objects.filter(action="audit.access_refused")
    assert event.actor_id == practitioner.pk
    assert event.data["route"] == "api-1:people_create"
    assert (event.data["method"], event.data["status"]) == ("POST", 403)


def test_a_read_only_token_is_refused_every_operation_that_may_change_something(
    client: Client, everyone: Any
) -> None:
    headers = _headers(everyone, TokenAccess.READ_ONLY)
    operations = _unsafe_operations()
    # Finalise, amend, countersign, add people, sign agreements... all of them.
    assert len(operations) >= 12
    for method, path in operations:
        if (method, path) in READING_POSTS:
            continue
        response = _call(client, method, path, headers, {})
        assert response.status_code == 403, (method, path, response.content)
        assert response.json()["error"]["code"] == "token_read_only", (method, path)


def test_a_full_access_token_is_not_refused_as_read_only(client: Client, everyone: Any) -> None:
    headers = _headers(everyone, TokenAccess.FULL)
    for method, path in _unsafe_operations():
        response = _call(client, method, path, headers, {})
        assert response.status_code < 500, (method, path)
        if response.status_code == 403:
            assert response.json()["error"]["code"] != "token_read_only", (method, path)


def test_a_signed_in_session_is_not_read_only(client: Client, practitioner: Any) -> None:
    client.force_login(practitioner)
    body = {"given_name": "Riley", "family_name": "Evans", "date_of_birth": "2014-02-03"}
    response = _call(client, "post", "/api/v1/people/", {}, body)
    assert response.status_code == 201, response.content


def test_each_operation_named_as_only_reading_is_a_post_of_the_api() -> None:
    paths = api.get_openapi_schema()["paths"]
    named = set()
    for name in READ_ONLY_OPERATIONS:
        path = reverse(name)
        assert "post" in paths[path], name
        named.add(("post", path))
    assert named == READING_POSTS


def test_read_only_tokens_are_documented_in_the_openapi_description() -> None:
    description = api.get_openapi_schema()["info"]["description"]
    assert "`token_read_only`" in description
    assert "POST /api/v1/people/search" in description
    assert "POST /api/v1/decision-support/evaluate" in description


# --- the tokens page ----------------------------------------------------------------------


def _confirmed(client: Client, person: Any) -> None:
    client.force_login(person)
    response = client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    assert response.status_code == 302


def test_the_page_offers_read_only_first_and_says_what_each_choice_allows(
    client: Client, practitioner: Any
) -> None:
    client.force_login(practitioner)
    page = client.get(TOKENS).content.decode()

    assert "What the token can do" in page
    assert re.search(r'value="read_only" checked', page)
    assert not re.search(r'value="full" checked', page)
    assert "It cannot create or change anything" in page
    assert "finalising, amending and countersigning decisions" in page


@pytest.mark.parametrize(
    ("choice", "shown", "read_only"),
    [("read_only", "Read only", True), ("full", "Full access", False)],
)
def test_a_token_is_made_with_the_access_chosen_and_it_is_audited_and_listed(
    client: Client, practitioner: Any, choice: str, shown: str, read_only: bool
) -> None:
    _confirmed(client, practitioner)

    response = client.post(TOKENS, {"name": "Reporting", "expires_in": "30", "access": choice})

    assert response.status_code == 200
    token = ApiToken.objects.get(user=practitioner)
    assert token.access == choice
    assert token.read_only is read_only
    event = AuditEvent.objects.get(action="accounts.token_created")
    assert event.data["access"] == choice
    html = response.content.decode()
    assert "Access</th>" in html
    assert f'<td class="govuk-table__cell">{shown}</td>' in html
    banner = "It is read only" if read_only else "It has full access"
    assert banner in html


def test_an_unknown_access_gets_a_govuk_error(client: Client, practitioner: Any) -> None:
    _confirmed(client, practitioner)
    response = client.post(TOKENS, {"name": "Reporting", "expires_in": "30", "access": "admin"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html
    assert "Select what the token can do" in html
    assert not ApiToken.objects.filter(user=practitioner).exists()


@pytest.mark.parametrize("sent", [{}, {"access": ""}])
def test_a_form_sent_without_a_choice_makes_a_read_only_token(
    client: Client, practitioner: Any, sent: dict[str, str]
) -> None:
    _confirmed(client, practitioner)
    response = client.post(TOKENS, {"name": "Reporting", "expires_in": "30", **sent})
    assert response.status_code == 200
    assert ApiToken.objects.get(user=practitioner).read_only


# --- tokens made before the choice --------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_tokens_made_before_the_choice_keep_full_access(make_member: Any, home_org: Any) -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    person = make_member(Role.PRACTITIONER, home_org)
    before = [("accounts", "0002_api_token_expiry")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_state = executor.loader.project_state(before)
    old_token_model = old_state.apps.get_model("accounts", "ApiToken")
    old_token_model.objects.create(user_id=person.pk, name="Old", prefix="isk_old", digest="d" * 64)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    token = ApiToken.objects.get(name="Old")
    assert token.access == TokenAccess.FULL
    assert not token.read_only
    # A token made now without saying is read only.
    assert ApiToken(user=person, name="New").read_only
