from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from infoshare.advice import errors, services
from infoshare.advice.models import AddressedTo, AdviceRequest, Status
from infoshare.advice.tests.factories import AdviceReplyFactory, AdviceRequestFactory
from infoshare.advice.tests.helpers import advice_queries, queries_for
from infoshare.core.roles import Role
from infoshare.partnerships.tests.factories import MembershipFactory

NEW = reverse("advice:request_new")
MINE = reverse("advice:my_requests")
QUEUE = reverse("advice:queue")


def detail(request_id: int) -> str:
    return reverse("advice:request_detail", kwargs={"request_id": request_id})


def urgent_ticked(html: str) -> bool:
    [box] = re.findall(r'<input[^>]*name="urgent"[^>]*>', html)
    return " checked" in box


def title(html: str) -> str:
    """The page's <title> without the service name after it."""
    found = re.search(r"<title>(.*?)\s+\S\s+Infoshare</title>", html, re.S)
    assert found
    return found.group(1).strip()


def _valid(**overrides: str) -> dict[str, str]:
    data = {"question": "Can I tell the GP?", "name_person": "no", "addressed_to": "organisation"}
    data.update(overrides)
    return data


class TestAsking:
    def test_the_form_says_to_withhold_identity_and_defaults_to_not_naming(
        self, client, practitioner
    ) -> None:
        client.force_login(practitioner)
        html = client.get(NEW).content.decode()
        assert "Seek advice without disclosing the identity of the person where possible" in html
        assert re.search(r'value="no" checked', html)
        assert "style=" not in html
        assert "<script>" not in html

    def test_sending_a_question_shows_the_confirmation_with_its_reference(
        self, client, practitioner, advisor, django_capture_on_commit_callbacks
    ) -> None:
        client.force_login(practitioner)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(NEW, _valid(urgent="on"))
        created = AdviceRequest.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("advice:request_sent", kwargs={"request_id": created.pk})
        page = client.get(response.url).content.decode()
        assert "Your question has been sent" in page
        assert created.reference in page
        assert created.urgent is True
        assert created.about_person_named is False
        assert [m.to for m in mail.outbox] == [[advisor.email]]

    # A link from a decision the asker may see: decisions/tests/test_advice_return_link.py
    # and test_advice_context.py (advice tests cannot make decisions).
    def test_a_link_from_a_decision_the_asker_may_not_see_is_not_found(
        self, client, practitioner
    ) -> None:
        client.force_login(practitioner)
        assert client.get(NEW, {"decision": "42"}).status_code == 404

    def test_asking_from_a_decision_that_has_gone_keeps_the_question_and_drops_the_link(
        self, client, practitioner, advisor
    ) -> None:
        client.force_login(practitioner)
        response = client.post(NEW, _valid(decision="42", question="Can I tell the nurse?"))
        html = response.content.decode()
        assert response.status_code == 400
        assert "<title>Error:" in html
        assert errors.DECISION_GONE in html
        assert "Can I tell the nurse?" in html
        [field] = re.findall(r'<input type="hidden" name="decision"[^>]*>', html)
        assert 'value="42"' not in field
        assert not AdviceRequest.objects.exists()
        # Sent again as the page now stands, it is asked without the decision.
        assert client.post(NEW, _valid(decision="")).status_code == 302
        assert AdviceRequest.objects.get().context_decision_id is None

    def test_without_a_decision_there_is_no_banner_back_link_or_tick(
        self, client, practitioner
    ) -> None:
        client.force_login(practitioner)
        html = client.get(NEW).content.decode()
        assert "app-safeguarding-banner" not in html
        assert "govuk-back-link" not in html
        assert not urgent_ticked(html)

    def test_a_malformed_decision_number_in_the_link_is_ignored(self, client, practitioner):
        client.force_login(practitioner)
        response = client.get(NEW, {"decision": "<script>"})
        assert response.status_code == 200
        [field] = re.findall(
            r'<input type="hidden" name="decision"[^>]*>', response.content.decode()
        )
        assert "value" not in field

    def test_a_tampered_decision_number_is_refused(self, client, practitioner) -> None:
        client.force_login(practitioner)
        response = client.post(NEW, _valid(decision="-3"))
        assert response.status_code == 400
        assert errors.DECISION_INVALID in response.content.decode()

    def test_an_empty_question_gets_the_error_summary(self, client, practitioner) -> None:
        client.force_login(practitioner)
        response = client.post(NEW, _valid(question=""))
        html = response.content.decode()
        assert response.status_code == 400
        assert "govuk-error-summary" in html
        assert f'<a href="#id_question">{errors.QUESTION_MISSING}</a>' in html
        assert "<title>Error:" in html
        assert not AdviceRequest.objects.exists()

    def test_an_over_long_question_is_refused_and_kept_for_correction(
        self, client, practitioner
    ) -> None:
        client.force_login(practitioner)
        response = client.post(NEW, _valid(question="x" * 5001))
        assert response.status_code == 400
        assert errors.QUESTION_TOO_LONG in response.content.decode()
        assert not AdviceRequest.objects.exists()

    def test_hostile_text_is_shown_as_text(self, client, practitioner, advisor, home_org):
        # HTML tags are refused now (see test_plain_text.py); one stored before is escaped.
        created = AdviceRequestFactory.create(
            organisation=home_org,
            asked_by=practitioner,
            question="<script>alert(1)</script>'; DROP TABLE x;--",
        )
        client.force_login(advisor)
        html = client.get(detail(created.pk)).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<script>alert(1)" not in html

    def test_naming_the_person_without_saying_who_is_an_error(self, client, practitioner):
        client.force_login(practitioner)
        response = client.post(NEW, _valid(name_person="yes"))
        assert response.status_code == 400
        assert errors.DESCRIPTION_MISSING in response.content.decode()

    def test_a_named_request_keeps_the_description(self, client, practitioner, advisor) -> None:
        client.force_login(practitioner)
        client.post(NEW, _valid(name_person="yes", person_description="Jo B, born 2015"))
        created = AdviceRequest.objects.get()
        assert created.about_person_named is True
        assert created.person_description == "Jo B, born 2015"

    def test_a_person_in_two_organisations_chooses_which(
        self, client, practitioner, other_org, other_advisor
    ) -> None:
        MembershipFactory(person=practitioner, organisation=other_org, role=Role.MANAGER)
        client.force_login(practitioner)
        assert client.post(NEW, _valid()).status_code == 400
        client.post(NEW, _valid(organisation=str(other_org.pk)))
        assert AdviceRequest.objects.get().organisation == other_org

    def test_an_org_admin_without_another_role_is_refused(self, client, org_admin) -> None:
        client.force_login(org_admin)
        assert client.get(NEW).status_code == 403

    def test_the_confirmation_of_someone_elses_request_is_not_found(
        self, client, advisor, home_org
    ) -> None:
        created = AdviceRequestFactory.create(organisation=home_org)
        client.force_login(advisor)
        url = reverse("advice:request_sent", kwargs={"request_id": created.pk})
        assert client.get(url).status_code == 404


