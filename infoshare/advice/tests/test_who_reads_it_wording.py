"""The advice pages say truly who reads a question (``policy``), and in GOV.UK words.

A content review found, on the demo: a teacher at a school where nobody else answers
advice named the police's advisor; the form said "Nobody else at Riverside Primary School
can answer advice requests", then the request's page told the teacher and the advisor
"Others who answer advice requests at Riverside Primary School can also see it". The
council's only advisor, asking, was told her organisation "has no information sharing
advisor". The form said "Tick" (GOV.UK says "Select") and gave the identity guidance
twice."""

from __future__ import annotations

import html as markup
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from infoshare.advice.models import AddressedTo, AdviceRequest
from infoshare.core.roles import Role
from infoshare.partnerships.models import Membership
from infoshare.partnerships.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

NEW = reverse("advice:request_new")
QUESTION = "May I tell the council about the family's move?"
IDENTITY = "Seek advice without disclosing the identity of the person where possible."


def text(html: str) -> str:
    """The page's words, tags dropped and spaces collapsed."""
    return " ".join(markup.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def asked_of(html: str) -> str:
    """The words of the request page's "Asked of" row."""
    row = re.search(r"Asked of</dt>(.*?)</dd>", html, re.S)
    assert row, html
    return text(row.group(1))


def detail(created: AdviceRequest) -> str:
    return reverse("advice:request_detail", kwargs={"request_id": created.pk})


@pytest.fixture
def school(partnership: Any) -> Any:
    """Like the demo's Riverside Primary School: nobody there answers advice."""
    return OrganisationFactory(partnership=partnership, name="Riverside Primary School")


@pytest.fixture
def teacher(make_member: Any, school: Any) -> Any:
    return make_member(Role.PRACTITIONER, school, full_name="Tom Hughes")


@pytest.fixture
def dan(make_member: Any, other_org: Any) -> Any:
    """Like the demo's police advisor: an advisor elsewhere in the partnership."""
    return make_member(Role.ADVISOR, other_org, full_name="Dan Reid")


def ask(client: Any, asker: Any, **overrides: Any) -> AdviceRequest:
    client.force_login(asker)
    data = {"question": QUESTION, "name_person": "no", "addressed_to": "organisation"}
    response = client.post(NEW, data | overrides)
    assert response.status_code == 302, response.content.decode()
    return AdviceRequest.objects.latest("id")


def ask_dan(client: Any, asker: Any, dan: Any) -> AdviceRequest:
    return ask(client, asker, addressed_to=AddressedTo.ADVISOR, advisor=str(dan.pk))


class TestANamedAdvisorsQuestion:
    def test_where_nobody_else_answers_the_page_says_only_the_named_advisor_can(
        self, client, teacher, dan
    ) -> None:
        client.force_login(teacher)
        form = text(client.get(NEW).content.decode())
        assert "Nobody else at Riverside Primary School can answer advice requests" in form
        created = ask_dan(client, teacher, dan)

        as_teacher = asked_of(client.get(detail(created)).content.decode())
        assert as_teacher == (
            "Dan Reid (named advisor). Nobody else at Riverside Primary School answers "
            "advice requests, so only Dan Reid can answer it."
        )
        client.force_login(dan)
        as_dan = asked_of(client.get(detail(created)).content.decode())
        assert as_dan == (
            "You (named advisor). Nobody else at Riverside Primary School answers advice "
            "requests, so only you can answer it."
        )
        for words in (as_teacher, as_dan):
            assert "can also see it" not in words

    def test_the_managers_who_also_see_it_are_named_and_do_see_it(
        self, client, teacher, dan, make_member, school
    ) -> None:
        head = make_member(Role.MANAGER, school, full_name="Hana Head")
        created = ask_dan(client, teacher, dan)
        assert asked_of(client.get(detail(created)).content.decode()) == (
            "Dan Reid (named advisor). Others who answer advice requests at Riverside "
            "Primary School (its managers) can also see it."
        )
        client.force_login(head)
        assert client.get(detail(created)).status_code == 200  # as the page says

    def test_advisors_and_managers_of_the_asking_organisation(
        self, client, practitioner, advisor, manager, dan
    ) -> None:
        created = ask_dan(client, practitioner, dan)
        assert asked_of(client.get(detail(created)).content.decode()) == (
            "Dan Reid (named advisor). Others who answer advice requests at Home Council "
            "(its information sharing advisors and managers) can also see it."
        )

    def test_the_named_advisor_is_not_counted_among_the_others(
        self, client, practitioner, advisor
    ) -> None:
        # The council's only advisor, named: nobody else there sees it.
        created = ask(
            client, practitioner, addressed_to=AddressedTo.ADVISOR, advisor=str(advisor.pk)
        )
        words = asked_of(client.get(detail(created)).content.decode())
        assert "Nobody else at Home Council answers advice requests" in words
        assert "can also see it" not in words

    def test_a_named_advisor_who_has_left_is_said_to_answer_it_no_longer(
        self, client, teacher, dan
    ) -> None:
        created = ask_dan(client, teacher, dan)
        Membership.objects.filter(person=dan).update(ends_on=timezone.localdate())
        words = asked_of(client.get(detail(created)).content.decode())
        assert "They no longer answer advice requests in this partnership." in words
        assert "only Dan Reid can answer it" not in words


class TestOtherQuestions:
    def test_to_the_organisation_its_managers_are_named_with_its_advisors(
        self, client, practitioner, advisor, manager
    ) -> None:
        created = ask(client, practitioner)
        assert asked_of(client.get(detail(created)).content.decode()) == (
            "Those who answer advice requests at Home Council: its information sharing "
            "advisors and managers."
        )

    def test_to_the_partnership_the_managers_of_the_organisation_see_it_too(
        self, client, teacher, dan, make_member, school
    ) -> None:
        make_member(Role.MANAGER, school, full_name="Hana Head")
        created = ask(client, teacher, addressed_to=AddressedTo.PARTNERSHIP)
        assert asked_of(client.get(detail(created)).content.decode()) == (
            "All information sharing advisors in the partnership. The managers at "
            "Riverside Primary School can also see it."
        )

    def test_to_the_partnership_with_no_manager_nobody_else_is_named(
        self, client, teacher, dan
    ) -> None:
        created = ask(client, teacher, addressed_to=AddressedTo.PARTNERSHIP)
        assert asked_of(client.get(detail(created)).content.decode()) == (
            "All information sharing advisors in the partnership."
        )


class TestTheOnlyAdvisorAsking:
    @pytest.fixture
    def council(self, partnership: Any) -> Any:
        return OrganisationFactory(partnership=partnership, name="Northshire Council")

    def test_her_organisation_has_no_other_advisor(self, client, make_member, council) -> None:
        ada = make_member(Role.ADVISOR, council, full_name="Ada Okafor")
        make_member(Role.MANAGER, council, full_name="Mark Evans")
        client.force_login(ada)
        page = text(client.get(NEW).content.decode())
        assert (
            "At Northshire Council this goes to its managers: it has no other information "
            "sharing advisor." in page
        )
        assert "it has no information sharing advisor" not in page

    def test_a_practitioner_there_is_told_it_has_none(self, client, make_member, council) -> None:
        priya = make_member(Role.PRACTITIONER, council, full_name="Priya Shah")
        make_member(Role.MANAGER, council, full_name="Mark Evans")
        client.force_login(priya)
        page = text(client.get(NEW).content.decode())
        assert (
            "At Northshire Council this goes to its managers: it has no information "
            "sharing advisor." in page
        )

    def test_asking_for_two_organisations_each_is_told_its_own(
        self, client, make_member, council, school
    ) -> None:
        ada = make_member(Role.ADVISOR, council, full_name="Ada Okafor")
        make_member(Role.MANAGER, council, full_name="Mark Evans")
        Membership.objects.create(person=ada, organisation=school, role=Role.PRACTITIONER)
        make_member(Role.MANAGER, school, full_name="Hana Head")
        client.force_login(ada)
        page = text(client.get(NEW).content.decode())
        assert (
            "At Riverside Primary School this goes to its managers: it has no information "
            "sharing advisor. At Northshire Council this goes to its managers: it has no "
            "other information sharing advisor." in page
        )


class TestTheFormsWords:
    def test_the_urgent_box_says_select_not_tick(self, client, practitioner, advisor) -> None:
        client.force_login(practitioner)
        page = text(client.get(NEW).content.decode())
        assert "Select this if you need an answer today." in page
        assert "Tick" not in page

    def test_the_identity_guidance_is_given_once(self, client, practitioner, advisor) -> None:
        client.force_login(practitioner)
        page = text(client.get(NEW).content.decode())
        assert page.count(IDENTITY) == 1
