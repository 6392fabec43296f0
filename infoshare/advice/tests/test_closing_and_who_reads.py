"""Closing a request nobody answered, and saying who reads a question.

A review found that an advisor could close a question nobody had answered, and the
teacher who asked was never told; that a school with managers but no information sharing
advisor was described to the asker as its "information sharing advisors"; and that the
confirmation said "When one of them replies" after naming one person. Now someone who
answers closes a request only once it has a reply, the asker is emailed when they do, and
the request's page says who closed it; the form and the confirmation say who reads it."""

from __future__ import annotations

import html as markup
import re
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from infoshare.advice import errors
from infoshare.advice.audit import Action
from infoshare.advice.models import AddressedTo, AdviceRequest, Status
from infoshare.audit.models import AuditEvent
from infoshare.core.roles import Role
from infoshare.partnerships.models import Membership
from infoshare.partnerships.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

NEW = reverse("advice:request_new")
QUESTION = "May I tell the council about the family's move?"
CLOSE_BUTTON = "Close this advice request</button>"


def detail(request_id: int) -> str:
    return reverse("advice:request_detail", kwargs={"request_id": request_id})


def close(request_id: int) -> str:
    return reverse("advice:request_close", kwargs={"request_id": request_id})


def sent(created: AdviceRequest) -> str:
    return reverse("advice:request_sent", kwargs={"request_id": created.pk})


def last_event_id() -> int:
    return max(AuditEvent.objects.values_list("id", flat=True), default=0)