class TestMyRequests:
    def _make(self, practitioner, home_org, advisor, count: int) -> None:
        for _ in range(count):
            item = AdviceRequestFactory.create(organisation=home_org, asked_by=practitioner)
            AdviceReplyFactory.create(request=item, author=advisor)

    def test_the_asker_sees_status_and_replies(self, client, practitioner, home_org, advisor):
        self._make(practitioner, home_org, advisor, 1)
        client.force_login(practitioner)
        html = client.get(MINE).content.decode()
        assert "Yes: explain to the family why" in html
        assert "Waiting for a reply" in html

    def test_query_count_is_the_same_at_two_sizes(
        self, client, practitioner, home_org, advisor
    ) -> None:
        client.force_login(practitioner)
        self._make(practitioner, home_org, advisor, 1)
        small = queries_for(client, MINE)
        self._make(practitioner, home_org, advisor, 12)
        large = queries_for(client, MINE)
        assert len(small) == len(large)
        assert len(advice_queries(large)) == 3  # count, page, replies (authors: one more)

    def test_times_are_in_the_govuk_style(self, client, practitioner, home_org, advisor):
        asked = dt.datetime(2026, 11, 27, 2, 32, tzinfo=dt.UTC)
        item = AdviceRequestFactory.create(
            organisation=home_org, asked_by=practitioner, created_at=asked
        )
        AdviceReplyFactory.create(
            request=item, author=advisor, created_at=dt.datetime(2026, 7, 1, 16, 5, tzinfo=dt.UTC)
        )
        client.force_login(practitioner)
        html = client.get(MINE).content.decode()
        assert "27 November 2026 at 2:32am" in html
        assert "1 July 2026 at 5:05pm" in html  # British Summer Time
        assert "a.m." not in html
        assert "p.m." not in html

    def test_later_pages_say_which_page_in_the_title(self, client, practitioner, home_org):
        AdviceRequestFactory.create_batch(30, organisation=home_org, asked_by=practitioner)
        client.force_login(practitioner)
        assert title(client.get(MINE).content.decode()) == "Your advice requests"
        second = client.get(MINE, {"page": "2"}).content.decode()
        assert title(second) == "Your advice requests (page 2)"


