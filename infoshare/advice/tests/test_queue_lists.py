"""What those who answer see after answering: beside the queue ("Waiting for a reply"),
the "Answered" and "Closed" lists (plain links with aria-current, no JavaScript), in the
queue's own scope, newest first, paginated, with the time to first response; that time on
the request's page; and closing a request they answer."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from infoshare.advice import errors
from infoshare.advice.audit import Action
from infoshare.advice.models import AddressedTo, AdviceRequest, Status
from infoshare.advice.tests.factories import AdviceRequestFactory
from infoshare.advice.tests.helpers import advice_queries, queries_for
from infoshare.audit.models import AuditEvent
from infoshare.core.roles import Role
from infoshare.partnerships.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("advice:queue")
ANSWERED = reverse("advice:queue_answered")
CLOSED = reverse("advice:queue_closed")
LISTS = {Status.OPEN: QUEUE, Status.ANSWERED: ANSWERED, Status.CLOSED: CLOSED}


def detail(request_id: int) -> str:
    return reverse("advice:request_detail", kwargs={"request_id": request_id})


def close(request_id: int) -> str:
    return reverse("advice:request_close", kwargs={"request_id": request_id})


def title(html: str) -> str:
    found = re.search(r"<title>(.*?)\s+\S\s+Infoshare</title>", html, re.S)
    assert found
    return found.group(1).strip()


def rows(html: str) -> list[str]:
    """The table's body rows, in order."""
    body = html.split('<tbody class="govuk-table__body">')
    if len(body) < 2:
        return []
    return re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', body[1], re.S)


def references(html: str) -> list[str]:
    return [re.findall(r"ADV-\d{6}", row)[0] for row in rows(html)]


def answered(minutes: int = 120, **kwargs: Any) -> AdviceRequest:
    """A request answered ``minutes`` after it was asked (a day ago unless told)."""
    asked = kwargs.pop("created_at", timezone.now() - dt.timedelta(days=1))
    values = {
        "status": Status.ANSWERED,
        "created_at": asked,
        "first_response_at": asked + dt.timedelta(minutes=minutes),
    }
    return AdviceRequestFactory.create(**(values | kwargs))


def closed(**kwargs: Any) -> AdviceRequest:
    values = {"status": Status.CLOSED, "closed_at": timezone.now()}
    return AdviceRequestFactory.create(**(values | kwargs))


def reads() -> int:
    kinds = (Action.VIEWED_REQUEST, Action.LISTED_REQUESTS)
    return AuditEvent.objects.filter(action__in=kinds).count()


class TestTheTabs:
    @pytest.mark.parametrize(
        ("status", "current", "heading"),
        [
            (Status.OPEN, "Waiting for a reply", "Advice requests waiting"),
            (Status.ANSWERED, "Answered", "Answered advice requests"),
            (Status.CLOSED, "Closed", "Closed advice requests"),
        ],
    )
    def test_each_list_links_to_the_others_and_marks_itself_current(
        self, client, advisor, status, current, heading
    ) -> None:
        client.force_login(advisor)
        html = client.get(LISTS[status]).content.decode()
        nav = html[
            html.index('<nav class="app-no-print" aria-label="Advice requests you answer">') :
        ]
        nav = nav[: nav.index("</nav>")]
        links = re.findall(r'<a class="govuk-link" href="([^"]+)"( aria-current="page")?>', nav)
        assert [href for href, _ in links] == [QUEUE, ANSWERED, CLOSED]
        assert [href for href, mark in links if mark] == [LISTS[status]]
        assert f'aria-current="page"><strong>{current}</strong></a>' in nav
        assert title(html) == heading
        assert f'<h1 class="govuk-heading-l">{heading}</h1>' in html

    @pytest.mark.parametrize("url", [ANSWERED, CLOSED])
    def test_practitioners_cannot_open_them(self, client, practitioner, url) -> None:
        client.force_login(practitioner)
        assert client.get(url).status_code == 403

    def test_a_manager_sees_what_was_answered_in_their_organisation(
        self, client, manager, home_org
    ) -> None:
        done = answered(organisation=home_org)
        client.force_login(manager)
        assert references(client.get(ANSWERED).content.decode()) == [done.reference]


