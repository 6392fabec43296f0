from __future__ import annotations

import json
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from infoshare.advice import errors
from infoshare.advice.models import AdviceRequest, Status
from infoshare.advice.tests.factories import AdviceRequestFactory

BASE = "/api/v1/advice-requests"


def _post(client: Any, url: str, body: object) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_a_practitioner_asks_through_the_api(
    client, practitioner, advisor, django_capture_on_commit_callbacks
) -> None:
    client.force_login(practitioner)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, BASE, {"question": "May I share?", "urgent": True})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "open"
    assert body["about_person_named"] is False
    assert body["context_decision_id"] is None
    assert body["replies"] == []
    assert AdviceRequest.objects.get().urgent is True
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"question": ""}, "question"),
        ({"question": "x" * 5001}, "question"),
        ({"question": "x" * 1_000_000}, "question"),
        ({"question": "Q", "addressed_to": "everyone"}, "addressed_to"),
        ({"question": "Q", "about_person_named": True}, "person_description"),
        ({"question": "Q", "context_decision_id": 0}, "context_decision_id"),
        ({"question": "Q", "surprise": 1}, "surprise"),
        ({}, "question"),
    ],
)
def test_bad_requests_name_the_field_and_save_nothing(client, practitioner, payload, field):
    client.force_login(practitioner)
    response = _post(client, BASE, payload)
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not AdviceRequest.objects.exists()


def test_a_decision_the_asker_may_not_see_is_404_and_nothing_is_saved(client, practitioner) -> None:
    # Someone else's decision: decisions/tests/test_advice_context.py.
    client.force_login(practitioner)
    response = _post(client, BASE, {"question": "May I share?", "context_decision_id": 5})
    assert response.status_code == 404
    error = response.json()["error"]
    assert (error["code"], error["message"]) == ("not_found", errors.DECISION_NOT_FOUND)
    assert not AdviceRequest.objects.exists()


def test_a_reply_to_a_closed_request_says_why_from_the_readers_side(
    client, practitioner, advisor, home_org
) -> None:
    created = AdviceRequestFactory.create(
        organisation=home_org, asked_by=practitioner, status=Status.CLOSED, closed_at=timezone.now()
    )
    client.force_login(advisor)
    response = _post(client, f"{BASE}/{created.pk}/replies", {"body": "Late"})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == errors.REPLY_CLOSED


def test_an_empty_question_gets_the_readable_message(client, practitioner) -> None:
    client.force_login(practitioner)
    response = _post(client, BASE, {"question": "   "})
    assert response.json()["error"]["fields"] == {"question": errors.QUESTION_MISSING}


def test_the_list_holds_only_what_the_person_may_see(
    client, practitioner, advisor, other_advisor, home_org
) -> None:
    mine = AdviceRequestFactory.create(organisation=home_org, asked_by=practitioner)
    AdviceRequestFactory.create(organisation=home_org)
    client.force_login(practitioner)
    body = client.get(BASE).json()
    assert body["count"] == 1
    assert [item["id"] for item in body["results"]] == [mine.pk]
    client.force_login(advisor)
    assert client.get(BASE).json()["count"] == 2
    assert client.get(BASE, {"status": "closed"}).json()["count"] == 0
    assert client.get(BASE, {"status": "nonsense"}).status_code == 400
    client.force_login(other_advisor)
    assert client.get(BASE).json()["count"] == 0


def test_an_advisor_reads_and_replies(client, practitioner, advisor, home_org) -> None:
    created = AdviceRequestFactory.create(organisation=home_org, asked_by=practitioner)
    client.force_login(advisor)
    response = _post(client, f"{BASE}/{created.pk}/replies", {"body": "Yes."})
    assert response.status_code == 201
    assert response.json()["by_advisor"] is True
    detail = client.get(f"{BASE}/{created.pk}").json()
    assert detail["status"] == Status.ANSWERED
    assert detail["first_response_at"] is not None
    assert [reply["body"] for reply in detail["replies"]] == ["Yes."]


def test_the_decision_asked_from_is_returned_to_the_asker_only(
    client, practitioner, advisor, home_org
) -> None:
    # To whoever answers, the decision (which names the person) would undo the anonymity.
    created = AdviceRequestFactory.create(
        organisation=home_org, asked_by=practitioner, context_decision_id=7
    )
    for person, shown in ((practitioner, 7), (advisor, None)):
        client.force_login(person)
        assert client.get(f"{BASE}/{created.pk}").json()["context_decision_id"] == shown
        [listed] = client.get(BASE).json()["results"]
        assert listed["context_decision_id"] == shown


def test_an_empty_reply_is_a_400(client, advisor, home_org) -> None:
    created = AdviceRequestFactory.create(organisation=home_org)
    client.force_login(advisor)
    response = _post(client, f"{BASE}/{created.pk}/replies", {"body": ""})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"body": errors.REPLY_MISSING}


def test_someone_elses_or_a_missing_request_is_404(client, other_advisor, home_org) -> None:
    created = AdviceRequestFactory.create(organisation=home_org)
    client.force_login(other_advisor)
    for request_id in (created.pk, 999_999):
        assert client.get(f"{BASE}/{request_id}").status_code == 404
        response = _post(client, f"{BASE}/{request_id}/replies", {"body": "Hi"})
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    assert not created.replies.exists()


def test_people_without_an_asking_role_are_refused(client, org_admin, auditor) -> None:
    for person in (org_admin, auditor):
        client.force_login(person)
        assert client.get(BASE).status_code == 403


def test_signed_out_callers_get_401(client, db) -> None:
    assert client.get(BASE).status_code == 401


def test_an_absurd_id_is_404_not_a_server_error(client, advisor) -> None:
    client.force_login(advisor)
    assert client.get(f"{BASE}/{'9' * 30}").status_code in (400, 404)
    assert _post(client, f"{BASE}/{'9' * 30}/replies", {"body": "x"}).status_code in (400, 404)


def test_the_list_costs_the_same_queries_at_two_sizes(client, advisor, home_org) -> None:
    client.force_login(advisor)
    AdviceRequestFactory.create(organisation=home_org)
    client.get(BASE)
    with CaptureQueriesContext(connection) as small:
        client.get(BASE)
    AdviceRequestFactory.create_batch(15, organisation=home_org)
    with CaptureQueriesContext(connection) as large:
        body = client.get(BASE).json()
    assert body["count"] == 16
    assert len(small) == len(large)


def test_page_size_is_capped(client, advisor, home_org) -> None:
    AdviceRequestFactory.create_batch(3, organisation=home_org)
    client.force_login(advisor)
    body = client.get(BASE, {"page_size": "1000000", "page": "-5"}).json()
    assert body["page_size"] == 100
    assert body["page"] == 1
    assert len(body["results"]) == 3


def test_the_api_names_its_own_field_when_the_organisation_is_not_theirs(
    client, practitioner, other_org
) -> None:
    client.force_login(practitioner)
    response = _post(client, BASE, {"question": "May I share?", "organisation_id": other_org.pk})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"organisation_id": errors.ORGANISATION_NOT_YOURS}
    assert not AdviceRequest.objects.exists()


def test_a_page_beyond_the_last_says_which_page_it_served(client, practitioner) -> None:
    client.force_login(practitioner)
    body = client.get(BASE, {"page": 10**20}).json()
    assert body["page"] == 100_000
    assert body["results"] == []