class TestQueue:
    def test_advisors_see_ages_with_urgent_first(self, client, advisor, home_org) -> None:
        now = timezone.now()
        AdviceRequestFactory.create(organisation=home_org, created_at=now - dt.timedelta(days=2))
        AdviceRequestFactory.create(
            organisation=home_org, urgent=True, created_at=now - dt.timedelta(hours=3)
        )
        client.force_login(advisor)
        html = client.get(QUEUE).content.decode()
        assert "3 hours" in html
        assert "2 days" in html
        assert html.index("3 hours") < html.index("2 days")

    def test_a_named_question_is_not_shown_in_the_list(self, client, advisor, home_org):
        AdviceRequestFactory.create(
            organisation=home_org,
            question="About Jo",
            about_person_named=True,
            person_description="Jo",
        )
        client.force_login(advisor)
        html = client.get(QUEUE).content.decode()
        assert "About Jo" not in html
        assert "Names the person" in html

    def test_practitioners_cannot_open_the_queue(self, client, practitioner) -> None:
        client.force_login(practitioner)
        assert client.get(QUEUE).status_code == 403

    def test_the_queue_is_paginated(self, client, advisor, home_org) -> None:
        AdviceRequestFactory.create_batch(30, organisation=home_org)
        client.force_login(advisor)
        html = client.get(QUEUE).content.decode()
        assert "Page 1 of 2" in html
        assert title(html) == "Advice requests waiting"
        second = client.get(QUEUE, {"page": "2"})
        assert second.status_code == 200
        assert title(second.content.decode()) == "Advice requests waiting (page 2)"
        assert client.get(QUEUE, {"page": "x' OR 1=1"}).status_code == 200

    def test_a_follow_up_waits_from_when_it_was_sent(
        self, client, practitioner, advisor, home_org
    ) -> None:
        now = timezone.now()
        followed_up = AdviceRequestFactory.create(
            organisation=home_org, asked_by=practitioner, created_at=now - dt.timedelta(days=3)
        )
        client.force_login(advisor)
        client.post(detail(followed_up.pk), {"body": "Yes, with consent."})
        followed_up.refresh_from_db()
        answered_at = followed_up.first_response_at
        client.force_login(practitioner)
        client.post(detail(followed_up.pk), {"body": "And if they refuse?"})
        waiting = AdviceRequestFactory.create(
            organisation=home_org, created_at=now - dt.timedelta(hours=5)
        )
        client.force_login(advisor)
        html = client.get(QUEUE).content.decode()
        rows = html.split('<tr class="govuk-table__row">')[2:]
        assert [waiting.reference in rows[0], followed_up.reference in rows[1]] == [True, True]
        assert "5 hours" in rows[0]
        assert "less than a minute" in rows[1]
        assert "3 days" not in html
        followed_up.refresh_from_db()
        assert followed_up.first_response_at == answered_at  # time to first response kept

    def test_query_count_is_the_same_at_two_sizes(
        self, client, advisor, home_org, other_org
    ) -> None:
        client.force_login(advisor)
        AdviceRequestFactory.create(organisation=home_org)
        small = queries_for(client, QUEUE)
        AdviceRequestFactory.create_batch(12, organisation=home_org)
        AdviceRequestFactory.create_batch(
            12, organisation=other_org, addressed_to=AddressedTo.PARTNERSHIP
        )
        large = queries_for(client, QUEUE)
        assert len(small) == len(large)
        assert len(advice_queries(large)) == 2  # count, page