def text(html: str) -> str:
    """The page's words, tags dropped and spaces collapsed."""
    return " ".join(markup.unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def asked(client: Any, practitioner: Any, advisor: Any) -> AdviceRequest:
    """A question from the council's practitioner to their organisation's advisors."""
    client.force_login(practitioner)
    data = {"question": QUESTION, "name_person": "no", "addressed_to": "organisation"}
    assert client.post(NEW, data).status_code == 302
    return AdviceRequest.objects.get()


class TestClosingWithoutAReply:
    @pytest.mark.parametrize("who", ["advisor", "manager"])
    def test_someone_who_answers_is_asked_to_reply_first(
        self, client, asked, advisor, manager, who
    ) -> None:
        client.force_login({"advisor": advisor, "manager": manager}[who])
        html = client.get(detail(asked.pk)).content.decode()
        assert "Reply first: your reply tells them why" in html
        assert CLOSE_BUTTON not in html
        assert f'action="{close(asked.pk)}"' not in html
        assert "Send reply</button>" in html

    def test_closing_it_anyway_is_refused_and_explained(
        self, client, asked, advisor, django_capture_on_commit_callbacks
    ) -> None:
        client.force_login(advisor)
        after = last_event_id()
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(close(asked.pk))
        assert response.status_code == 400
        html = response.content.decode()
        assert "govuk-error-summary" in html
        assert errors.CLOSE_UNANSWERED in html
        asked.refresh_from_db()
        assert asked.status == Status.OPEN
        assert asked.closed_at is None
        assert not AuditEvent.objects.filter(id__gt=after, action=Action.CLOSED).exists()
        assert mail.outbox == []

    def test_the_asker_may_still_close_their_own_unanswered_question_untold(
        self, client, asked, practitioner, django_capture_on_commit_callbacks
    ) -> None:
        client.force_login(practitioner)
        html = client.get(detail(asked.pk)).content.decode()
        assert "I have the advice I need: close this request</button>" in html
        assert "Reply first" not in html
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(close(asked.pk)).status_code == 302
        asked.refresh_from_db()
        assert asked.status == Status.CLOSED
        assert mail.outbox == []
        page = text(client.get(detail(asked.pk)).content.decode())
        assert "This request was closed on" in page
        assert "by you." in page


class TestClosingAfterAReply:
    def test_the_asker_is_emailed_and_the_page_says_who_closed_it(
        self, client, asked, practitioner, advisor, django_capture_on_commit_callbacks
    ) -> None:
        advisor.full_name = "Ada Council"
        advisor.save(update_fields=["full_name"])
        client.force_login(advisor)
        client.post(detail(asked.pk), {"body": "Yes: the council needs it to help."})
        html = client.get(detail(asked.pk)).content.decode()
        assert CLOSE_BUTTON in html
        assert "Reply first" not in html
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(close(asked.pk), follow=True)
        assert "You have closed this advice request" in response.content.decode()
        [email] = mail.outbox
        assert email.to == [practitioner.email]
        assert email.subject == f"Advice request {asked.reference} has been closed"
        assert f"Ada Council has closed your advice request {asked.reference}" in email.body
        assert f"/advice/{asked.pk}/" in email.body
        assert QUESTION not in email.body
        assert "by you." in text(response.content.decode())
        client.force_login(practitioner)
        page = text(client.get(detail(asked.pk)).content.decode())
        assert "This request was closed on" in page
        assert "by Ada Council." in page

    def test_a_manager_who_answered_may_close_it_and_the_asker_is_told(
        self, client, asked, practitioner, manager, django_capture_on_commit_callbacks
    ) -> None:
        client.force_login(manager)
        client.post(detail(asked.pk), {"body": "Share it, and record why."})
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(close(asked.pk)).status_code == 302
        assert [m.to for m in mail.outbox] == [[practitioner.email]]

    def test_an_asker_who_has_left_is_not_emailed(
        self, client, asked, practitioner, advisor, other_org, django_capture_on_commit_callbacks
    ) -> None:
        client.force_login(advisor)
        client.post(detail(asked.pk), {"body": "Yes."})
        Membership.objects.filter(person=practitioner).update(ends_on=timezone.localdate())
        MembershipFactory(person=practitioner, organisation=other_org, role=Role.PRACTITIONER)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(close(asked.pk)).status_code == 302
        assert mail.outbox == []


@pytest.fixture
def riverside(partnership: Any) -> Any:
    return OrganisationFactory(partnership=partnership, name="Riverside Primary School")


@pytest.fixture
def teacher(make_member: Any, riverside: Any) -> Any:
    return make_member(Role.PRACTITIONER, riverside, full_name="Tia Teacher")


@pytest.fixture
def head(make_member: Any, riverside: Any) -> Any:
    """Riverside's manager: it has no information sharing advisor."""
    return make_member(Role.MANAGER, riverside, full_name="Hana Head")


@pytest.fixture
def dan(make_member: Any, other_org: Any) -> Any:
    """An advisor elsewhere in the partnership, whom the teacher may name."""
    return make_member(Role.ADVISOR, other_org, full_name="Dan Reid")


def organisation_option(html: str) -> str:
    """The "my organisation" radio's label and hint."""
    start = html.index('value="organisation"')
    return text(html[start:].split('<div class="govuk-radios__item">')[0])


class TestWhoReadsIt:
    def test_where_managers_answer_the_option_names_them(self, client, teacher, head, dan):
        client.force_login(teacher)
        option = organisation_option(client.get(NEW).content.decode())
        assert "My organisation's managers" in option
        assert "information sharing advisors" not in option
        assert (
            "At Riverside Primary School this goes to its managers: it has no information "
            "sharing advisor." in option
        )

    def test_where_advisors_answer_the_option_is_unchanged(self, client, practitioner, advisor):
        client.force_login(practitioner)
        option = organisation_option(client.get(NEW).content.decode())
        assert "My organisation's information sharing advisors" in option
        assert "managers" not in option

    def test_a_named_advisor_and_the_managers_who_also_see_it(
        self, client, teacher, head, dan, django_capture_on_commit_callbacks
    ) -> None:
        client.force_login(teacher)
        data = {
            "question": QUESTION,
            "name_person": "no",
            "addressed_to": AddressedTo.ADVISOR,
            "advisor": str(dan.pk),
        }
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(NEW, data).status_code == 302
        page = text(client.get(sent(AdviceRequest.objects.get())).content.decode())
        assert (
            "We have emailed Dan Reid. Others who answer advice requests at Riverside Primary "
            "School (its managers) can also see your question. When they reply, we will "
            "email you." in page
        )
        assert "Other information sharing advisors" not in page
        assert "one of them" not in page

    def test_the_named_advisor_is_not_one_of_the_others(
        self, client, practitioner, advisor
    ) -> None:
        # The council's only advisor, named: nobody else there sees it.
        client.force_login(practitioner)
        data = {
            "question": QUESTION,
            "name_person": "no",
            "addressed_to": AddressedTo.ADVISOR,
            "advisor": str(advisor.pk),
        }
        assert client.post(NEW, data).status_code == 302
        page = text(client.get(sent(AdviceRequest.objects.get())).content.decode())
        assert "can also see your question" not in page
        assert "When they reply, we will email you." in page

    def test_several_emailed_are_still_one_of_them(self, client, teacher, head) -> None:
        client.force_login(teacher)
        data = {"question": QUESTION, "name_person": "no", "addressed_to": "organisation"}
        assert client.post(NEW, data).status_code == 302
        page = text(client.get(sent(AdviceRequest.objects.get())).content.decode())
        assert "We have emailed the managers at Riverside Primary School" in page
        assert "When one of them replies, we will email you." in page


def test_requests_closed_before_closed_by_was_kept_take_their_closer_from_the_audit(
    asked: AdviceRequest, practitioner: Any
) -> None:
    """The migration that added ``closed_by`` fills it in from each closed request's
    audit event, as the request's page used to read it there."""
    from importlib import import_module

    from django.apps import apps

    from infoshare.advice import services

    services.close_advice_request(actor=practitioner, request_id=asked.pk)
    AdviceRequest.objects.filter(pk=asked.pk).update(closed_by=None)  # as before 0005
    still_open = AdviceRequest.objects.create(
        organisation=asked.organisation,
        partnership_id=asked.partnership_id,
        asked_by=practitioner,
        question="Still open",
    )
    import_module("infoshare.advice.migrations.0005_closed_by").closers_from_the_audit(apps, None)
    asked.refresh_from_db()
    still_open.refresh_from_db()
    assert asked.closed_by_id == practitioner.pk
    assert still_open.closed_by_id is None
