"""Every view of an advice request that names the person is audited: its page, the lists
that show it, and the API (one event per view; for a list, one per organisation holding
the ids shown). Anonymous requests name nobody and are not audited when read."""

from __future__ import annotations

import json
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from infoshare.accounts.services import create_api_token
from infoshare.advice.audit import Action
from infoshare.advice.models import AddressedTo, AdviceRequest, Status
from infoshare.advice.tests.factories import AdviceReplyFactory, AdviceRequestFactory
from infoshare.advice.tests.helpers import queries_for
from infoshare.audit.models import AuditEvent
from infoshare.core.roles import Role
from infoshare.partnerships.tests.factories import MembershipFactory

NEW = reverse("advice:request_new")
MINE = reverse("advice:my_requests")
QUEUE = reverse("advice:queue")
API = "/api/v1/advice-requests"
PERSON = "Child X, DOB 1 1 2015"
QUESTION = "Mum says X has moved in with an uncle: may I tell the school?"
READS = (Action.VIEWED_REQUEST, Action.LISTED_REQUESTS)


def detail(request_id: int) -> str:
    return reverse("advice:request_detail", kwargs={"request_id": request_id})


def viewed() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=Action.VIEWED_REQUEST).order_by("id"))


def listed() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=Action.LISTED_REQUESTS).order_by("id"))


def reads() -> int:
    return AuditEvent.objects.filter(action__in=READS).count()


def named(**kwargs: Any) -> AdviceRequest:
    values = {"about_person_named": True, "person_description": PERSON, "question": QUESTION}
    return AdviceRequestFactory.create(**(values | kwargs))


def token_client(user: Any) -> Client:
    _, secret = create_api_token(actor=user, name="Reports")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def assert_no_free_text(event: AuditEvent, *people: Any) -> None:
    """The audit data holds ids, the reference and fixed words: never the description of
    the person, the question or anyone's name."""
    text = json.dumps(event.data)
    for secret in (PERSON, "Child X", "2015", QUESTION, "uncle"):
        assert secret not in text
    for person in people:
        assert person.full_name not in text
        assert person.email not in text