class TestDetail:
    def test_an_advisor_replies_and_the_asker_sees_it(
        self, client, practitioner, advisor, home_org
    ) -> None:
        created = AdviceRequestFactory.create(organisation=home_org, asked_by=practitioner)
        client.force_login(advisor)
        response = client.post(detail(created.pk), {"body": "Yes, with consent."})
        assert response.status_code == 302
        created.refresh_from_db()
        assert created.first_response_at is not None
        assert created.status == Status.ANSWERED
        client.force_login(practitioner)
        html = client.get(detail(created.pk)).content.decode()
        assert "Yes, with consent." in html
        assert "close this request" in html

    def test_an_empty_reply_gets_the_error_summary(self, client, advisor, home_org) -> None:
        created = AdviceRequestFactory.create(organisation=home_org)
        client.force_login(advisor)
        response = client.post(detail(created.pk), {"body": ""})
        assert response.status_code == 400
        assert f'<a href="#id_body">{errors.REPLY_MISSING}</a>' in response.content.decode()

    def test_an_over_long_reply_is_refused(self, client, advisor, home_org) -> None:
        created = AdviceRequestFactory.create(organisation=home_org)
        client.force_login(advisor)
        response = client.post(detail(created.pk), {"body": "y" * 5001})
        assert response.status_code == 400
        assert errors.REPLY_TOO_LONG in response.content.decode()
        assert not created.replies.exists()

    def test_the_asker_closes_the_request(self, client, practitioner, home_org) -> None:
        created = AdviceRequestFactory.create(organisation=home_org, asked_by=practitioner)
        client.force_login(practitioner)
        close = reverse("advice:request_close", kwargs={"request_id": created.pk})
        assert client.get(close).status_code == 405
        assert client.post(close).status_code == 302
        created.refresh_from_db()
        assert created.status == Status.CLOSED
        html = client.get(detail(created.pk)).content.decode()
        assert "This request was closed" in html
        assert 'name="body"' not in html
        # Pressed again: they closed it, so it is done (test_closing_pressed_twice.py).
        assert client.post(close).status_code == 302

    def test_closing_twice_says_so_with_error_in_the_title(
        self, client, practitioner, home_org
    ) -> None:
        # Closed before, by someone else (here, a request closed before ``closed_by``).
        created = AdviceRequestFactory.create(
            organisation=home_org,
            asked_by=practitioner,
            status=Status.CLOSED,
            closed_at=timezone.now(),
        )
        client.force_login(practitioner)
        close = reverse("advice:request_close", kwargs={"request_id": created.pk})
        response = client.post(close)
        html = response.content.decode()
        assert response.status_code == 400
        assert title(html).startswith("Error: ")
        assert "govuk-error-summary" in html
        assert errors.ALREADY_CLOSED in html

    @pytest.mark.parametrize("body", ["Too late?", ""])
    def test_replying_to_a_closed_request_explains_without_a_broken_link(
        self, client, practitioner, advisor, home_org, body
    ) -> None:
        created = AdviceRequestFactory.create(
            organisation=home_org,
            asked_by=practitioner,
            status=Status.CLOSED,
            closed_at=timezone.now(),
        )
        for person, message in (
            (advisor, errors.REPLY_CLOSED),
            (practitioner, errors.ALREADY_CLOSED),
        ):
            client.force_login(person)
            response = client.post(detail(created.pk), {"body": body})
            html = response.content.decode()
            assert response.status_code == 400
            assert title(html).startswith("Error: ")
            assert message in html
            assert 'href="#id_body"' not in html
            assert 'name="body"' not in html
        assert not created.replies.exists()

    def test_a_request_closed_while_replying_explains_without_a_broken_link(
        self, client, practitioner, advisor, home_org, monkeypatch
    ) -> None:
        created = AdviceRequestFactory.create(organisation=home_org, asked_by=practitioner)
        real = services.reply_to_advice

        def closed_first(**kwargs):
            services.close_advice_request(actor=practitioner, request_id=created.pk)
            return real(**kwargs)

        monkeypatch.setattr(services, "reply_to_advice", closed_first)
        client.force_login(advisor)
        html = client.post(detail(created.pk), {"body": "Yes"}).content.decode()
        assert errors.REPLY_CLOSED in html
        assert 'href="#id_body"' not in html

    def test_times_are_in_the_govuk_style(self, client, practitioner, advisor, home_org):
        created = AdviceRequestFactory.create(
            organisation=home_org,
            asked_by=practitioner,
            created_at=dt.datetime(2026, 11, 27, 2, 32, tzinfo=dt.UTC),
        )
        AdviceReplyFactory.create(
            request=created,
            author=advisor,
            created_at=dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC),
        )
        client.force_login(advisor)
        html = client.get(detail(created.pk)).content.decode()
        assert "27 November 2026 at 2:32am" in html
        assert "27 November 2026 at midday" in html
        assert "a.m." not in html
        assert "p.m." not in html

    @pytest.mark.parametrize("reader", ["practitioner", "advisor", "manager"])
    def test_asked_of_is_worded_for_whoever_reads_it(
        self, client, practitioner, advisor, manager, home_org, reader
    ) -> None:
        mine = AdviceRequestFactory.create(organisation=home_org, asked_by=practitioner)
        wide = AdviceRequestFactory.create(
            organisation=home_org, asked_by=practitioner, addressed_to=AddressedTo.PARTNERSHIP
        )
        client.force_login(
            {"practitioner": practitioner, "advisor": advisor, "manager": manager}[reader]
        )
        html = client.get(detail(mine.pk)).content.decode()
        assert "Those who answer advice requests at Home Council" in html
        assert "My organisation" not in html
        html = client.get(detail(wide.pk)).content.decode()
        assert "All information sharing advisors in the partnership" in html

    def test_replies_are_labelled_with_the_role_they_were_written_in(
        self, client, practitioner, advisor, manager, home_org
    ) -> None:
        created = AdviceRequestFactory.create(organisation=home_org, asked_by=practitioner)
        for person, body in ((advisor, "From the advisor"), (manager, "From the manager")):
            client.force_login(person)
            assert client.post(detail(created.pk), {"body": body}).status_code == 302
        client.force_login(practitioner)
        client.post(detail(created.pk), {"body": "From the asker"})
        html = client.get(detail(created.pk)).content.decode()
        labels = re.findall(r"<strong>[^<]*</strong>( \([^)]*\))?, ", html)
        assert labels == [" (information sharing advisor)", " (manager)", ""]

    @pytest.mark.parametrize(("who", "back"), [("practitioner", MINE), ("advisor", QUEUE)])
    def test_the_back_link_leads_to_the_readers_list(
        self, client, practitioner, advisor, home_org, who, back
    ) -> None:
        created = AdviceRequestFactory.create(organisation=home_org, asked_by=practitioner)
        client.force_login({"practitioner": practitioner, "advisor": advisor}[who])
        html = client.get(detail(created.pk)).content.decode()
        assert re.findall(r'<a href="([^"]*)" class="govuk-back-link">', html) == [back]

    def test_an_advisor_who_answers_it_can_close_it(self, client, advisor, home_org) -> None:
        created = AdviceRequestFactory.create(organisation=home_org)
        client.force_login(advisor)
        client.post(detail(created.pk), {"body": "Yes, with consent."})
        close = reverse("advice:request_close", kwargs={"request_id": created.pk})
        response = client.post(close, follow=True)
        assert response.redirect_chain == [(detail(created.pk), 302)]
        assert "You have closed this advice request" in response.content.decode()
        created.refresh_from_db()
        assert created.status == Status.CLOSED

    @pytest.mark.parametrize("who", ["other_advisor", "colleague", "foreign_org_user"])
    def test_people_who_neither_asked_nor_answer_get_not_found(
        self, client, home_org, make_member, other_advisor, foreign_org_user, who
    ) -> None:
        created = AdviceRequestFactory.create(organisation=home_org)
        people = {
            "other_advisor": other_advisor,
            "colleague": make_member(Role.PRACTITIONER, home_org),
            "foreign_org_user": foreign_org_user,
        }
        client.force_login(people[who])
        assert client.get(detail(created.pk)).status_code == 404
        assert client.post(detail(created.pk), {"body": "Hi"}).status_code == 404
        assert not created.replies.exists()

    def test_a_missing_request_is_not_found(self, client, advisor) -> None:
        client.force_login(advisor)
        assert client.get(detail(999)).status_code == 404
        assert client.get(f"/advice/{'9' * 30}/").status_code == 404

    def test_query_count_is_the_same_at_two_sizes(
        self, client, practitioner, advisor, home_org
    ) -> None:
        created = AdviceRequestFactory.create(organisation=home_org, asked_by=practitioner)
        client.force_login(advisor)
        AdviceReplyFactory.create(request=created, author=advisor)
        small = queries_for(client, detail(created.pk))
        AdviceReplyFactory.create_batch(10, request=created, author=practitioner)
        large = queries_for(client, detail(created.pk))
        assert len(small) == len(large)
        assert len(advice_queries(large)) == 2  # the request, its replies


