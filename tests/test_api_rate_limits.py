"""The API limits how many requests one person makes (settings.API_RATE_LIMIT, and
API_WRITE_RATE_LIMIT for changes): past a limit it answers 429 ``rate_limited`` with
Retry-After, and the first refusal of each burst is audited. The suite runs with the
limits raised (settings_test); each test here sets them low."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from infoshare.accounts.api_limits import PersonRateThrottle
from infoshare.accounts.services import create_api_token
from infoshare.api.router import api
from infoshare.audit.models import AuditEvent

SEARCH = "/api/v1/people/search"
PEOPLE = "/api/v1/people/"
ME = "/api/v1/me"


@pytest.fixture(autouse=True)
def low_limits(settings: Any) -> Iterator[None]:
    settings.API_RATE_LIMIT = "5/min"
    settings.API_WRITE_RATE_LIMIT = "2/min"
    cache.clear()  # the counts live in the cache, which outlives each test
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch: Any) -> list[float]:
    """The throttle's clock, moved on by the test."""
    now = [1_000_000.0]
    monkeypatch.setattr(PersonRateThrottle, "clock", staticmethod(lambda: now[0]))
    return now


def _bearer(person: Any) -> dict[str, str]:
    _, secret = create_api_token(actor=person, name="Case system")
    return {"Authorization": f"Bearer {secret}"}


def _search(client: Client, headers: dict[str, str]) -> Any:
    return client.post(
        SEARCH, data=json.dumps({"q": "Riley"}), content_type="application/json", headers=headers
    )


def _limited_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="accounts.api_rate_limited").order_by("pk"))


def test_past_the_limit_a_person_gets_429_in_the_error_shape_with_retry_after(
    client: Client, practitioner: Any, clock: list[float]
) -> None:
    token = _bearer(practitioner)
    answers = [_search(client, token).status_code for _ in range(5)]
    assert answers == [200] * 5

    clock[0] += 10
    refused = _search(client, token)

    assert refused.status_code == 429
    error = refused.json()["error"]
    assert error["code"] == "rate_limited"
    assert "Wait 50 seconds" in error["message"]
    # The first of the five leaves the minute's window 50 seconds from now.
    assert refused["Retry-After"] == "50"
    # Every operation is counted, reads and the person's own details alike.
    assert client.get(ME, headers=token).status_code == 429


def test_the_limit_is_per_person_and_counts_every_token_and_the_session_together(
    client: Client, practitioner: Any, manager: Any, clock: list[float]
) -> None:
    first, second = _bearer(practitioner), _bearer(practitioner)
    for _ in range(3):
        assert client.get(ME, headers=first).status_code == 200
    for _ in range(2):
        assert client.get(ME, headers=second).status_code == 200

    assert client.get(ME, headers=first).status_code == 429
    assert client.get(ME, headers=second).status_code == 429
    browser = Client()
    browser.force_login(practitioner)
    assert browser.get(ME).status_code == 429
    # Someone else is not held up by it.
    assert client.get(ME, headers=_bearer(manager)).status_code == 200


def test_requests_are_served_again_once_the_window_has_passed(
    client: Client, practitioner: Any, clock: list[float]
) -> None:
    token = _bearer(practitioner)
    for _ in range(5):
        _search(client, token)
    assert _search(client, token).status_code == 429

    clock[0] += 61

    assert _search(client, token).status_code == 200


def test_changes_have_a_lower_limit_of_their_own(
    client: Client, practitioner: Any, clock: list[float]
) -> None:
    token = _bearer(practitioner)
    # A body the endpoint refuses still counts: the limit is checked before the body is read.
    for _ in range(2):
        answer = client.post(PEOPLE, data="{}", content_type="application/json", headers=token)
        assert answer.status_code == 400

    refused = client.post(PEOPLE, data="{}", content_type="application/json", headers=token)
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    assert int(refused["Retry-After"]) == 60
    # A POST that only reads is not a change: the search is served (within the overall 5).
    assert _search(client, token).status_code == 200


def test_the_first_refusal_of_a_burst_is_audited_once(
    client: Client, practitioner: Any, clock: list[float]
) -> None:
    headers = _bearer(practitioner)
    for _ in range(5):
        _search(client, headers)
    for _ in range(4):
        assert _search(client, headers).status_code == 429

    (event,) = _limited_events()
    assert event.actor_id == practitioner.pk
    assert event.object_id == str(practitioner.pk)
    token = practitioner.api_tokens.get()
    assert event.data == {
        "limit": "5/min",
        "requests": 5,
        "seconds": 60,
        "changes_only": False,
        "route": "api-1:people_search_post",
        "method": "POST",
        "token_id": token.pk,
        "retry_after_seconds": 60,
    }

    # Once the window has passed, a new burst is a new event.
    clock[0] += 61
    for _ in range(5):
        assert _search(client, headers).status_code == 200
    assert _search(client, headers).status_code == 429
    assert len(_limited_events()) == 2


def test_the_write_limit_says_so_in_its_event(
    client: Client, practitioner: Any, clock: list[float]
) -> None:
    token = _bearer(practitioner)
    for _ in range(3):
        client.post(PEOPLE, data="{}", content_type="application/json", headers=token)
    (event,) = _limited_events()
    assert event.data["changes_only"] is True
    assert event.data["limit"] == "2/min"
    assert event.data["route"] == "api-1:people_create"


def test_a_request_that_is_not_signed_in_is_refused_without_counting(
    client: Client, practitioner: Any
) -> None:
    for _ in range(8):
        assert client.get(ME).status_code == 401
    assert client.get(ME, headers=_bearer(practitioner)).status_code == 200


def test_the_limits_are_documented_in_the_openapi_description() -> None:
    schema = api.get_openapi_schema()
    description = schema["info"]["description"]
    assert "429" in description
    assert "`rate_limited`" in description
    assert "Retry-After" in description
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            assert "429" in {str(status) for status in operation["responses"]}, (method, path)
