"""Asking a named advisor (product.md: "seek advice" to a named advisor; workforce: named
advisors). "Who should answer?" offers "A named advisor", with a list of the advisors of
the asker's organisation and partnership revealed under it. The named advisor sees it,
answers it and is emailed; the advisors of the asker's organisation see it too, so it
never waits on one person (``policy``)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from infoshare.advice import errors, services
from infoshare.advice.models import AddressedTo, AdviceRequest, AnsweredAs, Status
from infoshare.advice.tests.factories import AdviceRequestFactory
from infoshare.advice.tests.helpers import advice_queries, queries_for
from infoshare.core.roles import Role
from infoshare.partnerships.models import Membership
from infoshare.partnerships.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

NEW = reverse("advice:request_new")
QUEUE = reverse("advice:queue")
API = "/api/v1/advice-requests"
HINT = "Other advisors in your organisation can also see it."


def detail(request_id: int) -> str:
    return reverse("advice:request_detail", kwargs={"request_id": request_id})


def _post_json(client: Any, url: str, body: object) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def _valid(**overrides: Any) -> dict[str, Any]:
    data = {"question": "Can I tell the GP?", "name_person": "no", "addressed_to": "advisor"}
    return data | overrides


@pytest.fixture
def ada(make_member: Any, other_org: Any) -> Any:
    """An advisor at the school, in the asker's partnership: the one named."""
    return make_member(Role.ADVISOR, other_org, full_name="Ada Lovelace")


@pytest.fixture
def home_advisor(make_member: Any, home_org: Any) -> Any:
    return make_member(Role.ADVISOR, home_org, full_name="Zoe Adams")


@pytest.fixture
def stranger_advisor(make_member: Any, stranger: Any) -> Any:
    """An advisor in another partnership: never offered."""
    return make_member(
        Role.ADVISOR, OrganisationFactory(partnership=stranger), full_name="Bea Stranger"
    )


def _options(html: str) -> list[tuple[str, str]]:
    found = re.search(r'<select[^>]*name="advisor"[^>]*>(.*?)</select>', html, re.S)
    assert found, html
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', found.group(1))


def _radio(html: str, value: str) -> str:
    found = re.search(
        rf'<input class="govuk-radios__input"[^>]*name="addressed_to"[^>]*value="{value}"[^>]*>',
        html,
    )
    assert found, html
    return found.group(0)


def _ask_ada(practitioner: Any, ada: Any, **kwargs: Any) -> AdviceRequest:
    return services.ask_for_advice(
        actor=practitioner,
        question="May I tell the school about the move?",
        addressed_to=AddressedTo.ADVISOR,
        advisor_id=ada.pk,
        **kwargs,
    )


class TestTheForm:
    def test_a_named_advisor_is_offered_with_the_advisors_revealed_under_it(
        self,
        client,
        practitioner,
        ada,
        home_advisor,
        stranger_advisor,
        make_member,
        home_org,
        other_org,
    ) -> None:
        # Two advisors with the same name: by organisation, then the one who joined first.
        first = make_member(Role.ADVISOR, other_org, full_name="Ben Clark")
        second = make_member(Role.ADVISOR, home_org, full_name="ben clark")
        third = make_member(Role.ADVISOR, other_org, full_name="Ben Clark")
        make_member(Role.PRACTITIONER, home_org, full_name="Not Anadvisor")
        left = make_member(Role.ADVISOR, home_org, full_name="Left Already")
        Membership.objects.filter(person=left).update(ends_on=timezone.localdate())
        client.force_login(practitioner)
        html = client.get(NEW).content.decode()
        assert "A named advisor</label>" in html
        advisor_radio = _radio(html, "advisor")
        assert 'data-aria-controls="conditional-id_addressed_to-2"' in advisor_radio
        block = html[html.index('id="conditional-id_addressed_to-2"') :].split("</fieldset>")[0]
        assert '<label class="govuk-label govuk-label--s" for="id_advisor">' in block
        assert HINT in block
        assert _options(html) == [
            ("", "Select an advisor"),
            (str(ada.pk), "Ada Lovelace (Other School)"),
            (str(second.pk), "ben clark (Home Council)"),
            (str(first.pk), "Ben Clark (Other School)"),
            (str(third.pk), "Ben Clark (Other School)"),
            (str(home_advisor.pk), "Zoe Adams (Home Council)"),
        ]
        # The other two choices are still there, "my organisation" chosen at first.
        assert " checked" in _radio(html, "organisation")
        assert " checked" not in _radio(html, "partnership")
        assert " checked" not in advisor_radio

    def test_an_advisor_in_two_organisations_is_offered_once_with_both(
        self, client, practitioner, ada, home_org
    ) -> None:
        MembershipFactory(person=ada, organisation=home_org, role=Role.ADVISOR)
        client.force_login(practitioner)
        options = _options(client.get(NEW).content.decode())
        assert options[1:] == [(str(ada.pk), "Ada Lovelace (Home Council, Other School)")]

    def test_an_advisor_is_not_offered_themselves(self, client, home_advisor, ada) -> None:
        client.force_login(home_advisor)
        options = _options(client.get(NEW).content.decode())
        assert [value for value, _ in options] == ["", str(ada.pk)]

    def test_with_no_advisor_to_name_the_choice_is_not_offered(
        self, client, practitioner, stranger_advisor
    ) -> None:
        client.force_login(practitioner)
        html = client.get(NEW).content.decode()
        assert "A named advisor" not in html
        assert 'name="advisor"' not in html
        response = client.post(NEW, _valid(advisor=str(stranger_advisor.pk)))
        assert response.status_code == 400
        assert errors.ADDRESSED_TO_INVALID in response.content.decode()
        assert not AdviceRequest.objects.exists()


