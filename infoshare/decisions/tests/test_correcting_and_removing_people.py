"""Correcting a person's details and removing a person added by mistake (UK GDPR Article
16): the pages, who may use them, what they check, and what the audit trail keeps."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse

from infoshare.audit.models import AuditEvent
from infoshare.core import access
from infoshare.core.roles import Role
from infoshare.decisions.models import Person
from infoshare.decisions.tests.factories import make_decision, make_person

NHS = "9434765919"
OTHER_NHS = "4010232137"  # a valid NHS number too
#: The roles that add people, and so may correct and remove them (in their organisation).
RECORDING = [Role.PRACTITIONER, Role.MANAGER, Role.ADVISOR, Role.SENIOR_LEAD]
OTHERS = [Role.ORG_ADMIN, Role.BOARD_MEMBER, Role.PARTNERSHIP_ADMIN, Role.AUDITOR]
PAGES = ["decisions:person_change", "decisions:person_remove"]


@pytest.fixture
def amara(home_org: Any) -> Person:
    """A person added by mistake: no record is about her."""
    return make_person(
        organisation=home_org,
        given_name="Amara",
        family_name="Okafr",
        date_of_birth=dt.date(2015, 3, 27),
        local_reference="CASE-77",
        nhs_number=NHS,
    )


@pytest.fixture
def shared_child(home_org: Any, other_org: Any, practitioner: Any) -> Person:
    """A child the home organisation recorded, with a record shared with the school."""
    person = make_person(organisation=home_org, given_name="Ben", family_name="Adeyemi")
    make_decision(
        author=practitioner,
        organisation=home_org,
        recipient_organisation=other_org,
        external_recipient="",
        people=[person],
    )
    return person


def url(name: str, person: Person | int) -> str:
    return reverse(name, kwargs={"person_id": getattr(person, "pk", person)})


def change(**fields: Any) -> dict[str, Any]:
    """The change form as the page sends it, with Amara's details and a reason."""
    return {
        "given_name": "Amara",
        "family_name": "Okafor",
        "dob_day": "27",
        "dob_month": "3",
        "dob_year": "2015",
        "local_reference": "CASE-77",
        "nhs_number": "943 476 5919",
        "role_in_case": "child",
        "reason": "Family name typed wrongly",
    } | fields


def error_summary(body: str) -> list[str]:
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', body, re.S)
    assert summary, "no error summary"
    return re.findall(r"<a [^>]*>(.*?)</a>", summary.group(1))


# -- Who may: every role, another organisation, a receiving organisation. ----------------


def test_the_new_pages_have_the_rule_of_the_roles_that_add_people() -> None:
    for name in PAGES:
        rule = access.rule_for(name)
        assert rule is not None
        assert rule == access.rule_for("decisions:person_new"), name


@pytest.mark.parametrize("role", RECORDING)
@pytest.mark.parametrize("name", PAGES)
def test_staff_of_the_recording_organisation_who_add_people_get_the_pages(
    client: Any, make_member: Any, home_org: Any, amara: Person, role: str, name: str
) -> None:
    client.force_login(make_member(role, home_org))
    assert client.get(url(name, amara)).status_code == 200
    assert client.get(url(name, 999999)).status_code == 404


@pytest.mark.parametrize("role", OTHERS)
@pytest.mark.parametrize("name", PAGES)
def test_roles_that_do_not_add_people_are_refused(
    client: Any, make_member: Any, home_org: Any, amara: Person, role: str, name: str
) -> None:
    client.force_login(make_member(role, home_org))
    assert client.get(url(name, amara)).status_code == 403
    assert client.post(url(name, amara), change()).status_code == 403
    amara.refresh_from_db()
    assert amara.family_name == "Okafr"


@pytest.mark.parametrize("name", PAGES)
def test_another_organisation_gets_not_found(
    client: Any, foreign_org_user: Any, amara: Person, name: str
) -> None:
    client.force_login(foreign_org_user)
    assert client.get(url(name, amara)).status_code == 404
    assert client.post(url(name, amara), change()).status_code == 404
    assert Person.objects.filter(pk=amara.pk, family_name="Okafr").exists()


@pytest.mark.parametrize("name", PAGES)
def test_a_receiving_organisation_sees_the_name_but_changes_nothing(
    client: Any, make_member: Any, other_org: Any, shared_child: Person, name: str
) -> None:
    teacher = make_member(Role.PRACTITIONER, other_org)
    client.force_login(teacher)
    page = client.get(url("decisions:person_detail", shared_child)).content.decode()
    assert "Ben Adeyemi" in page  # they see the person...
    assert url("decisions:person_change", shared_child) not in page  # ...and no link
    assert url("decisions:person_remove", shared_child) not in page
    assert client.get(url(name, shared_child)).status_code == 404
    sent = change(given_name="Benjamin", family_name="Adeyemi", reason="Wrong")
    assert client.post(url(name, shared_child), sent).status_code == 404
    shared_child.refresh_from_db()
    assert shared_child.given_name == "Ben"


