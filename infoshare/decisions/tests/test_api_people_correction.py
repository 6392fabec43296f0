"""PATCH /api/v1/people/{id}: correcting a person's details through the API, with the
pages' rule, checks and audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from infoshare.accounts.models import TokenAccess
from infoshare.accounts.services import create_api_token
from infoshare.audit.models import AuditEvent
from infoshare.core.roles import Role
from infoshare.decisions.models import Person
from infoshare.decisions.tests.factories import make_decision, make_person
from infoshare.decisions.tests.test_api_decisions import Api

NHS = "9434765919"
OTHER_NHS = "4010232137"


@pytest.fixture
def amara(home_org: Any) -> Person:
    return make_person(
        organisation=home_org,
        given_name="Amara",
        family_name="Okafr",
        date_of_birth=dt.date(2015, 3, 27),
        local_reference="CASE-77",
        nhs_number=NHS,
    )


def patch(api: Api, person: Person | int, body: Any) -> Any:
    return api.call("patch", "people_update", body, person_id=getattr(person, "pk", person))


def test_the_details_sent_are_corrected_and_the_others_kept(
    client: Any, practitioner: Any, amara: Person
) -> None:
    api = Api(client, practitioner)
    response = patch(api, amara, {"family_name": "Okafor", "reason": "Typed wrongly"})
    assert response.status_code == 200
    assert response.json() | {"id": 0} == {
        "id": 0,
        "organisation_id": amara.organisation_id,
        "given_name": "Amara",
        "family_name": "Okafor",
        "date_of_birth": "2015-03-27",
        "local_reference": "CASE-77",
        "nhs_number": NHS,
        "role_in_case": "child",
    }
    amara.refresh_from_db()
    assert (amara.family_name, amara.nhs_number) == ("Okafor", NHS)
    event = AuditEvent.objects.get(action="decisions.person_corrected")
    assert event.actor_id == practitioner.pk
    assert event.data == {
        "changed": ["family_name"],
        "before": {"family_name": "Okafr"},
        "after": {"family_name": "Okafor"},
        "reason": "Typed wrongly",
    }


def test_null_clears_an_optional_detail(client: Any, practitioner: Any, amara: Person) -> None:
    api = Api(client, practitioner)
    body = {"nhs_number": None, "date_of_birth": None, "reason": "Not this child's"}
    assert patch(api, amara, body).status_code == 200
    amara.refresh_from_db()
    assert (amara.nhs_number, amara.date_of_birth) == ("", None)


def test_a_400_names_every_bad_field_and_nothing_is_saved(
    client: Any, practitioner: Any, amara: Person
) -> None:
    api = Api(client, practitioner)
    response = patch(
        api,
        amara,
        {
            "given_name": "Amara2",
            "date_of_birth": "27/03/2015",
            "nhs_number": "9434765910",
            "role_in_case": "cousin",
            "colour": "blue",
        },
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {
        "given_name",
        "date_of_birth",
        "nhs_number",
        "role_in_case",
        "colour",
        "reason",
    }
    assert fields["reason"] == "Enter why the details need correcting"
    assert "check digit" in fields["nhs_number"]
    amara.refresh_from_db()
    assert (amara.given_name, amara.nhs_number) == ("Amara", NHS)
    assert not AuditEvent.objects.filter(action="decisions.person_corrected").exists()


def test_the_reason_is_required(client: Any, practitioner: Any, amara: Person) -> None:
    api = Api(client, practitioner)
    response = patch(api, amara, {"family_name": "Okafor"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"reason": "Enter why the details need correcting"}
    amara.refresh_from_db()
    assert amara.family_name == "Okafr"


def test_an_nhs_number_another_person_has_is_a_conflict(
    client: Any, practitioner: Any, home_org: Any, amara: Person
) -> None:
    make_person(organisation=home_org, nhs_number=OTHER_NHS)
    response = patch(Api(client, practitioner), amara, {"nhs_number": OTHER_NHS, "reason": "x"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "duplicate_nhs_number"
    assert "nhs_number" in response.json()["error"]["fields"]


def test_a_receiving_organisation_and_another_organisation_get_not_found(
    client: Any,
    make_member: Any,
    practitioner: Any,
    home_org: Any,
    other_org: Any,
    foreign_org_user: Any,
    amara: Person,
) -> None:
    make_decision(
        author=practitioner,
        organisation=home_org,
        recipient_organisation=other_org,
        external_recipient="",
        people=[amara],
    )
    teacher = make_member(Role.PRACTITIONER, other_org)
    body = {"family_name": "Okafor", "reason": "Typed wrongly"}
    assert api_read(client, teacher, amara).status_code == 200  # they see the name...
    assert patch(Api(client, teacher), amara, body).status_code == 404  # ...and change nothing
    assert patch(Api(client, foreign_org_user), amara, body).status_code == 404
    assert patch(Api(client, practitioner), 999999, body).status_code == 404
    amara.refresh_from_db()
    assert amara.family_name == "Okafr"


def api_read(client: Any, user: Any, person: Person) -> Any:
    return Api(client, user).call("get", "people_read", person_id=person.pk)


@pytest.mark.parametrize(
    "role", [Role.ORG_ADMIN, Role.BOARD_MEMBER, Role.PARTNERSHIP_ADMIN, Role.AUDITOR]
)
def test_roles_that_do_not_add_people_are_refused(
    client: Any, make_member: Any, home_org: Any, amara: Person, role: str
) -> None:
    api = Api(client, make_member(role, home_org))
    response = patch(api, amara, {"family_name": "Okafor", "reason": "x"})
    assert response.status_code == 403
    amara.refresh_from_db()
    assert amara.family_name == "Okafr"


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADVISOR, Role.SENIOR_LEAD])
def test_every_role_that_adds_people_may_correct(
    client: Any, make_member: Any, home_org: Any, amara: Person, role: str
) -> None:
    api = Api(client, make_member(role, home_org))
    assert patch(api, amara, {"family_name": "Okafor", "reason": "x"}).status_code == 200


def test_a_read_only_token_is_refused(client: Any, practitioner: Any, amara: Person) -> None:
    _, secret = create_api_token(
        actor=practitioner, name="Case system", access=TokenAccess.READ_ONLY
    )
    response = client.patch(
        f"/api/v1/people/{amara.pk}",
        data='{"family_name": "Okafor", "reason": "x"}',
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "token_read_only"
    amara.refresh_from_db()
    assert amara.family_name == "Okafr"


def test_the_same_correction_sent_again_changes_and_audits_nothing_more(
    client: Any, practitioner: Any, amara: Person
) -> None:
    api = Api(client, practitioner)
    body = {"family_name": "Okafor", "reason": "Typed wrongly"}
    assert patch(api, amara, body).status_code == 200
    assert patch(api, amara, body).status_code == 200
    assert AuditEvent.objects.filter(action="decisions.person_corrected").count() == 1


def test_a_patch_that_changes_nothing_is_audited_as_a_view_of_the_person(
    client: Any, practitioner: Any, amara: Person
) -> None:
    """The answer carries the person's identifiers, so it is audited as any view of them is
    (a security review found no event when nothing changed)."""
    api = Api(client, practitioner)
    before = AuditEvent.objects.filter(action="decisions.viewed_person").count()
    response = patch(api, amara, {"given_name": "Amara", "reason": "Checking"})
    assert response.status_code == 200
    assert response.json()["local_reference"] == "CASE-77"
    viewed = AuditEvent.objects.filter(action="decisions.viewed_person").order_by("pk")
    assert viewed.count() == before + 1
    assert viewed.last().object_id == str(amara.pk)  # type: ignore[union-attr]
    assert viewed.last().actor_id == practitioner.pk  # type: ignore[union-attr]
    assert not AuditEvent.objects.filter(action="decisions.person_corrected").exists()