class TestTheRequestPage:
    def test_a_named_request_asked_of_the_partnership_is_audited_for_each_reader(
        self, client, practitioner, advisor, manager, other_advisor, home_org
    ) -> None:
        client.force_login(practitioner)
        client.post(
            NEW,
            {
                "question": QUESTION,
                "name_person": "yes",
                "person_description": PERSON,
                "addressed_to": "partnership",
            },
        )
        asked = AdviceRequest.objects.get()
        assert asked.about_person_named
        assert asked.addressed_to == AddressedTo.PARTNERSHIP
        assert viewed() == []  # asking is audited as asked, not as a view
        for reader in (advisor, manager, other_advisor):
            client.force_login(reader)
            page = client.get(detail(asked.pk))
            assert page.status_code == 200
            assert PERSON in page.content.decode()
        events = viewed()
        assert [e.actor_id for e in events] == [advisor.pk, manager.pk, other_advisor.pk]
        for event in events:
            assert event.organisation_id == home_org.pk  # the asking organisation's audit
            assert (event.object_type, event.object_id) == ("advice.AdviceRequest", str(asked.pk))
            assert event.data == {"via": "page", "reference": asked.reference}
            assert_no_free_text(event, practitioner)

    def test_each_showing_is_one_event_and_the_asker_is_audited_too(
        self, client, practitioner, home_org
    ) -> None:
        asked = named(organisation=home_org, asked_by=practitioner)
        client.force_login(practitioner)
        client.get(detail(asked.pk))
        client.get(detail(asked.pk))
        assert [e.actor_id for e in viewed()] == [practitioner.pk, practitioner.pk]

    def test_an_anonymous_request_is_not_audited_when_read(
        self, client, practitioner, advisor, home_org
    ) -> None:
        asked = AdviceRequestFactory.create(organisation=home_org, asked_by=practitioner)
        for reader in (advisor, practitioner):
            client.force_login(reader)
            assert client.get(detail(asked.pk)).status_code == 200
        assert reads() == 0

    def test_the_page_shown_again_with_an_error_is_a_view(self, client, advisor, home_org):
        asked = named(organisation=home_org)
        client.force_login(advisor)
        response = client.post(detail(asked.pk), {"body": ""})
        assert response.status_code == 400
        assert PERSON in response.content.decode()
        assert len(viewed()) == 1

    def test_a_closed_request_shown_with_its_error_is_a_view(self, client, advisor, home_org):
        asked = named(organisation=home_org, status=Status.CLOSED, closed_at=timezone.now())
        client.force_login(advisor)
        assert client.post(detail(asked.pk), {"body": "Yes"}).status_code == 400
        assert len(viewed()) == 1

    def test_a_reply_is_audited_as_a_reply_and_the_page_it_leads_to_as_a_view(
        self, client, advisor, home_org
    ) -> None:
        asked = named(organisation=home_org)
        client.force_login(advisor)
        response = client.post(detail(asked.pk), {"body": "Yes, tell the school."})
        assert response.status_code == 302
        assert viewed() == []
        client.get(response.url)
        assert len(viewed()) == 1

    def test_a_request_the_reader_may_not_see_is_not_found_and_not_audited(
        self, client, other_advisor, home_org
    ) -> None:
        asked = named(organisation=home_org)  # asked of the home organisation only
        client.force_login(other_advisor)
        assert client.get(detail(asked.pk)).status_code == 404
        assert reads() == 0

    def test_the_cost_of_the_page_does_not_grow_with_the_replies(
        self, client, practitioner, advisor, home_org
    ) -> None:
        asked = named(organisation=home_org, asked_by=practitioner)
        AdviceReplyFactory.create(request=asked, author=advisor)
        client.force_login(advisor)
        small = queries_for(client, detail(asked.pk))
        AdviceReplyFactory.create_batch(10, request=asked, author=practitioner)
        large = queries_for(client, detail(asked.pk))
        assert len(small) == len(large)
        assert any('"audit_auditevent"' in sql for sql in large)


class TestTheLists:
    def test_your_requests_audits_the_named_ones_shown_for_each_organisation(
        self, client, practitioner, home_org, other_org
    ) -> None:
        # A practitioner in both organisations (their own requests are those asked where
        # they may still ask: policy.asked_by).
        MembershipFactory(person=practitioner, organisation=other_org, role=Role.PRACTITIONER)
        at_home = named(organisation=home_org, asked_by=practitioner)
        AdviceRequestFactory.create(organisation=home_org, asked_by=practitioner)  # anonymous
        elsewhere = named(organisation=other_org, asked_by=practitioner)
        client.force_login(practitioner)
        assert client.get(MINE).status_code == 200
        events = listed()
        assert [e.organisation_id for e in events] == sorted([home_org.pk, other_org.pk])
        by_org = {e.organisation_id: e.data for e in events}
        assert by_org[home_org.pk] == {
            "via": "page",
            "scope": "mine",
            "page": 1,
            "status": None,
            "requests": [at_home.pk],
        }
        assert by_org[other_org.pk]["requests"] == [elsewhere.pk]
        for event in events:
            assert event.actor_id == practitioner.pk
            assert_no_free_text(event, practitioner)

    def test_your_requests_with_none_named_audits_nothing(
        self, client, practitioner, home_org
    ) -> None:
        AdviceRequestFactory.create_batch(2, organisation=home_org, asked_by=practitioner)
        client.force_login(practitioner)
        client.get(MINE)
        assert reads() == 0

    def test_only_the_requests_on_the_page_are_named(self, client, practitioner, home_org):
        made = [named(organisation=home_org, asked_by=practitioner) for _ in range(26)]
        client.force_login(practitioner)
        client.get(MINE, {"page": "2"})
        [event] = listed()
        assert event.data["page"] == 2
        assert event.data["requests"] == [made[0].pk]  # newest first: the oldest is last

    def test_the_cost_of_your_requests_does_not_grow_with_them(
        self, client, practitioner, advisor, home_org
    ) -> None:
        client.force_login(practitioner)
        AdviceReplyFactory.create(
            request=named(organisation=home_org, asked_by=practitioner), author=advisor
        )
        small = queries_for(client, MINE)
        for _ in range(12):
            AdviceReplyFactory.create(
                request=named(organisation=home_org, asked_by=practitioner), author=advisor
            )
        large = queries_for(client, MINE)
        assert len(small) == len(large)

    def test_the_queue_shows_no_description_and_so_audits_nothing(
        self, client, advisor, home_org
    ) -> None:
        asked = named(organisation=home_org)
        client.force_login(advisor)
        html = client.get(QUEUE).content.decode()
        assert asked.reference in html
        assert "Names the person" in html
        assert "Child X" not in html
        assert "uncle" not in html
        assert reads() == 0


