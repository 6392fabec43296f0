"""The advice API honours ``Idempotency-Key`` as the decisions API does: a retry (the same
key from the same person, with the same request) returns what the first request made (200)
and nobody is emailed twice; the same key with a different request is refused (409)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from infoshare.advice import errors
from infoshare.advice.audit import Action
from infoshare.advice.models import AdviceReply, AdviceRequest, Status
from infoshare.advice.tests.factories import AdviceRequestFactory
from infoshare.audit.models import AuditEvent

BASE = "/api/v1/advice-requests"
QUESTION = {"question": "May I tell the school nurse about the GP referral?"}


def _post(client: Any, url: str, body: object, key: str | None = None) -> Any:
    headers = {} if key is None else {"Idempotency-Key": key}
    return client.post(url, data=json.dumps(body), content_type="application/json", headers=headers)


def _replies(request_id: int) -> str:
    return f"{BASE}/{request_id}/replies"


@pytest.fixture
def asked(home_org: Any, practitioner: Any) -> AdviceRequest:
    return AdviceRequestFactory.create(organisation=home_org, asked_by=practitioner)


class TestAskingOnce:
    def test_a_retry_returns_the_request_and_emails_nobody_again(
        self, client: Any, practitioner: Any, advisor: Any, django_capture_on_commit_callbacks
    ) -> None:
        client.force_login(practitioner)
        with django_capture_on_commit_callbacks(execute=True):
            first = _post(client, BASE, QUESTION, key="retry-1")
            again = _post(client, BASE, QUESTION, key="retry-1")
        assert (first.status_code, again.status_code) == (201, 200), again.content
        assert again.json()["id"] == first.json()["id"]
        assert again.json()["question"] == QUESTION["question"]
        assert AdviceRequest.objects.count() == 1
        assert len(mail.outbox) == 1

    def test_a_retry_returns_the_request_as_it_is_now(
        self, client: Any, practitioner: Any, advisor: Any
    ) -> None:
        client.force_login(practitioner)
        first = _post(client, BASE, QUESTION, key="retry-1").json()
        client.force_login(advisor)
        assert _post(client, _replies(first["id"]), {"body": "Yes"}).status_code == 201
        client.force_login(practitioner)
        again = _post(client, BASE, QUESTION, key="retry-1")
        assert again.status_code == 200
        assert [reply["body"] for reply in again.json()["replies"]] == ["Yes"]
        assert again.json()["status"] == Status.ANSWERED

    def test_a_retry_of_a_question_naming_the_person_is_audited_as_read(
        self, client: Any, practitioner: Any, advisor: Any
    ) -> None:
        named = QUESTION | {"about_person_named": True, "person_description": "J, 14"}
        client.force_login(practitioner)
        first = _post(client, BASE, named, key="named-1").json()
        assert not AuditEvent.objects.filter(action=Action.VIEWED_REQUEST).exists()
        assert _post(client, BASE, named, key="named-1").status_code == 200
        viewed = AuditEvent.objects.get(action=Action.VIEWED_REQUEST)
        assert viewed.object_id == str(first["id"])

    @pytest.mark.parametrize(
        "changed",
        [
            {"question": "Another question"},
            {"urgent": True},
            {"addressed_to": "partnership"},
            {"about_person_named": True, "person_description": "J, 14"},
        ],
    )
    def test_the_same_key_with_another_question_is_refused(
        self, client: Any, practitioner: Any, advisor: Any, changed: dict[str, Any]
    ) -> None:
        client.force_login(practitioner)
        assert _post(client, BASE, QUESTION, key="retry-1").status_code == 201
        response = _post(client, BASE, QUESTION | changed, key="retry-1")
        assert response.status_code == 409
        error = response.json()["error"]
        assert (error["code"], error["message"]) == ("idempotency_key_reused", errors.KEY_REUSED)
        assert AdviceRequest.objects.count() == 1

    def test_without_a_key_or_with_another_each_call_asks(
        self, client: Any, practitioner: Any, advisor: Any
    ) -> None:
        client.force_login(practitioner)
        assert _post(client, BASE, QUESTION).status_code == 201
        assert _post(client, BASE, QUESTION).status_code == 201
        assert _post(client, BASE, QUESTION, key="a").status_code == 201
        assert _post(client, BASE, QUESTION, key="b").status_code == 201
        assert AdviceRequest.objects.count() == 4

    def test_a_key_is_the_persons_own(
        self, client: Any, practitioner: Any, advisor: Any, make_member: Any, home_org: Any
    ) -> None:
        colleague = make_member("practitioner", home_org)
        client.force_login(practitioner)
        assert _post(client, BASE, QUESTION, key="shared").status_code == 201
        client.force_login(colleague)
        assert _post(client, BASE, QUESTION, key="shared").status_code == 201
        assert AdviceRequest.objects.count() == 2

    def test_a_key_that_cannot_be_one_is_a_400_naming_the_header(
        self, client: Any, practitioner: Any, advisor: Any
    ) -> None:
        client.force_login(practitioner)
        response = _post(client, BASE, QUESTION, key="has a space")
        assert response.status_code == 400
        assert "Idempotency-Key" in response.json()["error"]["fields"]
        assert not AdviceRequest.objects.exists()


class TestReplyingOnce:
    def test_a_retry_returns_the_reply_and_emails_nobody_again(
        self, client: Any, advisor: Any, asked: AdviceRequest, django_capture_on_commit_callbacks
    ) -> None:
        client.force_login(advisor)
        body = {"body": "Yes, share the referral only."}
        with django_capture_on_commit_callbacks(execute=True):
            first = _post(client, _replies(asked.pk), body, key="reply-1")
            again = _post(client, _replies(asked.pk), body, key="reply-1")
        assert (first.status_code, again.status_code) == (201, 200), again.content
        assert again.json()["id"] == first.json()["id"]
        assert AdviceReply.objects.count() == 1
        assert len(mail.outbox) == 1

    def test_a_retry_after_the_request_was_closed_returns_the_reply(
        self, client: Any, advisor: Any, asked: AdviceRequest
    ) -> None:
        client.force_login(advisor)
        first = _post(client, _replies(asked.pk), {"body": "Yes"}, key="reply-1")
        AdviceRequest.objects.filter(pk=asked.pk).update(
            status=Status.CLOSED, closed_at=timezone.now()
        )
        again = _post(client, _replies(asked.pk), {"body": "Yes"}, key="reply-1")
        assert again.status_code == 200
        assert again.json()["id"] == first.json()["id"]

    def test_the_same_key_with_another_reply_or_to_another_request_is_refused(
        self, client: Any, advisor: Any, practitioner: Any, home_org: Any, asked: AdviceRequest
    ) -> None:
        other = AdviceRequestFactory.create(organisation=home_org, asked_by=practitioner)
        client.force_login(advisor)
        assert _post(client, _replies(asked.pk), {"body": "Yes"}, key="reply-1").status_code == 201
        for url, body in ((_replies(asked.pk), "No"), (_replies(other.pk), "Yes")):
            response = _post(client, url, {"body": body}, key="reply-1")
            assert response.status_code == 409
            assert response.json()["error"]["code"] == "idempotency_key_reused"
        assert AdviceReply.objects.count() == 1

    def test_without_a_key_each_call_replies(
        self, client: Any, advisor: Any, asked: AdviceRequest
    ) -> None:
        client.force_login(advisor)
        assert _post(client, _replies(asked.pk), {"body": "Yes"}).status_code == 201
        assert _post(client, _replies(asked.pk), {"body": "Yes"}).status_code == 201
        assert AdviceReply.objects.count() == 2
