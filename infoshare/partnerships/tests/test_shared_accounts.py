"""One person, one account, shared by every organisation where they work: an administrator
of one of them changes or ends the role there, but acts on the whole account (two-factor
authentication, a new invitation link) only when they administer every organisation where
the person works. Adding someone who works elsewhere tells them and that organisation."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from infoshare.core.roles import Role
from infoshare.partnerships import errors as msg
from infoshare.partnerships.audit import Action
from infoshare.partnerships.models import Invitation, Membership, StaffImport
from infoshare.partnerships.tests.conftest import audit_events
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

REFUSING = "infoshare.partnerships.tests.test_invitation_email.RefusingBackend"


def _url(name: str, **kwargs: object) -> str:
    return reverse(f"partnerships:{name}", kwargs=kwargs)


def _membership(person: Any, org: Any) -> Membership:
    return Membership.objects.get(person=person, organisation=org, ends_on__isnull=True)


def _reset_url(person: Any, org: Any) -> str:
    return _url("reset_two_factor", org_id=org.pk, membership_id=_membership(person, org).pk)


def _has_mfa(person: Any) -> bool:
    return Authenticator.objects.filter(user=person).exists()


@pytest.fixture
def council(home_org: Any) -> Any:
    return home_org


@pytest.fixture
def school(other_org: Any) -> Any:
    return other_org


@pytest.fixture
def council_admin(make_member: Any, council: Any) -> Any:
    return make_member(Role.ORG_ADMIN, council, full_name="Cara Council")


@pytest.fixture
def school_admin(make_member: Any, school: Any) -> Any:
    return make_member(Role.ORG_ADMIN, school, full_name="Sam School")


@pytest.fixture
def council_advisor(make_member: Any, council: Any) -> Any:
    return make_member(Role.ADVISOR, council, full_name="Ade Advisor")


def _add(client: Any, org: Any, person: Any, role: str = Role.PRACTITIONER) -> Any:
    form = {"full_name": "Anyone", "email": person.email, "role": role}
    return client.post(_url("invite", org_id=org.pk), form)


# --- the finding: add someone from another organisation, then reset them ----------------


def test_a_school_admin_who_adds_the_councils_advisor_cannot_reset_their_two_factor(
    client,
    school_admin,
    council_admin,
    council_advisor,
    council,
    school,
    django_capture_on_commit_callbacks,
):
    theirs: Any = Client()  # the advisor's own browser, signed in
    theirs.force_login(council_advisor)
    home = reverse("core:home")
    assert theirs.get(home).status_code == 200
    client.force_login(school_admin)
    with django_capture_on_commit_callbacks(execute=True):
        assert _add(client, school, council_advisor).status_code == 302
    url = _reset_url(council_advisor, school)

    # Not offered on the staff list, and its confirmation page says who can do it.
    staff = client.get(_url("staff_list", org_id=school.pk)).content.decode()
    assert url not in staff
    page = client.get(url)
    assert page.status_code == 403
    assert msg.TWO_FACTOR_OTHER_ORGANISATION in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert msg.TWO_FACTOR_OTHER_ORGANISATION in html
    assert _has_mfa(council_advisor)  # nothing changed
    assert not audit_events(Action.TWO_FACTOR_RESET)
    assert theirs.get(home).status_code == 200  # still signed in
    # Their password alone gets nobody past the two-factor check.
    login = {"login": council_advisor.email, "password": TEST_PASSWORD}
    signed = Client().post(reverse("account_login"), login)
    assert signed.status_code == 302
    assert signed["Location"] == reverse("mfa_authenticate")


def test_the_role_given_stays_the_school_admins_to_change_and_end(
    client, school_admin, council_advisor, council, school
):
    client.force_login(school_admin)
    _add(client, school, council_advisor)
    membership = _membership(council_advisor, school)
    links = client.get(_url("staff_list", org_id=school.pk)).content.decode()
    assert _url("change_role", org_id=school.pk, membership_id=membership.pk) in links
    assert _url("deactivate", org_id=school.pk, membership_id=membership.pk) in links
    changed = client.post(
        _url("change_role", org_id=school.pk, membership_id=membership.pk), {"role": Role.MANAGER}
    )
    assert changed.status_code == 302
    new = _membership(council_advisor, school)
    assert new.role == Role.MANAGER
    ended = client.post(_url("deactivate", org_id=school.pk, membership_id=new.pk))
    assert ended.status_code == 302
    council_advisor.refresh_from_db()
    assert council_advisor.is_active  # still the council's advisor
    assert _membership(council_advisor, council).role == Role.ADVISOR


def test_a_partnership_admin_still_resets_someone_who_works_for_two_organisations(
    client, partnership_admin, council_advisor, council, school
):
    Membership.objects.create(person=council_advisor, organisation=school, role=Role.PRACTITIONER)
    client.force_login(partnership_admin)
    url = _reset_url(council_advisor, school)
    assert url in client.get(_url("staff_list", org_id=school.pk)).content.decode()
    assert client.post(url).status_code == 302
    assert not _has_mfa(council_advisor)


def test_an_admin_of_every_organisation_where_they_work_may_reset_it(
    client, school_admin, council_advisor, council, school
):
    Membership.objects.create(person=council_advisor, organisation=school, role=Role.PRACTITIONER)
    Membership.objects.create(person=school_admin, organisation=council, role=Role.ORG_ADMIN)
    client.force_login(school_admin)
    assert client.post(_reset_url(council_advisor, school)).status_code == 302
    assert not _has_mfa(council_advisor)


def test_once_their_other_role_has_ended_the_school_admin_may_reset_it(
    client, school_admin, council_advisor, council, school
):
    Membership.objects.create(person=council_advisor, organisation=school, role=Role.PRACTITIONER)
    Membership.objects.filter(person=council_advisor, organisation=council).update(
        ends_on="2000-01-02", starts_on="2000-01-01"
    )
    client.force_login(school_admin)
    assert client.post(_reset_url(council_advisor, school)).status_code == 302
    assert not _has_mfa(council_advisor)


def test_a_role_elsewhere_that_starts_later_counts(
    client, school_admin, council_advisor, council, school
):
    Membership.objects.create(person=council_advisor, organisation=school, role=Role.PRACTITIONER)
    Membership.objects.filter(person=council_advisor, organisation=council).update(
        starts_on="2999-01-01"
    )
    client.force_login(school_admin)
    client.post(_reset_url(council_advisor, school))
    assert _has_mfa(council_advisor)


def test_a_partnership_admin_is_refused_someone_who_also_works_in_another_partnership(
    client, partnership_admin, council_advisor, council, second
):
    elsewhere: Any = OrganisationFactory(partnership=second, name="Second Council")
    Membership.objects.create(person=council_advisor, organisation=elsewhere, role=Role.ADVISOR)
    client.force_login(partnership_admin)
    url = _reset_url(council_advisor, council)
    page = client.get(url)
    assert page.status_code == 403
    assert msg.TWO_FACTOR_OTHER_PARTNERSHIP in page.content.decode()
    assert msg.TWO_FACTOR_OTHER_PARTNERSHIP in client.post(url).content.decode()
    assert _has_mfa(council_advisor)


def test_an_admin_of_both_partnerships_may_reset_it(
    client, two_hats, council_advisor, council, second
):
    second_council = Membership.objects.get(
        person=two_hats, role=Role.PARTNERSHIP_ADMIN, organisation__partnership=second
    ).organisation
    Membership.objects.create(
        person=council_advisor, organisation=second_council, role=Role.ADVISOR
    )
    client.force_login(two_hats)
    assert client.post(_reset_url(council_advisor, council)).status_code == 302
    assert not _has_mfa(council_advisor)


# --- a new invitation link sets the password of the whole account ----------------------


def test_a_new_invitation_for_someone_who_also_works_elsewhere_is_refused(
    client, school_admin, council, school
):
    invited: Any = UserFactory(with_mfa=False)
    invited.set_unusable_password()
    invited.save()
    Membership.objects.create(person=invited, organisation=council, role=Role.ADVISOR)
    membership = Membership.objects.create(
        person=invited, organisation=school, role=Role.PRACTITIONER
    )
    url = _url("resend_invitation", org_id=school.pk, membership_id=membership.pk)
    client.force_login(school_admin)
    assert url not in client.get(_url("staff_list", org_id=school.pk)).content.decode()
    page = client.get(url)
    assert page.status_code == 403
    assert msg.INVITATION_OTHER_ORGANISATION in page.content.decode()
    response = client.post(url)
    assert response.status_code == 400
    assert msg.INVITATION_OTHER_ORGANISATION in response.content.decode()
    assert not Invitation.objects.filter(person=invited).exists()
    assert not audit_events(Action.INVITATION_RESENT)


def test_a_partnership_admin_sends_them_a_new_invitation(
    client, partnership_admin, council, school
):
    invited: Any = UserFactory(with_mfa=False)
    invited.set_unusable_password()
    invited.save()
    Membership.objects.create(person=invited, organisation=council, role=Role.ADVISOR)
    membership = Membership.objects.create(
        person=invited, organisation=school, role=Role.PRACTITIONER
    )
    client.force_login(partnership_admin)
    url = _url("resend_invitation", org_id=school.pk, membership_id=membership.pk)
    assert client.post(url).status_code == 302
    assert Invitation.objects.filter(person=invited).exists()


# --- telling the person and their other organisations ------------------------------------


def test_adding_the_councils_advisor_tells_them_and_the_councils_admins(
    client,
    school_admin,
    council_admin,
    council_advisor,
    council,
    school,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    other_admin: Any = MembershipFactory(
        person=UserFactory(full_name="Colin Council"), organisation=council, role=Role.ORG_ADMIN
    ).person
    client.force_login(school_admin)
    with django_capture_on_commit_callbacks(execute=True):
        assert _add(client, school, council_advisor).status_code == 302

    by_recipient = {mail.to[0]: mail for mail in mailoutbox}
    assert set(by_recipient) == {council_advisor.email, council_admin.email, other_admin.email}
    theirs = by_recipient[council_advisor.email]
    assert f"added to {school.name}" in theirs.subject
    assert f"Sam School at {school.name} gave you this role" in theirs.body
    assert f"You also work for {council.name}" in theirs.body
    assert f"tell an administrator at {council.name} at once" in theirs.body
    notice = by_recipient[council_admin.email]
    assert "given a role elsewhere" in notice.subject
    assert "Dear Cara Council" in notice.body
    assert f"Ade Advisor ({council_advisor.email}): Practitioner at {school.name}" in notice.body
    assert f"administrator at {council.name}" in notice.body

    [added] = audit_events(Action.MEMBERSHIP_ADDED)
    assert added.organisation_id == school.pk
    assert added.data["other_organisation_ids"] == [council.pk]
    assert added.data["notified_person_ids"] == sorted([council_admin.pk, other_admin.pk])
    [elsewhere] = audit_events(Action.MEMBERSHIP_ADDED_ELSEWHERE)
    assert (elsewhere.organisation_id, elsewhere.actor_id) == (council.pk, school_admin.pk)
    assert elsewhere.object_id == str(_membership(council_advisor, school).pk)
    assert elsewhere.data == {
        "people": [
            {
                "person_id": council_advisor.pk,
                "email": council_advisor.email,
                "organisation_id": school.pk,
                "role": Role.PRACTITIONER,
            }
        ],
        "notified_person_ids": sorted([council_admin.pk, other_admin.pk]),
    }


def test_an_organisation_without_its_own_admin_has_its_partnership_admins_told(
    client,
    school_admin,
    partnership_admin,
    council_advisor,
    council,
    school,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.force_login(school_admin)
    with django_capture_on_commit_callbacks(execute=True):
        _add(client, school, council_advisor)
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(
        [council_advisor.email, partnership_admin.email]
    )
    [added] = audit_events(Action.MEMBERSHIP_ADDED)
    assert added.data["notified_person_ids"] == [partnership_admin.pk]


def test_a_new_person_or_another_role_here_tells_nobody_else(
    client,
    school_admin,
    council_admin,
    school,
    make_member,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    colleague = make_member(Role.PRACTITIONER, school)
    client.force_login(school_admin)
    with django_capture_on_commit_callbacks(execute=True):
        _add(client, school, colleague, role=Role.MANAGER)
        form = {"full_name": "Nia Brown", "email": "nia@example.org", "role": Role.PRACTITIONER}
        client.post(_url("invite", org_id=school.pk), form)
    assert council_admin.email not in [mail.to[0] for mail in mailoutbox]
    assert all("also work for" not in mail.body for mail in mailoutbox)
    assert not audit_events(Action.MEMBERSHIP_ADDED_ELSEWHERE)
    [added] = audit_events(Action.MEMBERSHIP_ADDED)
    assert (added.data["other_organisation_ids"], added.data["notified_person_ids"]) == ([], [])


@pytest.mark.django_db(transaction=True)
def test_a_refused_notice_keeps_the_role_and_is_audited(
    client, school_admin, council_admin, council_advisor, council, school
):
    client.force_login(school_admin)
    with override_settings(EMAIL_BACKEND=REFUSING):
        response = _add(client, school, council_advisor)
    assert response.status_code == 302
    assert _membership(council_advisor, school).role == Role.PRACTITIONER
    [failed] = audit_events(Action.ADDED_ELSEWHERE_EMAIL_FAILED)
    assert failed.organisation_id == council.pk
    assert failed.data == {
        "notified_person_ids": [council_admin.pk],
        "error": "ConnectionRefusedError",
    }


def test_a_staff_import_that_adds_the_councils_advisor_tells_them_too(
    client,
    school_admin,
    council_admin,
    council_advisor,
    council,
    school,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    school.identifier = "SCH1"
    school.save()
    content = (
        "name,email,organisation_identifier,role,team\n"
        f"Ade Advisor,{council_advisor.email},SCH1,practitioner,\n"
        "Tom Hughes,tom@example.org,SCH1,practitioner,\n"
    ).encode()
    client.force_login(school_admin)
    upload = SimpleUploadedFile("staff.csv", content, "text/csv")
    client.post(_url("staff_import", org_id=school.pk), {"file": upload})
    staff_import = StaffImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("import_preview", org_id=school.pk, import_id=staff_import.pk))
    assert _membership(council_advisor, school).role == Role.PRACTITIONER

    by_recipient = {mail.to[0]: mail for mail in mailoutbox}
    assert set(by_recipient) == {council_advisor.email, council_admin.email}
    assert f"You also work for {council.name}" in by_recipient[council_advisor.email].body
    assert council_advisor.email in by_recipient[council_admin.email].body
    [imported] = audit_events(Action.STAFF_IMPORTED)
    assert imported.data["from_other_organisations"] == [
        {
            "person_id": council_advisor.pk,
            "other_organisation_ids": [council.pk],
            "notified_person_ids": [council_admin.pk],
        }
    ]
    [elsewhere] = audit_events(Action.MEMBERSHIP_ADDED_ELSEWHERE)
    assert elsewhere.organisation_id == council.pk
    assert elsewhere.data["staff_import_id"] == staff_import.pk
    assert [p["person_id"] for p in elsewhere.data["people"]] == [council_advisor.pk]
