"""Defects found by a code review, each pinned by a test: someone who has left an
organisation no longer acts for it through what they wrote there; a draft finalised
meanwhile sends its author to the record (never a 500); a second press of a button (or a
second request at the same moment) does not fail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from unittest.mock import patch

import pytest
from django.urls import reverse
from django.utils import timezone

from infoshare.core.roles import Role
from infoshare.decisions.advice_links import decision_asked_about
from infoshare.decisions.models import Person, SharingDecision, Status
from infoshare.decisions.services import people as people_service
from infoshare.decisions.services.records import amend_decision, finalise_decision
from infoshare.decisions.tests.factories import make_decision, make_person
from infoshare.decisions.tests.finalising import press_finalise
from infoshare.decisions.tests.test_api_decisions import Api
from infoshare.partnerships.tests.factories import MembershipFactory, UserFactory

NHS_NUMBER = "9434765919"


def url(name: str, decision: Any) -> str:
    return reverse(f"decisions:{name}", kwargs={"decision_id": decision.pk})


@pytest.fixture(params=[True, False], ids=["left", "current"])
def has_left(request: Any) -> bool:
    return bool(request.param)


@pytest.fixture
def writer(has_left: bool, home_org: Any, other_org: Any) -> Any:
    """A practitioner of the home organisation who has since left it for another, or who
    still works there too."""
    user = UserFactory()
    today = timezone.localdate()
    MembershipFactory(
        person=user,
        organisation=home_org,
        role=Role.PRACTITIONER,
        starts_on=today - dt.timedelta(days=90),
        ends_on=today if has_left else None,
    )
    MembershipFactory(person=user, organisation=other_org, role=Role.PRACTITIONER)
    return user


@pytest.fixture
def old_draft(writer: Any, home_org: Any) -> SharingDecision:
    """A complete draft the writer started in the home organisation."""
    return make_decision(
        organisation=home_org,
        author=writer,
        status=Status.DRAFT,
        finalised_at=None,
        people=[make_person(organisation=home_org)],
    )


@pytest.fixture
def old_record(writer: Any, home_org: Any) -> SharingDecision:
    """A final record the writer made in the home organisation."""
    return make_decision(organisation=home_org, author=writer)


class TestSomeoneWhoLeft:
    """A draft or record is its author's to work on only while they still record for its
    organisation: otherwise it is not found (404), on the pages and through the API."""

    def test_adding_a_person_by_id(
        self, client: Any, writer: Any, has_left: bool, old_draft: Any, home_org: Any
    ) -> None:
        other = make_person(organisation=home_org, given_name="Secretname")
        client.force_login(writer)
        response = client.post(url("people", old_draft), {"action": "add", "person": other.pk})
        if has_left:
            assert response.status_code == 404
            assert not old_draft.people.filter(pk=other.pk).exists()
            shown = client.get(url("people", old_draft))
            assert shown.status_code == 404
            assert "Secretname" not in shown.content.decode()
        else:
            assert response.status_code == 302
            assert old_draft.people.filter(pk=other.pk).exists()
            assert "Secretname" in client.get(url("people", old_draft)).content.decode()

    def test_adding_a_new_person(
        self, client: Any, writer: Any, has_left: bool, old_draft: Any
    ) -> None:
        client.force_login(writer)
        data = {"given_name": "Robin", "family_name": "Oak", "role_in_case": "child"}
        response = client.post(url("person_new", old_draft), data)
        added = Person.objects.filter(family_name="Oak")
        if has_left:
            assert response.status_code == 404
            assert not added.exists()
        else:
            assert response.status_code == 302
            assert added.get().organisation_id == old_draft.organisation_id

    def test_finalising(self, client: Any, writer: Any, has_left: bool, old_draft: Any) -> None:
        client.force_login(writer)
        response = press_finalise(client, old_draft)
        old_draft.refresh_from_db()
        if has_left:
            assert response.status_code == 404
            assert old_draft.status == Status.DRAFT
        else:
            assert response.status_code == 302
            assert old_draft.status == Status.FINAL

    def test_amending(self, client: Any, writer: Any, has_left: bool, old_record: Any) -> None:
        client.force_login(writer)
        response = client.post(url("amend", old_record), {"reason": "Correct the date"})
        amendments = SharingDecision.objects.filter(previous=old_record)
        if has_left:
            # Refused by the service (the page itself is views/records.py's to close).
            assert response.status_code != 302
            assert not amendments.exists()
        else:
            assert response.status_code == 302
            assert amendments.get().author_id == writer.pk

    def test_the_draft_is_neither_listed_nor_opened(
        self, client: Any, writer: Any, has_left: bool, old_draft: Any
    ) -> None:
        client.force_login(writer)
        home = client.get(reverse("core:home")).content.decode()
        resumed = client.get(url("resume", old_draft))
        if has_left:
            assert old_draft.reference not in home
            assert resumed.status_code == 404
        else:
            assert old_draft.reference in home
            assert resumed.status_code == 302

    def test_through_the_api(
        self,
        client: Any,
        writer: Any,
        has_left: bool,
        old_draft: Any,
        old_record: Any,
        home_org: Any,
    ) -> None:
        api = Api(client, writer)
        other = make_person(organisation=home_org)
        calls = [
            ("patch", "decision_update", {"people": [other.pk]}, old_draft),
            ("post", "decision_finalise", None, old_draft),
            ("post", "decision_amend", {"reason": "Correct the date"}, old_record),
        ]
        for method, name, body, decision in calls:
            response = api.call(method, name, body, decision_id=decision.pk)
            expected = 404 if has_left else (201 if name == "decision_amend" else 200)
            assert response.status_code == expected, (name, response.json())
        old_draft.refresh_from_db()
        assert old_draft.status == (Status.DRAFT if has_left else Status.FINAL)
        assert SharingDecision.objects.filter(previous=old_record).exists() != has_left


class TestFinalisedMeanwhile:
    """The page was read while the record was a draft; it was finalised (another tab, the
    API) before the service locked it: its author goes to the final record."""

    @pytest.mark.parametrize(
        ("module", "page", "data"),
        [
            ("record_steps", "finalise", {}),
            ("record_steps", "discard", {}),
            ("start", "people", {"action": "add"}),
        ],
    )
    def test_the_author_is_sent_to_the_record(
        self,
        signed_in_practitioner: Any,
        practitioner: Any,
        home_org: Any,
        module: str,
        page: str,
        data: dict[str, Any],
    ) -> None:
        person = make_person(organisation=home_org)
        draft = make_decision(
            organisation=home_org,
            author=practitioner,
            status=Status.DRAFT,
            finalised_at=None,
            people=[person],
        )
        stale = SharingDecision.objects.get(pk=draft.pk)
        finalise_decision(actor=practitioner, decision_id=draft.pk)
        with patch(f"infoshare.decisions.views.{module}.draft_for", return_value=stale):
            response = signed_in_practitioner.post(
                url(page, draft), data | {"person": str(person.pk)}
            )
        assert response.status_code == 302
        assert response["Location"] == url("decision_detail", draft)
        followed = signed_in_practitioner.get(response["Location"]).content.decode()
        assert "This record has been finalised" in followed
        assert SharingDecision.objects.get(pk=draft.pk).status == Status.FINAL


class TestDoubleSubmit:
    def test_the_buttons_prevent_a_double_click(
        self, signed_in_practitioner: Any, practitioner: Any, draft: Any, home_org: Any
    ) -> None:
        record = make_decision(organisation=home_org, author=practitioner)
        pages = {
            url("person_new", draft): "Add person",
            url("amend", record): "Start the amendment",
        }
        for page, button in pages.items():
            html = signed_in_practitioner.get(page).content.decode()
            assert (
                'class="govuk-button" data-module="govuk-button" '
                f'data-prevent-double-click="true">{button}</button>'
            ) in html

    def test_starting_the_amendment_twice_leads_to_the_one_amendment(
        self, signed_in_practitioner: Any, practitioner: Any, home_org: Any
    ) -> None:
        record = make_decision(organisation=home_org, author=practitioner)
        first = signed_in_practitioner.post(url("amend", record), {"reason": "Correct the date"})
        second = signed_in_practitioner.post(url("amend", record), {"reason": "Correct the date"})
        amendment = SharingDecision.objects.get(previous=record)
        assert first.status_code == second.status_code == 302
        assert first["Location"] == second["Location"] == url("finalise", amendment)

    def test_someone_elses_amendment_in_progress_is_still_a_conflict(
        self, client: Any, practitioner: Any, manager: Any, home_org: Any
    ) -> None:
        record = make_decision(organisation=home_org, author=practitioner)
        amend_decision(actor=manager, decision_id=record.pk, reason="Correct the date")
        client.force_login(practitioner)
        response = client.post(url("amend", record), {"reason": "Another correction"})
        assert response.status_code == 400
        assert "An amendment of this record is already in progress" in response.content.decode()
        assert SharingDecision.objects.filter(previous=record).count() == 1

    def test_the_same_nhs_number_added_at_the_same_moment_is_refused_as_a_duplicate(
        self, signed_in_practitioner: Any, draft: Any, home_org: Any
    ) -> None:
        """The check for an NHS number already recorded ran before the other request's
        insert (simulated: the first check misses it); the insert then fails the unique
        constraint and is refused as the check would have been."""
        make_person(organisation=home_org, nhs_number=NHS_NUMBER)
        seen: list[bool] = []
        real_check: Callable[[int, str], bool] = people_service._nhs_number_recorded

        def first_check_misses(organisation_id: int, number: str) -> bool:
            seen.append(True)
            return len(seen) > 1 and real_check(organisation_id, number)

        data = {
            "given_name": "Robin",
            "family_name": "Oak",
            "nhs_number": "943 476 5919",
            "role_in_case": "child",
        }
        with patch.object(people_service, "_nhs_number_recorded", first_check_misses):
            response = signed_in_practitioner.post(url("person_new", draft), data)
        assert response.status_code == 400
        assert "A person with this NHS number is already recorded" in response.content.decode()
        assert Person.objects.filter(nhs_number=NHS_NUMBER).count() == 1
        assert not draft.people.exists()


# Someone who has left no longer reads the organisation's records through having written
# them, nor is sent to them from their home page or the advice pages.


def test_left_their_final_record_page_and_api(
    client: Any, writer: Any, has_left: bool, old_record: SharingDecision
) -> None:
    client.force_login(writer)
    page = client.get(reverse("decisions:decision_detail", kwargs={"decision_id": old_record.pk}))
    assert page.status_code == (404 if has_left else 200)
    api = Api(client, writer)
    found = api.call("get", "decision_read", decision_id=old_record.pk)
    assert found.status_code == (404 if has_left else 200)


def test_left_their_decisions_list(
    client: Any, writer: Any, has_left: bool, old_record: SharingDecision
) -> None:
    client.force_login(writer)
    page = client.get(reverse("decisions:my_decisions"))
    assert page.status_code == 200
    assert (old_record.reference in page.content.decode()) is not has_left


def test_left_an_overdue_urgent_draft_on_their_home_page(
    client: Any, writer: Any, has_left: bool, home_org: Any
) -> None:
    draft = make_decision(
        organisation=home_org,
        author=writer,
        status=Status.DRAFT,
        finalised_at=None,
        urgent=True,
        urgent_due_at=timezone.now() - dt.timedelta(hours=1),
    )
    client.force_login(writer)
    home = client.get(reverse("core:home")).content.decode()
    resume = reverse("decisions:resume", kwargs={"decision_id": draft.pk})
    assert (resume in home) is not has_left


def test_left_the_advice_pages_link_back_to_it(
    writer: Any, has_left: bool, old_record: SharingDecision
) -> None:
    assert (decision_asked_about(writer, old_record.pk) is None) is has_left