class TestTheApi:
    def test_reading_a_named_request_with_a_token_is_audited(
        self, practitioner, advisor, home_org
    ) -> None:
        asked = named(organisation=home_org, asked_by=practitioner)
        api = token_client(advisor)
        body = api.get(f"{API}/{asked.pk}").json()
        assert body["person_description"] == PERSON
        api.get(f"{API}/{asked.pk}")
        events = viewed()
        assert [e.actor_id for e in events] == [advisor.pk, advisor.pk]
        for event in events:
            assert event.organisation_id == home_org.pk
            assert event.object_id == str(asked.pk)
            assert event.data == {"via": "api", "reference": asked.reference}
            assert_no_free_text(event, practitioner)

    def test_an_anonymous_request_read_through_the_api_is_not_audited(
        self, practitioner, advisor, home_org
    ) -> None:
        asked = AdviceRequestFactory.create(organisation=home_org, asked_by=practitioner)
        api = token_client(advisor)
        assert api.get(f"{API}/{asked.pk}").status_code == 200
        assert api.get(API).json()["count"] == 1
        assert reads() == 0

    def test_a_missing_request_is_not_audited(self, advisor) -> None:
        assert token_client(advisor).get(f"{API}/999").status_code == 404
        assert reads() == 0

    def test_the_list_audits_the_named_requests_shown_for_each_organisation(
        self, client, advisor, home_org, other_org
    ) -> None:
        partnership = {"addressed_to": AddressedTo.PARTNERSHIP}
        at_home = named(organisation=home_org)
        AdviceRequestFactory.create(organisation=home_org)  # anonymous
        elsewhere = named(organisation=other_org, **partnership)
        client.force_login(advisor)
        body = client.get(API, {"status": "open"}).json()
        assert body["count"] == 3
        events = listed()
        by_org = {e.organisation_id: e.data for e in events}
        assert set(by_org) == {home_org.pk, other_org.pk}
        assert by_org[home_org.pk] == {
            "via": "api",
            "scope": "visible",
            "page": 1,
            "status": "open",
            "requests": [at_home.pk],
        }
        assert by_org[other_org.pk]["requests"] == [elsewhere.pk]
        for event in events:
            assert_no_free_text(event)

    def test_the_list_names_only_what_its_page_returned(self, client, advisor, home_org):
        older = named(organisation=home_org)
        newer = named(organisation=home_org)
        client.force_login(advisor)
        body = client.get(API, {"page_size": "1", "page": "2"}).json()
        assert [r["id"] for r in body["results"]] == [older.pk]
        [event] = listed()
        assert event.data["requests"] == [older.pk]
        assert newer.pk not in event.data["requests"]

    def test_the_cost_of_the_list_does_not_grow_with_the_requests(
        self, client, advisor, home_org, other_org
    ) -> None:
        partnership = {"addressed_to": AddressedTo.PARTNERSHIP}
        named(organisation=home_org)
        named(organisation=other_org, **partnership)
        client.force_login(advisor)
        client.get(API)
        with CaptureQueriesContext(connection) as small:
            client.get(API)
        for _ in range(8):
            named(organisation=home_org)
            named(organisation=other_org, **partnership)
        with CaptureQueriesContext(connection) as large:
            assert client.get(API).json()["count"] == 18
        assert len(small) == len(large)
