"""Someone who has left the organisation they asked from no longer reads, follows up,
closes or hears about that request (policy.asked_by; as decisions' ``authored_by``)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from infoshare.advice.models import AddressedTo, AdviceRequest, Status
from infoshare.core.roles import Role
from infoshare.partnerships.models import Membership
from infoshare.partnerships.tests.factories import MembershipFactory

API = "/api/v1/advice-requests"
MINE = reverse("advice:my_requests")
HOME = reverse("core:home")
DESCRIPTION = "Year 4 girl at Hillside, moved house in March"


def _post(client: Any, url: str, body: object) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def _detail(request_id: int) -> str:
    return reverse("advice:request_detail", kwargs={"request_id": request_id})


def _move(person: Any, *, to: Any, role: str = Role.PRACTITIONER) -> None:
    """The person starts in ``to`` and their other memberships end today."""
    Membership.objects.filter(person=person).update(ends_on=timezone.localdate())
    MembershipFactory(person=person, organisation=to, role=role)


@pytest.fixture
def asked(client: Any, practitioner: Any, advisor: Any, django_capture_on_commit_callbacks) -> Any:
    """ADV-...: asked through the API by the home council's practitioner about a named
    child, and answered by the council's advisor."""
    client.force_login(practitioner)
    body = {
        "question": "May I tell the school nurse about the move?",
        "about_person_named": True,
        "person_description": DESCRIPTION,
    }
    created = _post(client, API, body)
    assert created.status_code == 201, created.content
    request_id = created.json()["id"]
    client.force_login(advisor)
    with django_capture_on_commit_callbacks(execute=True):
        answered = _post(client, f"{API}/{request_id}/replies", {"body": "Yes, tell the nurse."})
    assert answered.status_code == 201, answered.content
    return AdviceRequest.objects.get(pk=request_id)


class TestAskerWhoHasLeft:
    @pytest.fixture(autouse=True)
    def _moved(self, asked: Any, practitioner: Any, other_org: Any, client: Any) -> None:
        _move(practitioner, to=other_org)
        client.force_login(practitioner)

    def test_the_api_no_longer_shows_the_request(self, client, asked) -> None:
        response = client.get(f"{API}/{asked.pk}")
        assert response.status_code == 404
        assert DESCRIPTION not in response.content.decode()
        listed = client.get(API)
        assert listed.status_code == 200
        assert listed.json()["count"] == 0
        assert listed.json()["results"] == []

    def test_the_api_refuses_a_follow_up(self, client, asked) -> None:
        response = _post(client, f"{API}/{asked.pk}/replies", {"body": "Thanks, and the GP?"})
        assert response.status_code == 404
        assert asked.replies.count() == 1
        asked.refresh_from_db()
        assert asked.status == Status.ANSWERED

    def test_the_pages_no_longer_show_it(self, client, asked) -> None:
        assert client.get(_detail(asked.pk)).status_code == 404
        sent = reverse("advice:request_sent", kwargs={"request_id": asked.pk})
        assert client.get(sent).status_code == 404
        mine = client.get(MINE)
        assert mine.status_code == 200
        html = mine.content.decode()
        assert asked.reference not in html
        assert DESCRIPTION not in html
        assert asked.reference not in client.get(HOME).content.decode()

    def test_the_pages_refuse_a_follow_up_and_closing(self, client, asked) -> None:
        response = client.post(_detail(asked.pk), {"body": "Thanks, and the GP?"})
        assert response.status_code == 404
        close = reverse("advice:request_close", kwargs={"request_id": asked.pk})
        assert client.post(close).status_code == 404
        asked.refresh_from_db()
        assert asked.status == Status.ANSWERED
        assert asked.replies.count() == 1

    def test_no_reply_email_reaches_them(
        self, client, asked, advisor, practitioner, django_capture_on_commit_callbacks
    ) -> None:
        mail.outbox.clear()
        client.force_login(advisor)
        with django_capture_on_commit_callbacks(execute=True):
            response = _post(client, f"{API}/{asked.pk}/replies", {"body": "And the GP too."})
        assert response.status_code == 201
        assert [m.to for m in mail.outbox if practitioner.email in m.to] == []


