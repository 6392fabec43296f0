"""A question nobody can read is never accepted, and the pages say who was told.

A front-line tester, signed in as a teacher at a school with no information sharing
advisor and no manager, sent a question to "My organisation's information sharing
advisors" (the default): nobody was emailed, nobody's queue listed it, and the page said
"We have emailed your organisation's information sharing advisors". Now "my organisation"
is offered only where someone there answers (``policy``), the question goes to the
partnership's advisors and the page says so; with nobody in the partnership either, it
is refused with whom to ask instead."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from infoshare.advice import errors
from infoshare.advice.models import AddressedTo, AdviceRequest
from infoshare.core.roles import Role
from infoshare.partnerships.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

NEW = reverse("advice:request_new")
API = "/api/v1/advice-requests"
QUESTION = "May I tell the council about the family's move?"


def sent(created: AdviceRequest) -> str:
    return reverse("advice:request_sent", kwargs={"request_id": created.pk})


def detail(created: AdviceRequest) -> str:
    return reverse("advice:request_detail", kwargs={"request_id": created.pk})


def radios(html: str) -> dict[str, bool]:
    """The "Who should answer?" choices offered, and whether each is chosen."""
    tags = re.findall(r'<input class="govuk-radios__input"[^>]*name="addressed_to"[^>]*>', html)
    return {
        re.search(r'value="([^"]*)"', tag).group(1): " checked" in tag  # type: ignore[union-attr]
        for tag in tags
    }


def ask_page(client: Any, **overrides: str) -> Any:
    data = {"question": QUESTION, "name_person": "no", "addressed_to": "organisation"}
    return client.post(NEW, data | overrides)


def ask_api(client: Any, **body: Any) -> Any:
    payload = {"question": QUESTION} | body
    return client.post(API, data=json.dumps(payload), content_type="application/json")


@pytest.fixture
def school(partnership: Any) -> Any:
    """Like the demo's Riverside Primary: no information sharing advisor, no manager."""
    return OrganisationFactory(partnership=partnership, name="Riverside Primary")


@pytest.fixture
def teacher(make_member: Any, school: Any) -> Any:
    return make_member(Role.PRACTITIONER, school, full_name="Tia Teacher")


@pytest.fixture
def council_advisor(make_member: Any, home_org: Any) -> Any:
    return make_member(Role.ADVISOR, home_org, full_name="Ada Council")


@pytest.fixture
def police_advisor(make_member: Any, other_org: Any) -> Any:
    return make_member(Role.ADVISOR, other_org, full_name="Pat Police")


@pytest.fixture
def council_manager(make_member: Any, home_org: Any) -> Any:
    return make_member(Role.MANAGER, home_org, full_name="Max Manager")


@pytest.fixture
def partnership_answers(council_advisor: Any, police_advisor: Any, council_manager: Any) -> None:
    """The demo's partnership: advisors at the council and the police, a council manager."""


class TestNobodyAtTheOrganisation:
    def test_my_organisation_is_not_offered_and_the_page_says_where_it_goes(
        self, client, teacher, partnership_answers
    ) -> None:
        client.force_login(teacher)
        html = client.get(NEW).content.decode()
        assert radios(html) == {"partnership": True, "advisor": False}
        assert (
            "Nobody else at Riverside Primary can answer advice requests in Infoshare, so "
            "your question goes to the information sharing advisors of the partnership, unless "
            "you name an advisor."
        ) in html

    def test_sent_to_my_organisation_it_is_refused_and_nothing_is_saved(
        self, client, teacher, partnership_answers, django_capture_on_commit_callbacks
    ) -> None:
        client.force_login(teacher)
        with django_capture_on_commit_callbacks(execute=True):
            response = ask_page(client)
        html = response.content.decode()
        assert response.status_code == 400
        assert "govuk-error-summary" in html
        assert errors.ADDRESSED_TO_INVALID in html
        assert not AdviceRequest.objects.exists()
        assert mail.outbox == []

    def test_the_default_goes_to_the_partnership_whose_advisors_are_emailed_and_see_it(
        self,
        client,
        teacher,
        council_advisor,
        police_advisor,
        council_manager,
        django_capture_on_commit_callbacks,
    ) -> None:
        client.force_login(teacher)
        with django_capture_on_commit_callbacks(execute=True):
            response = ask_page(client, addressed_to="partnership")
        created = AdviceRequest.objects.get()
        assert (response.status_code, response.url) == (302, sent(created))
        assert created.addressed_to == AddressedTo.PARTNERSHIP
        assert sorted(m.to[0] for m in mail.outbox) == sorted(
            [council_advisor.email, police_advisor.email]
        )
        page = client.get(sent(created)).content.decode()
        assert "We have emailed the partnership's information sharing advisors." in page
        assert "your organisation's information sharing advisors" not in page
        for answerer in (council_advisor, police_advisor):
            client.force_login(answerer)
            assert client.get(detail(created)).status_code == 200
            assert created.reference in client.get(reverse("advice:queue")).content.decode()

    def test_the_api_refuses_a_question_to_my_organisation_naming_addressed_to(
        self, client, teacher, partnership_answers
    ) -> None:
        client.force_login(teacher)
        response = ask_api(client)  # "organisation", the API's default
        assert response.status_code == 400
        assert response.json()["error"]["fields"]["addressed_to"] == (
            errors.NOBODY_IN_ORGANISATION.format(organisation="Riverside Primary")
        )
        assert not AdviceRequest.objects.exists()
        created = ask_api(client, addressed_to="partnership")
        assert created.status_code == 201
        assert created.json()["addressed_to"] == "partnership"

    def test_an_advisor_who_is_their_organisations_only_one_asks_the_partnership(
        self, client, make_member, school, council_advisor
    ) -> None:
        lone = make_member(Role.ADVISOR, school)
        client.force_login(lone)
        assert radios(client.get(NEW).content.decode()) == {
            "partnership": True,
            "advisor": False,
        }

    def test_a_named_advisor_still_works_and_the_page_names_only_them(
        self,
        client,
        teacher,
        partnership_answers,
        police_advisor,
        django_capture_on_commit_callbacks,
    ) -> None:
        client.force_login(teacher)
        with django_capture_on_commit_callbacks(execute=True):
            response = ask_page(client, addressed_to="advisor", advisor=str(police_advisor.pk))
        created = AdviceRequest.objects.get()
        assert (response.status_code, response.url) == (302, sent(created))
        assert [m.to for m in mail.outbox] == [[police_advisor.email]]
        page = client.get(sent(created)).content.decode()
        assert "We have emailed Pat Police." in page
        # Nobody else at the school sees it: the page does not say they do.
        assert "Other information sharing advisors" not in page