class TestHomeAndNavigation:
    def test_advisors_see_how_many_requests_wait_and_the_oldest_age(
        self, client, advisor, home_org
    ) -> None:
        AdviceRequestFactory.create(
            organisation=home_org, created_at=timezone.now() - dt.timedelta(days=2)
        )
        AdviceRequestFactory.create(organisation=home_org)
        client.force_login(advisor)
        html = client.get(reverse("core:home")).content.decode()
        assert "Advice requests waiting" in html
        # Two sentences, not one run together: "... waiting for a reply the longest ..."
        item = html[html.index("2 advice requests") :].split("</li>")[0]
        assert "2 advice requests are waiting for a reply.</a>" in item
        assert ">The longest has waited 2 days.</span>" in item
        assert f'href="{QUEUE}"' in html

    def test_askers_see_replies_they_have_not_closed(
        self, client, practitioner, advisor, home_org
    ) -> None:
        answered = AdviceRequestFactory.create(
            organisation=home_org,
            asked_by=practitioner,
            status=Status.ANSWERED,
            first_response_at=timezone.now(),
        )
        client.force_login(practitioner)
        html = client.get(reverse("core:home")).content.decode()
        assert "Replies to your advice requests" in html
        item = html[html.index(f"{answered.reference} has a reply") :].split("</li>")[0]
        assert f"{answered.reference} has a reply.</a>" in item
        assert ">Close it when you have the advice you need.</span>" in item
        assert "Advice requests waiting" not in html
        assert f'href="{NEW}"' in html  # navigation: Ask for advice
        assert f'href="{QUEUE}"' not in html


@pytest.mark.parametrize(
    "role",
    [
        Role.PRACTITIONER,
        Role.MANAGER,
        Role.ADVISOR,
        Role.SENIOR_LEAD,
        Role.ORG_ADMIN,
        Role.BOARD_MEMBER,
        Role.PARTNERSHIP_ADMIN,
        Role.AUDITOR,
    ],
)
def test_made_up_ids_never_give_a_server_error(client, make_member, home_org, role) -> None:
    client.force_login(make_member(role, home_org))
    for name in ("request_detail", "request_sent", "request_close"):
        response = client.get(reverse(f"advice:{name}", kwargs={"request_id": 1}))
        assert response.status_code in (403, 404, 405), name
    for url in (NEW, MINE, QUEUE):
        assert client.get(url).status_code in (200, 403), url