def test_a_role_that_may_not_ask_in_the_same_organisation_ends_it_too(
    client, asked, practitioner, home_org, other_org
) -> None:
    """Still in the council, but only as its organisation administrator (and a
    practitioner at the school)."""
    _move(practitioner, to=other_org)
    MembershipFactory(person=practitioner, organisation=home_org, role=Role.ORG_ADMIN)
    client.force_login(practitioner)
    assert client.get(f"{API}/{asked.pk}").status_code == 404
    assert client.get(_detail(asked.pk)).status_code == 404
    assert asked.reference not in client.get(MINE).content.decode()


def test_someone_still_in_the_organisation_keeps_their_request(
    client, asked, practitioner, other_org, django_capture_on_commit_callbacks, advisor
) -> None:
    """Joining a second organisation changes nothing while the first role goes on."""
    MembershipFactory(person=practitioner, organisation=other_org, role=Role.PRACTITIONER)
    client.force_login(practitioner)
    response = client.get(f"{API}/{asked.pk}")
    assert response.status_code == 200
    assert response.json()["person_description"] == DESCRIPTION
    assert asked.reference in client.get(MINE).content.decode()
    page = client.get(_detail(asked.pk)).content.decode()
    assert "close this request" in page
    follow_up = _post(client, f"{API}/{asked.pk}/replies", {"body": "Thanks, and the GP?"})
    assert follow_up.status_code == 201
    mail.outbox.clear()
    client.force_login(advisor)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, f"{API}/{asked.pk}/replies", {"body": "The GP too."})
    assert [practitioner.email] in [m.to for m in mail.outbox]


def test_a_leaver_who_now_advises_the_partnership_answers_but_is_not_the_asker(
    client, practitioner, other_org, home_org
) -> None:
    """Asked of the partnership, then moved to advise for the school: they see it as one
    of its advisors (a partnership-wide question), but not as its asker: no closing, no
    link to the decision it was asked from, and never answering their own question."""
    request = AdviceRequest.objects.create(
        organisation=home_org,
        partnership_id=home_org.partnership_id,
        asked_by=practitioner,
        addressed_to=AddressedTo.PARTNERSHIP,
        question="May I share with the school?",
        context_decision_id=7,
        status=Status.ANSWERED,
        first_response_at=timezone.now(),
    )
    _move(practitioner, to=other_org, role=Role.ADVISOR)
    client.force_login(practitioner)
    response = client.get(f"{API}/{request.pk}")
    assert response.status_code == 200
    assert response.json()["context_decision_id"] is None
    close = reverse("advice:request_close", kwargs={"request_id": request.pk})
    refused = client.post(close)
    assert refused.status_code == 400
    assert (
        "Only the person who asked, or someone who answers it, can close this advice request"
        in refused.content.decode()
    )
    assert "close this request</button>" not in client.get(_detail(request.pk)).content.decode()
    reply = _post(client, f"{API}/{request.pk}/replies", {"body": "Following up"})
    assert reply.status_code == 400
    assert reply.json()["error"]["code"] == "advice_not_allowed"
    request.refresh_from_db()
    assert request.status == Status.ANSWERED
    assert request.closed_at is None


def test_an_advisor_who_has_left_is_not_told_of_the_askers_follow_up(
    client,
    asked,
    advisor,
    practitioner,
    other_org,
    make_member,
    home_org,
    django_capture_on_commit_callbacks,
) -> None:
    """The advisor who answered moves to the school; the asker's follow-up goes to the
    council's advisors who answer it now, not to them."""
    _move(advisor, to=other_org, role=Role.ADVISOR)
    successor = make_member(Role.ADVISOR, home_org)
    mail.outbox.clear()
    client.force_login(practitioner)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, f"{API}/{asked.pk}/replies", {"body": "And the GP?"})
    assert response.status_code == 201
    told = [address for message in mail.outbox for address in message.to]
    assert advisor.email not in told
    assert successor.email in told
