"""Personal data never stays in a browser's cache or history: every response to a signed-in
request, and every /api/ response, says ``Cache-Control: no-store, private``."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from infoshare.accounts.services import create_api_token
from infoshare.core.middleware import NO_STORE, NoStoreMiddleware
from infoshare.decisions.tests.factories import make_decision, make_person

pytestmark = pytest.mark.django_db


def test_signed_in_pages_are_not_stored(client: Any, practitioner: Any) -> None:
    client.force_login(practitioner)
    for url in (reverse("core:home"), reverse("decisions:my_decisions")):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == NO_STORE, url


def test_a_record_its_pdf_and_the_childs_page_are_not_stored(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    child = make_person(organisation=home_org, given_name="Amara", family_name="Okafor")
    decision = make_decision(author=practitioner, organisation=home_org, people=[child])
    client.force_login(practitioner)
    urls = [
        reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk}),
        reverse("decisions:decision_pdf", kwargs={"decision_id": decision.pk}),
        reverse("decisions:person_detail", kwargs={"person_id": child.pk}),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == NO_STORE, url


def test_redirects_and_errors_for_a_signed_in_person_are_not_stored(
    client: Any, practitioner: Any
) -> None:
    token, _ = create_api_token(actor=practitioner, name="Reporting")
    client.force_login(practitioner)
    moved = client.post(reverse("accounts:revoke_token", kwargs={"token_id": token.pk}))
    assert moved.status_code == 302
    assert moved["Cache-Control"] == NO_STORE
    missing = client.get(reverse("decisions:decision_detail", kwargs={"decision_id": 999999}))
    assert missing.status_code == 404
    assert missing["Cache-Control"] == NO_STORE


def test_api_responses_are_not_stored_with_a_session_a_token_or_neither(
    client: Any, manager: Any
) -> None:
    _, secret = create_api_token(actor=manager, name="Case system")
    with_token = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    refused = client.get("/api/v1/me")
    bad_token = client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer isk_not-a-token")
    client.force_login(manager)
    with_session = client.get("/api/v1/me")

    assert [r.status_code for r in (with_token, refused, bad_token, with_session)] == [
        200,
        401,
        401,
        200,
    ]
    for response in (with_token, refused, bad_token, with_session):
        assert response["Cache-Control"] == NO_STORE


def test_public_pages_for_signed_out_people_may_be_cached(client: Any) -> None:
    response = client.get(reverse("core:accessibility"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_view_that_sets_its_own_cache_control_keeps_it(practitioner: Any) -> None:
    def view(request: Any) -> HttpResponse:
        response = HttpResponse("ok")
        response["Cache-Control"] = "max-age=60, private"
        return response

    request = RequestFactory().get("/somewhere")
    request.user = practitioner
    assert NoStoreMiddleware(view)(request)["Cache-Control"] == "max-age=60, private"

    request = RequestFactory().get("/somewhere")
    request.user = practitioner
    plain = NoStoreMiddleware(lambda r: HttpResponse("ok"))(request)
    assert plain["Cache-Control"] == NO_STORE