class TestAskingByPage:
    def test_the_question_is_addressed_to_the_chosen_advisor(
        self, client, practitioner, ada, home_advisor
    ) -> None:
        client.force_login(practitioner)
        response = client.post(NEW, _valid(advisor=str(ada.pk)))
        created = AdviceRequest.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "advice:request_sent", kwargs={"request_id": created.pk}
        )
        assert (created.addressed_to, created.advisor_id) == (AddressedTo.ADVISOR, ada.pk)
        html = client.get(detail(created.pk)).content.decode()
        assert (
            "Ada Lovelace (named advisor). Others who answer advice requests at Home Council "
            "(its information sharing advisors) can also see it" in html
        )

    @pytest.mark.parametrize(
        "tampered", ["colleague", "unknown", "stranger", "self", "text", "huge"]
    )
    def test_an_advisor_not_offered_gets_the_govuk_message(
        self,
        client,
        practitioner,
        ada,
        home_advisor,
        stranger_advisor,
        make_member,
        home_org,
        tampered,
    ) -> None:
        colleague = make_member(Role.PRACTITIONER, home_org)
        value = {
            "colleague": str(colleague.pk),
            "unknown": str(10**9),
            "stranger": str(stranger_advisor.pk),
            "self": str(practitioner.pk),
            "text": "Ada",
            "huge": str(2**70),
        }[tampered]
        client.force_login(practitioner)
        response = client.post(NEW, _valid(advisor=value))
        html = response.content.decode()
        assert response.status_code == 400
        assert f'<a href="#id_advisor">{errors.ADVISOR_NOT_OFFERED}</a>' in html
        assert html.count(errors.ADVISOR_NOT_OFFERED) == 2  # summary and beside the list
        assert "Select a valid choice" not in html
        # The option is chosen and its list shown, so that the error is seen.
        assert " checked" in _radio(html, "advisor")
        assert 'class="govuk-radios__conditional" id="conditional-id_addressed_to-2"' in html
        assert not AdviceRequest.objects.exists()

    def test_no_advisor_chosen_is_an_error_on_the_list(self, client, practitioner, ada) -> None:
        client.force_login(practitioner)
        response = client.post(NEW, _valid(advisor=""))
        html = response.content.decode()
        assert response.status_code == 400
        assert f'<a href="#id_advisor">{errors.ADVISOR_MISSING}</a>' in html
        assert not AdviceRequest.objects.exists()

    def test_an_advisor_left_in_the_hidden_list_is_ignored_for_another_choice(
        self, client, practitioner, ada, home_advisor
    ) -> None:
        client.force_login(practitioner)
        for value in (str(ada.pk), "tampered"):
            AdviceRequest.objects.all().delete()
            response = client.post(NEW, _valid(addressed_to="organisation", advisor=value))
            assert response.status_code == 302, response.content.decode()
            created = AdviceRequest.objects.get()
            assert (created.addressed_to, created.advisor_id) == (AddressedTo.ORGANISATION, None)

    def test_an_advisor_of_another_partnership_is_refused_for_the_organisation_asked_for(
        self, client, practitioner, home_org, stranger_advisor
    ) -> None:
        """Someone working in two partnerships is offered the advisors of both; the one
        named must advise in the partnership of the organisation they ask for."""
        MembershipFactory(
            person=practitioner,
            organisation=stranger_advisor.memberships.get().organisation,
            role=Role.PRACTITIONER,
        )
        client.force_login(practitioner)
        assert str(stranger_advisor.pk) in dict(_options(client.get(NEW).content.decode()))
        data = _valid(advisor=str(stranger_advisor.pk), organisation=str(home_org.pk))
        response = client.post(NEW, data)
        html = response.content.decode()
        assert response.status_code == 400
        assert f'<a href="#id_advisor">{errors.ADVISOR_NOT_OFFERED}</a>' in html
        assert not AdviceRequest.objects.exists()