class TestTheScope:
    def test_the_lists_hold_exactly_what_the_queue_would(
        self, client, advisor, other_advisor, practitioner, home_org, other_org, stranger
    ) -> None:
        partnership = {"addressed_to": AddressedTo.PARTNERSHIP}
        made = [
            AdviceRequestFactory.create(organisation=home_org, asked_by=practitioner),
            AdviceRequestFactory.create(organisation=home_org, **partnership),
            AdviceRequestFactory.create(organisation=other_org),  # not ours
            AdviceRequestFactory.create(organisation=other_org, **partnership),
            # Named: the advisor named sees it, and so do the asker's organisation's advisors.
            AdviceRequestFactory.create(
                organisation=other_org, addressed_to=AddressedTo.ADVISOR, advisor=advisor
            ),
            AdviceRequestFactory.create(
                organisation=other_org, addressed_to=AddressedTo.ADVISOR, advisor=other_advisor
            ),
            AdviceRequestFactory.create(
                organisation=home_org, addressed_to=AddressedTo.ADVISOR, advisor=other_advisor
            ),
            AdviceRequestFactory.create(organisation=home_org, asked_by=advisor),  # their own
            AdviceRequestFactory.create(
                organisation=OrganisationFactory(partnership=stranger), **partnership
            ),
        ]
        client.force_login(advisor)
        in_queue = set(references(client.get(QUEUE).content.decode()))
        assert in_queue == {made[i].reference for i in (0, 1, 3, 4, 6)}
        for status, url in ((Status.ANSWERED, ANSWERED), (Status.CLOSED, CLOSED)):
            AdviceRequest.objects.update(status=status, closed_at=timezone.now())
            assert set(references(client.get(url).content.decode())) == in_queue
            assert references(client.get(QUEUE).content.decode()) == []

    def test_each_list_holds_its_own_status_only(self, client, advisor, home_org) -> None:
        waiting = AdviceRequestFactory.create(organisation=home_org)
        done = answered(organisation=home_org)
        ended = closed(organisation=home_org)
        client.force_login(advisor)
        assert references(client.get(QUEUE).content.decode()) == [waiting.reference]
        assert references(client.get(ANSWERED).content.decode()) == [done.reference]
        assert references(client.get(CLOSED).content.decode()) == [ended.reference]

    def test_an_empty_list_says_so(self, client, advisor) -> None:
        client.force_login(advisor)
        assert "No advice requests have been answered yet." in client.get(ANSWERED).content.decode()
        assert "No advice requests have been closed yet." in client.get(CLOSED).content.decode()