def test_the_person_page_links_to_both_for_those_who_may(
    client: Any, practitioner: Any, amara: Person
) -> None:
    client.force_login(practitioner)
    page = client.get(url("decisions:person_detail", amara)).content.decode()
    assert f'href="{url("decisions:person_change", amara)}"' in page
    assert f'href="{url("decisions:person_remove", amara)}"' in page


# -- Correcting. -------------------------------------------------------------------------


def test_the_form_shows_the_details_as_recorded_and_the_view_is_audited(
    client: Any, practitioner: Any, amara: Person
) -> None:
    client.force_login(practitioner)
    page = client.get(url("decisions:person_change", amara)).content.decode()
    for shown in ('value="Okafr"', 'value="CASE-77"', 'value="943 476 5919"', 'value="2015"'):
        assert shown in page, shown
    assert "<title>Change a person's details \N{EN DASH} Infoshare</title>" in page
    assert AuditEvent.objects.filter(
        action="decisions.viewed_person", object_id=str(amara.pk), actor_id=practitioner.pk
    ).exists()


def test_a_correction_is_saved_audited_with_before_and_after_and_said_on_the_person_page(
    client: Any, practitioner: Any, home_org: Any, amara: Person
) -> None:
    client.force_login(practitioner)
    response = client.post(
        url("decisions:person_change", amara),
        change(nhs_number="401 023 2137", dob_day="28", local_reference="CASE-78"),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url("decisions:person_detail", amara)
    body = response.content.decode()
    assert "govuk-notification-banner--success" in body
    assert "Amara Okafor&#x27;s details have been changed" in body
    amara.refresh_from_db()
    assert (amara.family_name, amara.date_of_birth) == ("Okafor", dt.date(2015, 3, 28))
    assert (amara.nhs_number, amara.local_reference) == (OTHER_NHS, "CASE-78")
    event = AuditEvent.objects.get(action="decisions.person_corrected")
    assert (event.actor_id, event.organisation_id) == (practitioner.pk, home_org.pk)
    assert (event.object_type, event.object_id) == ("decisions.Person", str(amara.pk))
    assert event.data == {
        "changed": ["family_name", "date_of_birth", "local_reference", "nhs_number"],
        "before": {
            "family_name": "Okafr",
            "date_of_birth": "2015-03-27",
            "local_reference": "CASE-77",
            "nhs_number": "*** *** *919",
        },
        "after": {
            "family_name": "Okafor",
            "date_of_birth": "2015-03-28",
            "local_reference": "CASE-78",
            "nhs_number": "*** *** *137",
        },
        "reason": "Family name typed wrongly",
    }


def test_bad_input_gets_the_error_summary_and_nothing_is_saved(
    client: Any, practitioner: Any, amara: Person
) -> None:
    client.force_login(practitioner)
    response = client.post(
        url("decisions:person_change", amara),
        change(
            given_name="Amara2",
            family_name="",
            dob_year="15",
            nhs_number="943 476 5910",  # wrong check digit
            reason="   ",
        ),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "<title>Error: Change a person" in body
    assert error_summary(body) == [
        "Given name must only include letters, spaces, hyphens, apostrophes and full stops",
        "Enter the family name",
        "Year must include 4 numbers",
        "Enter a valid NHS number, like 943 476 5919: 10 digits with a correct check digit",
        "Enter why the details need correcting",
    ]
    amara.refresh_from_db()
    assert (amara.given_name, amara.family_name, amara.nhs_number) == ("Amara", "Okafr", NHS)
    assert not AuditEvent.objects.filter(action="decisions.person_corrected").exists()


def test_an_nhs_number_another_person_has_is_refused_on_its_field(
    client: Any, practitioner: Any, home_org: Any, amara: Person
) -> None:
    make_person(organisation=home_org, nhs_number=OTHER_NHS)
    client.force_login(practitioner)
    response = client.post(url("decisions:person_change", amara), change(nhs_number=OTHER_NHS))
    assert response.status_code == 400
    assert error_summary(response.content.decode())[0].startswith(
        "Your organisation has recorded another person with this NHS number"
    )
    amara.refresh_from_db()
    assert amara.nhs_number == NHS


def test_the_same_page_sent_twice_changes_once_and_says_so_once(
    client: Any, practitioner: Any, amara: Person
) -> None:
    client.force_login(practitioner)
    page = client.get(url("decisions:person_change", amara)).content.decode()
    key = re.search(r'name="page_key" value="([0-9a-f]{32})"', page)
    assert key
    sent = change(page_key=key.group(1))
    client.post(url("decisions:person_change", amara), sent)
    again = client.post(url("decisions:person_change", amara), sent, follow=True)
    body = again.content.decode()
    assert body.count("details have been changed") == 1
    assert "nothing was saved" not in body
    assert AuditEvent.objects.filter(action="decisions.person_corrected").count() == 1


def test_details_sent_unchanged_save_nothing_and_say_so(
    client: Any, practitioner: Any, amara: Person
) -> None:
    client.force_login(practitioner)
    sent = change(family_name="Okafr")
    body = client.post(url("decisions:person_change", amara), sent, follow=True).content.decode()
    assert "You did not change any details, so nothing was saved" in body
    assert not AuditEvent.objects.filter(action="decisions.person_corrected").exists()


# -- Removing. ---------------------------------------------------------------------------


def test_a_person_added_by_mistake_is_removed_and_the_removal_accounted_for(
    client: Any, practitioner: Any, home_org: Any, amara: Person
) -> None:
    client.force_login(practitioner)
    page = client.get(url("decisions:person_remove", amara)).content.decode()
    assert "Are you sure you want to remove this person?" in page
    assert "Yes, remove this person" in page
    response = client.post(
        url("decisions:person_remove", amara), {"reason": "Added twice"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("core:home")
    assert "Amara Okafr has been removed from the register" in response.content.decode()
    assert not Person.objects.filter(pk=amara.pk).exists()
    event = AuditEvent.objects.get(action="decisions.person_removed")
    assert (event.actor_id, event.organisation_id) == (practitioner.pk, home_org.pk)
    assert (event.object_type, event.object_id) == ("decisions.Person", str(amara.pk))
    assert event.data["reason"] == "Added twice"
    removed = event.data["removed"]
    assert {k: removed[k] for k in removed if k not in ("added_by_id", "added_at")} == {
        "given_name": "Amara",
        "family_name": "Okafr",
        "date_of_birth": "2015-03-27",
        "local_reference": "CASE-77",
        "nhs_number": "*** *** *919",
        "role_in_case": "child",
    }
    assert removed["added_by_id"] == amara.created_by_id
    # The person's page is gone: the same not-found as for anyone who never was.
    assert client.get(url("decisions:person_detail", amara)).status_code == 404


@pytest.mark.parametrize("status", ["draft", "final"])
def test_a_person_a_record_is_about_cannot_be_removed(
    client: Any, practitioner: Any, manager: Any, home_org: Any, amara: Person, status: str
) -> None:
    # A colleague's record (a draft the practitioner cannot see, too).
    extra = {"finalised_at": None} if status == "draft" else {}
    make_decision(author=manager, organisation=home_org, people=[amara], status=status, **extra)
    client.force_login(practitioner)
    page = client.get(url("decisions:person_remove", amara))
    body = page.content.decode()
    assert page.status_code == 200
    assert "You cannot remove this person" in body
    assert "there are decision records about them (drafts included)" in body
    assert "Records are kept as they were made" in body
    assert f'href="{url("decisions:person_change", amara)}"' in body
    assert 'name="reason"' not in body
    refused = client.post(url("decisions:person_remove", amara), {"reason": "Mistake"})
    assert refused.status_code == 409
    assert (
        "<title>You cannot remove this person \N{EN DASH} Infoshare</title>"
        in refused.content.decode()
    )
    assert Person.objects.filter(pk=amara.pk).exists()
    assert not AuditEvent.objects.filter(action="decisions.person_removed").exists()


def test_removing_needs_a_reason(client: Any, practitioner: Any, amara: Person) -> None:
    client.force_login(practitioner)
    for reason in ("", "\u200b"):
        response = client.post(url("decisions:person_remove", amara), {"reason": reason})
        assert response.status_code == 400
        assert error_summary(response.content.decode()) == [
            "Enter why this person is being removed"
        ]
    assert Person.objects.filter(pk=amara.pk).exists()


def test_removal_sent_twice_lands_where_the_first_went(
    client: Any, practitioner: Any, amara: Person
) -> None:
    client.force_login(practitioner)
    page = client.get(url("decisions:person_remove", amara)).content.decode()
    key = re.search(r'name="page_key" value="([0-9a-f]{32})"', page)
    assert key
    sent = {"reason": "Added twice", "page_key": key.group(1)}
    client.post(url("decisions:person_remove", amara), sent)
    again = client.post(url("decisions:person_remove", amara), sent, follow=True)
    assert again.redirect_chain[-1][0] == reverse("core:home")
    assert again.content.decode().count("has been removed from the register") == 1
    # Without the page's key, a removed person is simply not there.
    assert client.post(url("decisions:person_remove", amara), {"reason": "x"}).status_code == 404
