"""The same page sent twice (a double press, a resent form) asks once and replies once."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from infoshare.advice.models import AdviceReply, AdviceRequest, Status
from infoshare.advice.tests.factories import AdviceRequestFactory
from infoshare.core.roles import Role

NEW = reverse("advice:request_new")


def detail(request_id: int) -> str:
    return reverse("advice:request_detail", kwargs={"request_id": request_id})


def page_key(html: str) -> str:
    found = re.search(r'<input type="hidden" name="page_key" value="([0-9a-f]{32})">', html)
    assert found, "the form carries no page key"
    return found.group(1)


def button(html: str, text: str) -> str:
    found = re.search(rf"<button[^>]*>\s*{text}\s*</button>", html)
    assert found, text
    return found.group(0)


def question(key: str, **overrides: str) -> dict[str, str]:
    data = {
        "question": "Can I tell the GP?",
        "name_person": "no",
        "addressed_to": "organisation",
        "page_key": key,
    }
    data.update(overrides)
    return data


def twice(client: Any, url: str, data: dict[str, str], capture: Any) -> list[Any]:
    with capture(execute=True):
        return [client.post(url, data), client.post(url, data)]


class TestAskingOnce:
    def test_the_button_is_protected_and_each_page_has_its_own_key(
        self, client, practitioner
    ) -> None:
        client.force_login(practitioner)
        first = client.get(NEW).content.decode()
        assert 'data-prevent-double-click="true"' in button(first, "Send your question")
        assert page_key(first) != page_key(client.get(NEW).content.decode())

    def test_the_same_page_sent_twice_asks_once_and_tells_each_advisor_once(
        self,
        client,
        practitioner,
        advisor,
        make_member,
        home_org,
        django_capture_on_commit_callbacks,
    ) -> None:
        second_advisor = make_member(Role.ADVISOR, home_org)
        client.force_login(practitioner)
        key = page_key(client.get(NEW).content.decode())
        responses = twice(client, NEW, question(key), django_capture_on_commit_callbacks)
        created = AdviceRequest.objects.get()
        sent = reverse("advice:request_sent", kwargs={"request_id": created.pk})
        assert [(r.status_code, r.url) for r in responses] == [(302, sent), (302, sent)]
        assert sorted(m.to[0] for m in mail.outbox) == sorted([advisor.email, second_advisor.email])
        assert client.get(sent).status_code == 200

    def test_the_same_page_used_again_for_another_question_asks_it(
        self, client, practitioner, advisor, django_capture_on_commit_callbacks
    ) -> None:
        # Back to the form after sending, another question typed: that one is sent too.
        client.force_login(practitioner)
        key = page_key(client.get(NEW).content.decode())
        with django_capture_on_commit_callbacks(execute=True):
            client.post(NEW, question(key))
            client.post(NEW, question(key, question="And may I tell the school?"))
        assert AdviceRequest.objects.count() == 2
        assert len(mail.outbox) == 2

    def test_without_a_page_key_each_post_asks(self, client, practitioner, advisor) -> None:
        client.force_login(practitioner)
        for key in ("", "not-a-key"):
            assert client.post(NEW, question(key)).status_code == 302
        assert AdviceRequest.objects.count() == 2


class TestReplyingOnce:
    def test_the_same_page_sent_twice_replies_once_and_emails_once(
        self, client, practitioner, advisor, home_org, django_capture_on_commit_callbacks
    ) -> None:
        created = AdviceRequestFactory.create(organisation=home_org, asked_by=practitioner)
        client.force_login(advisor)
        html = client.get(detail(created.pk)).content.decode()
        assert 'data-prevent-double-click="true"' in button(html, "Send reply")
        data = {"body": "Yes, with consent.", "page_key": page_key(html)}
        responses = twice(client, detail(created.pk), data, django_capture_on_commit_callbacks)
        assert [(r.status_code, r.url) for r in responses] == [(302, detail(created.pk))] * 2
        assert AdviceReply.objects.filter(request=created).count() == 1
        assert [m.to for m in mail.outbox] == [[practitioner.email]]
        page = client.get(detail(created.pk)).content.decode()
        assert page.count("Your reply has been sent") == 1

    def test_sent_again_after_the_asker_closed_it_still_leads_to_the_request(
        self, client, practitioner, advisor, home_org
    ) -> None:
        created = AdviceRequestFactory.create(organisation=home_org, asked_by=practitioner)
        client.force_login(advisor)
        data = {
            "body": "Yes.",
            "page_key": page_key(client.get(detail(created.pk)).content.decode()),
        }
        assert client.post(detail(created.pk), data).status_code == 302
        AdviceRequest.objects.filter(pk=created.pk).update(
            status=Status.CLOSED, closed_at=timezone.now()
        )
        response = client.post(detail(created.pk), data)
        assert (response.status_code, response.url) == (302, detail(created.pk))
        assert created.replies.count() == 1

    def test_the_same_page_used_again_for_another_reply_sends_it(
        self, client, practitioner, advisor, home_org
    ) -> None:
        created = AdviceRequestFactory.create(organisation=home_org, asked_by=practitioner)
        client.force_login(advisor)
        key = page_key(client.get(detail(created.pk)).content.decode())
        client.post(detail(created.pk), {"body": "Yes.", "page_key": key})
        client.post(detail(created.pk), {"body": "And tell the family.", "page_key": key})
        assert [reply.body for reply in created.replies.all()] == ["Yes.", "And tell the family."]


class TestSentAgainAfterBack:
    """Back, after sending, fetches the page afresh (no-store) with a new page key while
    the browser keeps what was typed: the same words sent again are the same question or
    reply."""

    def test_the_same_question_from_a_fresh_page_asks_once(
        self, client, practitioner, advisor
    ) -> None:
        client.force_login(practitioner)
        first = client.post(NEW, question(page_key(client.get(NEW).content.decode())))
        again = client.post(NEW, question(page_key(client.get(NEW).content.decode())))
        assert again.url == first.url
        assert AdviceRequest.objects.count() == 1

    def test_the_same_reply_from_a_fresh_page_replies_once(
        self, client, practitioner, advisor, home_org
    ) -> None:
        created = AdviceRequestFactory.create(organisation=home_org, asked_by=practitioner)
        client.force_login(advisor)
        for _ in range(2):
            html = client.get(detail(created.pk)).content.decode()
            client.post(detail(created.pk), {"body": "Yes.", "page_key": page_key(html)})
        assert AdviceReply.objects.filter(request=created).count() == 1


class TestTheSameWordsAreNotAlwaysTheSameMessage:
    """A security assessor's findings: the "sent again" match dropped real replies and sent
    a question to the wrong organisation. Only the same words to the same people, with
    nothing said since, are taken for the same question or reply."""

    def test_the_same_reply_after_a_follow_up_is_a_new_reply_and_the_asker_is_told(
        self,
        client,
        practitioner,
        advisor,
        home_org,
        django_capture_on_commit_callbacks,
    ) -> None:
        created = AdviceRequestFactory.create(organisation=home_org, asked_by=practitioner)
        client.force_login(advisor)
        html = client.get(detail(created.pk)).content.decode()
        client.post(detail(created.pk), {"body": "Yes, share it.", "page_key": page_key(html)})
        client.force_login(practitioner)
        html = client.get(detail(created.pk)).content.decode()
        follow_up = {"body": "Are you sure, even though she refused?", "page_key": page_key(html)}
        client.post(detail(created.pk), follow_up)
        created.refresh_from_db()
        assert created.status == Status.OPEN

        client.force_login(advisor)
        html = client.get(detail(created.pk)).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                detail(created.pk), {"body": "Yes, share it.", "page_key": page_key(html)}
            )
        assert (response.status_code, response.url) == (302, detail(created.pk))
        assert [reply.body for reply in created.replies.order_by("created_at", "id")] == [
            "Yes, share it.",
            "Are you sure, even though she refused?",
            "Yes, share it.",
        ]
        created.refresh_from_db()
        assert created.status == Status.ANSWERED
        assert [m.to for m in mail.outbox] == [[practitioner.email]]
        assert "Your reply has been sent" in client.get(detail(created.pk)).content.decode()

    def test_the_same_question_for_another_organisation_is_asked_there(
        self,
        client,
        practitioner,
        advisor,
        other_org,
        make_member,
        home_org,
        django_capture_on_commit_callbacks,
    ) -> None:
        from infoshare.partnerships.tests.factories import MembershipFactory

        school_advisor = make_member(Role.ADVISOR, other_org)
        MembershipFactory(person=practitioner, organisation=other_org, role=Role.PRACTITIONER)
        client.force_login(practitioner)
        asked = []
        with django_capture_on_commit_callbacks(execute=True):
            for organisation in (home_org, other_org):
                key = page_key(client.get(NEW).content.decode())
                response = client.post(NEW, question(key, organisation=str(organisation.pk)))
                assert response.status_code == 302
                asked.append(response.url)
        first, second = AdviceRequest.objects.order_by("id")
        assert (first.organisation, second.organisation) == (home_org, other_org)
        assert asked == [
            reverse("advice:request_sent", kwargs={"request_id": item.pk})
            for item in (first, second)
        ]
        assert sorted(m.to[0] for m in mail.outbox) == sorted([advisor.email, school_advisor.email])
        client.force_login(school_advisor)
        assert client.get(detail(second.pk)).status_code == 200

    def test_the_same_question_to_other_people_is_asked_of_them(
        self, client, practitioner, advisor
    ) -> None:
        client.force_login(practitioner)
        for addressed_to in ("organisation", "partnership"):
            key = page_key(client.get(NEW).content.decode())
            client.post(NEW, question(key, addressed_to=addressed_to))
        assert sorted(AdviceRequest.objects.values_list("addressed_to", flat=True)) == [
            "organisation",
            "partnership",
        ]

    def test_the_same_question_once_the_first_was_answered_is_asked_again(
        self, client, practitioner, advisor
    ) -> None:
        client.force_login(practitioner)
        first = client.post(NEW, question(page_key(client.get(NEW).content.decode())))
        created = AdviceRequest.objects.get()
        client.force_login(advisor)
        html = client.get(detail(created.pk)).content.decode()
        client.post(detail(created.pk), {"body": "It depends.", "page_key": page_key(html)})
        client.force_login(practitioner)
        again = client.post(NEW, question(page_key(client.get(NEW).content.decode())))
        assert again.url != first.url
        assert AdviceRequest.objects.count() == 2