class TestTheRows:
    def test_newest_first_with_when_who_how_long_and_status(
        self, client, advisor, home_org, make_member
    ) -> None:
        asker = make_member(Role.PRACTITIONER, home_org, full_name="Sam Taylor")
        now = timezone.now()
        older = answered(
            organisation=home_org, asked_by=asker, created_at=now - dt.timedelta(days=3)
        )
        newer = answered(
            minutes=5, organisation=home_org, asked_by=asker, created_at=now - dt.timedelta(days=1)
        )
        client.force_login(advisor)
        html = client.get(ANSWERED).content.decode()
        assert references(html) == [newer.reference, older.reference]
        first, second = rows(html)
        asked = timezone.localtime(newer.created_at)
        assert f"{asked.day} {asked:%B %Y}" in first
        assert "Sam Taylor, Home Council" in first
        assert ">5 minutes<" in first
        assert ">2 hours<" in second
        assert "Answered</strong>" in first
        assert "Time to first response" in html

    def test_a_request_closed_without_a_reply_says_so(self, client, advisor, home_org) -> None:
        closed(organisation=home_org)
        replied = closed(
            organisation=home_org,
            first_response_at=timezone.now() + dt.timedelta(hours=26),
        )
        client.force_login(advisor)
        first, second = rows(client.get(CLOSED).content.decode())
        assert replied.reference in first
        assert ">1 day<" in first
        assert ">No reply<" in second
        assert "Closed</strong>" in second

    def test_a_named_request_shows_neither_description_nor_question_and_audits_nothing(
        self, client, advisor, home_org
    ) -> None:
        answered(
            organisation=home_org,
            about_person_named=True,
            person_description="Child X, DOB 1 1 2015",
            question="May I tell the school about the uncle?",
        )
        closed(
            organisation=home_org,
            about_person_named=True,
            person_description="Child X, DOB 1 1 2015",
            question="May I tell the school about the uncle?",
        )
        client.force_login(advisor)
        for url in (ANSWERED, CLOSED):
            html = client.get(url).content.decode()
            assert "Names the person: open to read" in html
            assert "Child X" not in html
            assert "uncle" not in html
        assert reads() == 0

    def test_the_lists_are_paginated(self, client, advisor, home_org) -> None:
        made = [answered(organisation=home_org) for _ in range(30)]
        client.force_login(advisor)
        html = client.get(ANSWERED).content.decode()
        assert "Page 1 of 2" in html
        assert references(html)[0] == made[-1].reference
        second = client.get(ANSWERED, {"page": "2"})
        assert second.status_code == 200
        assert title(second.content.decode()) == "Answered advice requests (page 2)"
        assert references(second.content.decode())[-1] == made[0].reference
        assert client.get(ANSWERED, {"page": "x' OR 1=1"}).status_code == 200

    @pytest.mark.parametrize("url", [ANSWERED, CLOSED])
    def test_the_cost_of_a_list_does_not_grow_with_it(
        self, client, advisor, other_advisor, home_org, other_org, make_member, url
    ) -> None:
        status = Status.ANSWERED if url == ANSWERED else Status.CLOSED
        extra = {"status": status, "closed_at": timezone.now(), "first_response_at": None}
        if status == Status.ANSWERED:
            extra = {"status": status, "first_response_at": timezone.now()}
        AdviceRequestFactory.create(organisation=home_org, **extra)
        client.force_login(advisor)
        small = queries_for(client, url)
        for index in range(12):
            AdviceRequestFactory.create(
                organisation=other_org if index % 2 else home_org,
                asked_by=make_member(Role.PRACTITIONER, other_org if index % 2 else home_org),
                addressed_to=AddressedTo.ADVISOR,
                advisor=advisor if index % 2 else other_advisor,
                about_person_named=bool(index % 3),
                person_description="Child X" if index % 3 else "",
                **extra,
            )
        large = queries_for(client, url)
        assert len(references(client.get(url).content.decode())) == 13
        assert len(small) == len(large)
        assert len(advice_queries(large)) == 2  # count, page


class TestFindingByReference:
    def test_a_reference_finds_its_request_however_it_is_typed(
        self, client, advisor, home_org
    ) -> None:
        wanted = answered(organisation=home_org)
        answered(organisation=home_org)
        client.force_login(advisor)
        typings = (
            wanted.reference,
            f" {wanted.reference.lower()} ",
            f"ADV {wanted.pk}",
            str(wanted.pk),
        )
        for typed in typings:
            response = client.get(ANSWERED, {"reference": typed})
            assert response.status_code == 200
            assert references(response.content.decode()) == [wanted.reference]
        html = client.get(ANSWERED, {"reference": wanted.reference}).content.decode()
        assert "Show all answered requests</a>" in html

    def test_a_reference_in_another_list_or_out_of_scope_is_not_found(
        self, client, advisor, home_org, other_org
    ) -> None:
        ended = closed(organisation=home_org)
        theirs = answered(organisation=other_org)  # not ours to answer
        client.force_login(advisor)
        for reference in (ended.reference, theirs.reference, "ADV-999999"):
            response = client.get(ANSWERED, {"reference": reference})
            assert response.status_code == 200
            html = response.content.decode()
            assert references(html) == []
            assert "No advice request here has that reference." in html
        assert references(client.get(CLOSED, {"reference": ended.reference}).content.decode()) == [
            ended.reference
        ]

    @pytest.mark.parametrize("typed", ["hello", "ADV-", "ADV-0", "9" * 25, "ADV-1²", "1\x00"])
    def test_something_that_is_not_a_reference_is_explained(
        self, client, advisor, home_org, typed
    ) -> None:
        answered(organisation=home_org)
        client.force_login(advisor)
        response = client.get(ANSWERED, {"reference": typed})
        assert response.status_code == 400
        html = response.content.decode()
        assert "govuk-error-summary" in html
        assert errors.REFERENCE_INVALID in html
        assert title(html) == "Error: Answered advice requests"
        assert references(html) == []


