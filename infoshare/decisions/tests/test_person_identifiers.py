"""A person's identifiers are the recording organisation's: the staff of an organisation
that records were shared with see the name only, on the page and through the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from infoshare.core.roles import Role
from infoshare.decisions.tests.factories import make_decision, make_person
from infoshare.decisions.tests.test_api_decisions import Api

NHS = "9434765919"


@pytest.fixture
def child(home_org: Any, practitioner: Any, other_org: Any) -> Any:
    """A child the home organisation recorded, with a record shared with the school."""
    person = make_person(
        organisation=home_org,
        given_name="Amara",
        family_name="Okafor",
        date_of_birth=dt.date(2015, 3, 27),
        local_reference="CASE-77",
        nhs_number=NHS,
    )
    make_decision(
        author=practitioner,
        organisation=home_org,
        recipient_organisation=other_org,
        external_recipient="",
        people=[person],
        information_categories=["education"],
    )
    return person


@pytest.fixture
def teacher(make_member: Any, other_org: Any) -> Any:
    return make_member(Role.PRACTITIONER, other_org)


def page_of(person: Any) -> str:
    return reverse("decisions:person_detail", kwargs={"person_id": person.pk})


def test_a_teacher_at_the_school_sees_the_name_only(client: Any, teacher: Any, child: Any) -> None:
    client.force_login(teacher)
    response = client.get(page_of(child))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Amara Okafor" in body
    for hidden in ("27 March 2015", "CASE-77", NHS, "943 476 5919", "Date of birth", "NHS number"):
        assert hidden not in body, hidden
    assert "Other identifiers are held by Home Council" in body


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.MANAGER, Role.ADVISOR])
def test_the_recording_organisations_staff_see_every_identifier_the_nhs_number_spaced(
    client: Any, make_member: Any, home_org: Any, child: Any, role: str
) -> None:
    client.force_login(make_member(role, home_org))
    body = client.get(page_of(child)).content.decode()
    for shown in ("27 March 2015", "CASE-77", "943 476 5919"):
        assert shown in body, shown
    assert NHS not in body
    assert "Other identifiers are held" not in body


def test_the_api_gives_a_recipient_the_name_only(client: Any, teacher: Any, child: Any) -> None:
    response = Api(client, teacher).call("get", "people_read", person_id=child.pk)
    assert response.status_code == 200
    body = response.json()
    assert (body["given_name"], body["family_name"]) == ("Amara", "Okafor")
    assert body["date_of_birth"] is None
    assert body["local_reference"] == ""
    assert body["nhs_number"] == ""


def test_the_api_gives_the_recording_organisation_everything(
    client: Any, practitioner: Any, child: Any
) -> None:
    body = Api(client, practitioner).call("get", "people_read", person_id=child.pk).json()
    assert body["date_of_birth"] == "2015-03-27"
    assert (body["local_reference"], body["nhs_number"]) == ("CASE-77", NHS)


def test_a_recipient_cannot_search_the_recording_organisations_people(
    client: Any, teacher: Any, home_org: Any, child: Any
) -> None:
    api = Api(client, teacher)
    own = api.call("get", "people_search", {"q": "Amara Okafor"})
    assert own.status_code == 200
    assert own.json() == []
    theirs = api.call("get", "people_search", {"q": "Amara", "organisation_id": home_org.pk})
    assert theirs.status_code == 400
    by_birthday = api.call("get", "people_search", {"date_of_birth": "2015-03-27"})
    assert by_birthday.json() == []


def test_a_teacher_reading_the_shared_record_through_the_api_gets_names_only(
    client: Any, teacher: Any, child: Any, practitioner: Any
) -> None:
    api = Api(client, teacher)
    listed = api.call("get", "decision_list", {"scope": "all"})
    assert listed.status_code == 200, listed.json()
    [item] = listed.json()["items"]
    read = api.call("get", "decision_read", decision_id=item["id"]).json()
    for body in (item, read):
        [person] = body["people"]
        assert (person["given_name"], person["family_name"]) == ("Amara", "Okafor")
        assert person["nhs_number"] == ""
        assert person["local_reference"] == ""
        assert person["date_of_birth"] is None
    # The recording organisation's own staff still see them.
    own = Api(client, practitioner).call("get", "decision_read", decision_id=item["id"]).json()
    assert own["people"][0]["nhs_number"] == NHS


def record_of(child: Any) -> Any:
    from infoshare.decisions.models import SharingDecision

    return SharingDecision.objects.get(people=child)


def test_a_teacher_reads_the_shared_record_with_the_childs_name_only(
    client: Any, teacher: Any, child: Any
) -> None:
    """The record page and its PDF, like the person's page and the API: no date of birth
    (nor any other identifier) for the receiving organisation."""
    from infoshare.decisions.tests.test_exports import _flat, _pdf_lines

    decision = record_of(child)
    client.force_login(teacher)
    body = client.get(
        reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk})
    ).content.decode()
    assert "Amara Okafor" in body
    pdf = client.get(reverse("decisions:decision_pdf", kwargs={"decision_id": decision.pk}))
    flat = _flat(_pdf_lines(pdf.content))
    assert "AmaraOkafor" in flat
    for hidden in ("27 March 2015", "born", "CASE-77", NHS):
        assert hidden not in body, hidden
        assert hidden.replace(" ", "") not in flat, hidden


def test_the_recording_organisation_reads_the_record_with_the_date_of_birth(
    client: Any, practitioner: Any, child: Any
) -> None:
    from infoshare.decisions.tests.test_exports import _flat, _pdf_lines

    decision = record_of(child)
    client.force_login(practitioner)
    body = client.get(
        reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk})
    ).content.decode()
    assert "Amara Okafor (born 27 March 2015)" in body
    pdf = client.get(reverse("decisions:decision_pdf", kwargs={"decision_id": decision.pk}))
    assert "AmaraOkafor(born27March2015)" in _flat(_pdf_lines(pdf.content))