class TestWhoSeesAndAnswers:
    def test_the_named_advisor_sees_it_addressed_to_them_and_answers_as_advisor(
        self, client, practitioner, ada
    ) -> None:
        created = _ask_ada(practitioner, ada)
        client.force_login(ada)
        queue = client.get(QUEUE).content.decode()
        [row] = re.findall(r'<tr class="govuk-table__row">\s*<td.*?</tr>', queue, re.S)
        assert created.reference in row
        assert '<strong class="govuk-tag">Addressed to you</strong>' in row
        page = client.get(detail(created.pk)).content.decode()
        assert "Addressed to you" in page
        assert "You (named advisor)" in page
        response = client.post(detail(created.pk), {"body": "Yes: tell the school."})
        assert response.status_code == 302
        created.refresh_from_db()
        assert created.status == Status.ANSWERED
        assert created.first_response_at is not None  # time to first response, as before
        reply = created.replies.get()
        assert (reply.by_advisor, reply.answered_as) == (True, AnsweredAs.ADVISOR)

    def test_the_askers_organisations_advisors_see_it_too_and_may_answer(
        self, client, practitioner, ada, home_advisor
    ) -> None:
        created = _ask_ada(practitioner, ada)
        client.force_login(home_advisor)
        queue = client.get(QUEUE).content.decode()
        assert created.reference in queue
        assert "Addressed to you" not in queue
        assert "Ada Lovelace" in queue
        page = client.get(detail(created.pk)).content.decode()
        assert "Addressed to you" not in page
        assert "Ada Lovelace (named advisor)" in page
        response = client.post(detail(created.pk), {"body": "Ada is away: yes, you may."})
        assert response.status_code == 302
        assert created.replies.get().answered_as == AnsweredAs.ADVISOR

    def test_other_advisors_of_the_partnership_do_not_see_it(
        self, client, practitioner, ada, make_member, other_org
    ) -> None:
        created = _ask_ada(practitioner, ada)
        colleague = make_member(Role.ADVISOR, other_org)
        client.force_login(colleague)
        assert created.reference not in client.get(QUEUE).content.decode()
        assert client.get(detail(created.pk)).status_code == 404
        assert client.get(f"{API}/{created.pk}").status_code == 404

    def test_a_named_advisor_who_has_left_no_longer_sees_it_but_the_organisation_does(
        self, client, practitioner, ada, home_advisor, stranger
    ) -> None:
        """Ada moves to advise in another partnership: the request stays with the
        council's advisors."""
        created = _ask_ada(practitioner, ada)
        Membership.objects.filter(person=ada).update(ends_on=timezone.localdate())
        elsewhere = OrganisationFactory(partnership=stranger)
        MembershipFactory(person=ada, organisation=elsewhere, role=Role.ADVISOR)
        client.force_login(ada)
        assert client.get(detail(created.pk)).status_code == 404
        assert created.reference not in client.get(QUEUE).content.decode()
        client.force_login(home_advisor)
        assert client.get(detail(created.pk)).status_code == 200

    def test_a_named_advisor_who_moves_within_the_partnership_still_answers(
        self, client, practitioner, ada, partnership
    ) -> None:
        created = _ask_ada(practitioner, ada)
        Membership.objects.filter(person=ada).update(ends_on=timezone.localdate())
        elsewhere = OrganisationFactory(partnership=partnership, name="Health Trust")
        MembershipFactory(person=ada, organisation=elsewhere, role=Role.ADVISOR)
        client.force_login(ada)
        assert "Addressed to you" in client.get(QUEUE).content.decode()
        response = client.post(detail(created.pk), {"body": "Yes."})
        assert response.status_code == 302

    def test_the_queue_costs_the_same_at_two_sizes(
        self, client, ada, home_org, other_org, make_member
    ) -> None:
        asker = make_member(Role.PRACTITIONER, home_org)
        others = [make_member(Role.ADVISOR, home_org) for _ in range(3)]
        client.force_login(ada)
        AdviceRequestFactory.create(
            organisation=home_org, asked_by=asker, addressed_to=AddressedTo.ADVISOR, advisor=ada
        )
        small = queries_for(client, QUEUE)
        for index in range(12):
            AdviceRequestFactory.create(
                organisation=home_org,
                asked_by=asker,
                addressed_to=AddressedTo.ADVISOR,
                advisor=others[index % 3] if index % 2 else ada,
            )
            AdviceRequestFactory.create(organisation=other_org)
        large = queries_for(client, QUEUE)
        assert len(small) == len(large)
        assert len(advice_queries(large)) == 2  # count, page

    def test_the_detail_costs_the_same_with_the_advisor_named(
        self, client, practitioner, ada
    ) -> None:
        created = _ask_ada(practitioner, ada)
        client.force_login(practitioner)
        queries = queries_for(client, detail(created.pk))
        assert len(advice_queries(queries)) == 2  # the request (with its advisor), replies