class TestTheRequestPage:
    def test_those_who_answer_see_the_time_to_first_response(
        self, client, advisor, practitioner, home_org
    ) -> None:
        done = answered(organisation=home_org, asked_by=practitioner)
        waiting = AdviceRequestFactory.create(organisation=home_org, asked_by=practitioner)
        client.force_login(advisor)
        html = client.get(detail(done.pk)).content.decode()
        row = html[html.index("Time to first response") :].split("</div>")[0]
        assert ">2 hours</dd>" in row
        html = client.get(detail(waiting.pk)).content.decode()
        row = html[html.index("Time to first response") :].split("</div>")[0]
        assert ">Not yet</dd>" in row
        client.force_login(practitioner)
        assert "Time to first response" not in client.get(detail(done.pk)).content.decode()

    def test_an_advisor_closes_a_request_from_its_page(
        self, client, advisor, practitioner, home_org
    ) -> None:
        done = answered(organisation=home_org, asked_by=practitioner)
        client.force_login(advisor)
        html = client.get(detail(done.pk)).content.decode()
        form = html[html.index(f'action="{close(done.pk)}"') :].split("</form>")[0]
        assert "Close this advice request</button>" in form
        after = max(AuditEvent.objects.values_list("id", flat=True), default=0)
        response = client.post(close(done.pk), follow=True)
        assert response.redirect_chain == [(detail(done.pk), 302)]
        html = response.content.decode()
        assert "You have closed this advice request" in html
        assert "Close this advice request</button>" not in html
        assert re.findall(r'<a href="([^"]*)" class="govuk-back-link">', html) == [CLOSED]
        [event] = AuditEvent.objects.filter(id__gt=after, action=Action.CLOSED)
        assert event.actor_id == advisor.pk
        assert event.data == {"answered": True, "by_advisor": True}
        assert references(client.get(CLOSED).content.decode()) == [done.reference]
        assert references(client.get(ANSWERED).content.decode()) == []
        # The asker sees it closed, and can no longer reply.
        client.force_login(practitioner)
        html = client.get(detail(done.pk)).content.decode()
        assert "This request was closed on" in html
        assert "Send reply" not in html

    def test_closing_twice_is_explained(self, client, advisor, home_org) -> None:
        ended = closed(organisation=home_org)
        client.force_login(advisor)
        assert "Close this advice request" not in client.get(detail(ended.pk)).content.decode()
        response = client.post(close(ended.pk))
        assert response.status_code == 400
        html = response.content.decode()
        assert errors.CLOSED_BEFORE in html
        assert "govuk-error-summary" in html

    def test_an_advisor_who_does_not_answer_it_cannot_close_it(
        self, client, other_advisor, home_org
    ) -> None:
        asked = AdviceRequestFactory.create(organisation=home_org)
        client.force_login(other_advisor)
        assert client.post(close(asked.pk)).status_code == 404
        asked.refresh_from_db()
        assert asked.status == Status.OPEN

    def test_closing_is_a_post_only(self, client, advisor, home_org) -> None:
        asked = AdviceRequestFactory.create(organisation=home_org)
        client.force_login(advisor)
        assert client.get(close(asked.pk)).status_code == 405
        asked.refresh_from_db()
        assert asked.status == Status.OPEN

    def test_the_askers_own_close_still_works(self, client, practitioner, home_org) -> None:
        asked = answered(organisation=home_org, asked_by=practitioner)
        client.force_login(practitioner)
        html = client.get(detail(asked.pk)).content.decode()
        assert "I have the advice I need: close this request</button>" in html
        assert client.post(close(asked.pk)).status_code == 302
        asked.refresh_from_db()
        assert asked.status == Status.CLOSED