class TestTwoOrganisations:
    def test_my_organisation_is_offered_but_refused_for_the_one_where_nobody_answers(
        self, client, teacher, school, home_org, council_advisor
    ) -> None:
        MembershipFactory(person=teacher, organisation=home_org, role=Role.PRACTITIONER)
        client.force_login(teacher)
        html = client.get(NEW).content.decode()
        # Offered (the council answers), but not chosen for them.
        assert radios(html) == {"organisation": False, "partnership": False, "advisor": False}
        assert "Nobody else at Riverside Primary can answer advice requests" in html
        response = ask_page(client, organisation=str(school.pk))
        assert response.status_code == 400
        expected = errors.NOBODY_IN_ORGANISATION.format(organisation="Riverside Primary")
        assert f'<a href="#id_addressed_to">{expected}</a>' in response.content.decode()
        assert ask_page(client, organisation=str(home_org.pk)).status_code == 302
        assert AdviceRequest.objects.get().organisation == home_org


class TestNobodyInThePartnership:
    def test_the_page_says_so_and_a_question_is_refused_whom_to_ask_instead(
        self, client, teacher, django_capture_on_commit_callbacks
    ) -> None:
        client.force_login(teacher)
        html = client.get(NEW).content.decode()
        assert "Nobody can answer advice requests for Riverside Primary in Infoshare yet" in html
        for addressed_to in ("partnership", "organisation"):
            with django_capture_on_commit_callbacks(execute=True):
                response = ask_page(client, addressed_to=addressed_to)
            assert response.status_code == 400
            page = response.content.decode()
            assert "govuk-error-summary" in page
            assert "follow your local safeguarding procedures now" in page
        assert errors.NOBODY_ANSWERS.format(organisation="Riverside Primary") in page
        response = ask_api(client, addressed_to="partnership")
        assert response.status_code == 400
        assert (
            "Ask your supervisor or manager" in response.json()["error"]["fields"]["addressed_to"]
        )
        assert not AdviceRequest.objects.exists()
        assert mail.outbox == []

    def test_an_advisor_in_another_partnership_does_not_count(
        self, client, teacher, stranger, make_member
    ) -> None:
        make_member(Role.ADVISOR, OrganisationFactory(partnership=stranger))
        client.force_login(teacher)
        assert ask_page(client, addressed_to="partnership").status_code == 400
        assert not AdviceRequest.objects.exists()

    def test_a_manager_of_the_organisation_answers_and_is_the_one_emailed(
        self, client, teacher, school, make_member, django_capture_on_commit_callbacks
    ) -> None:
        head = make_member(Role.MANAGER, school, full_name="Hana Head")
        client.force_login(teacher)
        assert radios(client.get(NEW).content.decode()) == {
            "organisation": True,
            "partnership": False,
        }
        with django_capture_on_commit_callbacks(execute=True):
            response = ask_page(client)
        created = AdviceRequest.objects.get()
        assert response.status_code == 302
        assert [m.to for m in mail.outbox] == [[head.email]]
        page = client.get(sent(created)).content.decode()
        assert "We have emailed the managers at Riverside Primary" in page
        client.force_login(head)
        assert created.reference in client.get(reverse("advice:queue")).content.decode()


class TestTheConfirmation:
    def test_it_names_the_organisation_whose_advisors_were_emailed(
        self, client, practitioner, advisor, home_org
    ) -> None:
        client.force_login(practitioner)
        ask_page(client)
        page = client.get(sent(AdviceRequest.objects.get())).content.decode()
        assert "We have emailed the information sharing advisors at Home Council." in page