class TestEmails:
    def test_the_named_advisor_alone_is_emailed(
        self, practitioner, ada, home_advisor, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            _ask_ada(practitioner, ada)
        assert [message.to for message in mail.outbox] == [[ada.email]]
        assert "has asked Ada Lovelace by name for advice" in mail.outbox[0].body

    def test_the_confirmation_says_who_was_emailed(self, client, practitioner, ada) -> None:
        created = _ask_ada(practitioner, ada)
        client.force_login(practitioner)
        sent = reverse("advice:request_sent", kwargs={"request_id": created.pk})
        html = client.get(sent).content.decode()
        assert "We have emailed Ada Lovelace." in html
        assert "your organisation&#x27;s information sharing advisors" not in html

    def test_if_the_named_advisor_has_left_the_organisations_advisors_are_told(
        self, practitioner, ada, home_advisor, django_capture_on_commit_callbacks
    ) -> None:
        created = _ask_ada(practitioner, ada)
        Membership.objects.filter(person=ada).update(ends_on=timezone.localdate())
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.reply_to_advice(actor=practitioner, request_id=created.pk, body="Anyone?")
        assert [message.to for message in mail.outbox] == [[home_advisor.email]]


class TestApi:
    def test_the_api_asks_a_named_advisor_and_shows_who(
        self, client, practitioner, ada, django_capture_on_commit_callbacks
    ) -> None:
        client.force_login(practitioner)
        body = {"question": "May I share?", "addressed_to": "advisor", "advisor_id": ada.pk}
        with django_capture_on_commit_callbacks(execute=True):
            response = _post_json(client, API, body)
        assert response.status_code == 201, response.content
        created = response.json()
        assert created["addressed_to"] == "advisor"
        assert (created["advisor_id"], created["advisor_name"]) == (ada.pk, "Ada Lovelace")
        assert [message.to for message in mail.outbox] == [[ada.email]]
        client.force_login(ada)
        read = client.get(f"{API}/{created['id']}").json()
        assert (read["advisor_id"], read["advisor_name"]) == (ada.pk, "Ada Lovelace")
        [listed] = client.get(API).json()["results"]
        assert (listed["advisor_id"], listed["advisor_name"]) == (ada.pk, "Ada Lovelace")

    def test_other_requests_show_no_advisor(self, client, practitioner, home_advisor) -> None:
        client.force_login(practitioner)
        created = _post_json(client, API, {"question": "May I share?"}).json()
        assert (created["advisor_id"], created["advisor_name"]) == (None, None)

    @pytest.mark.parametrize(
        ("case", "message"),
        [
            ("missing", errors.ADVISOR_MISSING),
            ("not_asked", errors.ADVISOR_NOT_ASKED),
            ("practitioner", errors.ADVISOR_NOT_OFFERED),
            ("stranger", errors.ADVISOR_NOT_OFFERED),
            ("self", errors.ADVISOR_NOT_OFFERED),
            ("unknown", errors.ADVISOR_NOT_OFFERED),
            ("zero", None),
            ("text", None),
        ],
    )
    def test_a_bad_advisor_is_a_400_naming_advisor_id_and_saves_nothing(
        self, client, practitioner, ada, stranger_advisor, make_member, home_org, case, message
    ) -> None:
        colleague = make_member(Role.PRACTITIONER, home_org)
        body: dict[str, Any] = {"question": "May I share?", "addressed_to": "advisor"}
        body |= {
            "missing": {},
            "not_asked": {"addressed_to": "organisation", "advisor_id": ada.pk},
            "practitioner": {"advisor_id": colleague.pk},
            "stranger": {"advisor_id": stranger_advisor.pk},
            "self": {"advisor_id": practitioner.pk},
            "unknown": {"advisor_id": 10**9},
            "zero": {"advisor_id": 0},
            "text": {"advisor_id": "Ada"},
        }[case]
        client.force_login(practitioner)
        response = _post_json(client, API, body)
        assert response.status_code == 400, response.content
        fields = response.json()["error"]["fields"]
        assert list(fields) == ["advisor_id"]
        if message:
            assert fields["advisor_id"] == message
        assert not AdviceRequest.objects.exists()
        assert not mail.outbox
