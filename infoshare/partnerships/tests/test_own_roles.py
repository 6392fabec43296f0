"""Who may be given a role, by whom: nobody gives themselves a role (an organisation
administrator must not reach case data by making themselves an advisor); an account of
another partnership is added by a partnership administrator only; and a deactivated
account comes back only through a fresh invitation, never with its old credentials."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from infoshare.accounts.models import User
from infoshare.core.roles import Role
from infoshare.partnerships import errors as msg
from infoshare.partnerships.audit import Action
from infoshare.partnerships.models import Membership, StaffImport
from infoshare.partnerships.tests.conftest import audit_events
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    OrganisationFactory,
    PartnershipFactory,
)

ORG_DECISIONS = reverse("decisions:organisation_decisions")
EXPORT = reverse("decisions:export_csv")


def _url(name: str, **kwargs: object) -> str:
    return reverse(f"partnerships:{name}", kwargs=kwargs)


def _invite(client: Any, org: Any, email: str, role: str = Role.ADVISOR) -> Any:
    form = {"full_name": "Someone", "email": email, "role": role}
    return client.post(_url("invite", org_id=org.pk), form)


def _upload(client: Any, org: Any, *rows: str) -> StaffImport:
    content = ("name,email,organisation_identifier,role,team\n" + "\n".join(rows)).encode()
    url = _url("staff_import", org_id=org.pk)
    response = client.post(url, {"file": SimpleUploadedFile("staff.csv", content, "text/csv")})
    assert response.status_code == 302
    return StaffImport.objects.latest("pk")


def _title(html: str) -> str:
    return html.split("<title>", 1)[1].split("</title>", 1)[0]


@pytest.fixture
def far_person(make_member: Any) -> Any:
    far = OrganisationFactory(partnership=PartnershipFactory(name="Far Partnership"))
    return make_member(Role.PRACTITIONER, far, email="far.person@example.org")


# --- giving oneself a role -----------------------------------------------------------


def test_an_org_admin_cannot_invite_themselves_to_a_case_data_role(
    client, org_admin, home_org
) -> None:
    client.force_login(org_admin)
    assert client.get(ORG_DECISIONS).status_code == 403
    response = _invite(client, home_org, org_admin.email.upper())
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert msg.OWN_ROLES in html
    assert _title(html).startswith("Error: ")
    assert not Membership.objects.filter(person=org_admin, role=Role.ADVISOR).exists()
    assert not audit_events(Action.MEMBERSHIP_ADDED)
    assert client.get(ORG_DECISIONS).status_code == 403
    assert client.get(EXPORT).status_code == 403


def test_an_org_admin_cannot_change_their_own_role(
    client, org_admin, home_org, make_member
) -> None:
    make_member(Role.ORG_ADMIN, home_org)
    own = Membership.objects.get(person=org_admin, organisation=home_org)
    client.force_login(org_admin)
    url = _url("change_role", org_id=home_org.pk, membership_id=own.pk)
    response = client.post(url, {"role": Role.ADVISOR})
    html = response.content.decode()
    assert "There is a problem" in html
    assert msg.OWN_ROLES in html
    assert Membership.objects.get(pk=own.pk).ends_on is None
    assert not Membership.objects.filter(person=org_admin, role=Role.ADVISOR).exists()
    assert client.get(ORG_DECISIONS).status_code == 403


def test_another_admin_can_give_the_org_admin_a_role(
    client, org_admin, home_org, make_member
) -> None:
    other_admin = make_member(Role.ORG_ADMIN, home_org)
    client.force_login(other_admin)
    assert _invite(client, home_org, org_admin.email).status_code == 302
    [event] = audit_events(Action.MEMBERSHIP_ADDED)
    assert (event.actor_id, event.data["person_id"]) == (other_admin.pk, org_admin.pk)
    client.force_login(org_admin)
    assert client.get(ORG_DECISIONS).status_code == 200


def test_a_staff_import_cannot_give_the_importer_a_role(client, org_admin, home_org) -> None:
    client.force_login(org_admin)
    upload = _upload(
        client,
        home_org,
        f"Me,{org_admin.email.upper()},,advisor,",
        "Priya Shah,priya@example.org,,practitioner,",
    )
    assert upload.summary["problems"] == 1
    assert upload.summary["new_memberships"] == 1
    [own] = [row for row in upload.rows if row["problems"]]
    assert own["problems"] == [msg.ROW_OWN_ROLES]
    preview = _url("import_preview", org_id=home_org.pk, import_id=upload.pk)
    assert msg.ROW_OWN_ROLES in client.get(preview).content.decode()
    response = client.post(preview)
    assert msg.IMPORT_HAS_PROBLEMS in response.content.decode()
    assert not Membership.objects.filter(person=org_admin, role=Role.ADVISOR).exists()
    assert not User.objects.filter(email="priya@example.org").exists()


def test_a_staff_import_may_list_the_importers_current_role_unchanged(
    client, org_admin, home_org
) -> None:
    client.force_login(org_admin)
    upload = _upload(client, home_org, f"Me,{org_admin.email},,org_admin,")
    assert upload.summary["problems"] == 0
    assert upload.summary["unchanged"] == 1


# --- accounts of another partnership ---------------------------------------------------


def test_an_org_admin_cannot_attach_an_account_of_another_partnership(
    client, org_admin, home_org, far_person
) -> None:
    client.force_login(org_admin)
    response = _invite(client, home_org, far_person.email, role=Role.PRACTITIONER)
    html = response.content.decode()
    assert "There is a problem" in html
    assert msg.CANNOT_ADD_ACCOUNT in html
    assert not Membership.objects.filter(person=far_person, organisation=home_org).exists()


def test_a_staff_import_by_an_org_admin_cannot_attach_them_either(
    client, org_admin, home_org, far_person
) -> None:
    client.force_login(org_admin)
    upload = _upload(client, home_org, f"Far,{far_person.email},,practitioner,")
    assert upload.rows[0]["problems"] == [msg.ROW_CANNOT_ADD_ACCOUNT]
    assert upload.summary["problems"] == 1


def test_a_partnership_admin_can_attach_them(
    client, partnership_admin, home_org, far_person
) -> None:
    client.force_login(partnership_admin)
    assert _invite(client, home_org, far_person.email, role=Role.PRACTITIONER).status_code == 302
    assert Membership.objects.filter(person=far_person, organisation=home_org).exists()
    upload = _upload(client, home_org, f"Far,{far_person.email},,manager,")
    assert upload.summary["problems"] == 0


# --- deactivated accounts --------------------------------------------------------------


def test_a_deactivated_person_comes_back_only_through_the_new_invitation(
    client, org_admin, home_org, make_member, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    leaver = make_member(Role.PRACTITIONER, home_org, email="back@example.org")
    Membership.objects.filter(person=leaver).update(ends_on=timezone.localdate())
    User.objects.filter(pk=leaver.pk).update(is_active=False, deactivated_at=timezone.now())
    client.force_login(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, home_org, "back@example.org", role=Role.PRACTITIONER)
    assert response.status_code == 302
    client.logout()

    # The old password and two-factor no longer get them in.
    response = client.post(
        reverse("account_login"), {"login": "back@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 200
    assert not client.session.get("_auth_user_id")
    assert not Authenticator.objects.filter(user=leaver).exists()

    # The emailed link lets them set a new password, then set up two-factor again.
    [mail] = mailoutbox
    link = "/organisations/invitations/" + mail.body.split("/organisations/invitations/")[1]
    link = link.split()[0]
    new_password = "Back-again-safely-2026"
    response = client.post(link, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    assert response.url == reverse("accounts:mfa_required")
    assert User.objects.get(pk=leaver.pk).check_password(new_password)
