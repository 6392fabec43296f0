"""The organisation and staff pages: what people see, what is saved, who may do what."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from infoshare.accounts.models import User
from infoshare.core.roles import Role
from infoshare.partnerships import errors as msg
from infoshare.partnerships.audit import Action
from infoshare.partnerships.models import Invitation, Membership, Organisation, Sector, Team
from infoshare.partnerships.tests.conftest import audit_events, count_queries
from infoshare.partnerships.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
)


def _url(name: str, **kwargs: object) -> str:
    return reverse(f"partnerships:{name}", kwargs=kwargs)


# --- organisations -------------------------------------------------------------------


def test_practitioner_sees_only_their_own_organisation(client, practitioner, home_org, other_org):
    client.force_login(practitioner)
    html = client.get(_url("organisation_list")).content.decode()
    assert home_org.name in html
    assert other_org.name not in html


@pytest.mark.parametrize("role", [Role.PARTNERSHIP_ADMIN, Role.BOARD_MEMBER, Role.AUDITOR])
def test_partnership_wide_roles_see_every_organisation(
    client, make_member, home_org, other_org, role
):
    client.force_login(make_member(role, home_org))
    html = client.get(_url("organisation_list")).content.decode()
    assert home_org.name in html
    assert other_org.name in html


def test_organisation_list_query_count_does_not_grow(
    client, partnership_admin, partnership, django_assert_num_queries
):
    client.force_login(partnership_admin)
    url = _url("organisation_list")
    OrganisationFactory.create_batch(2, partnership=partnership)
    small = count_queries(client, url)
    OrganisationFactory.create_batch(30, partnership=partnership)
    with django_assert_num_queries(small):
        assert client.get(url).status_code == 200


def test_organisation_list_searches_by_part_of_the_name(client, auditor, partnership):
    OrganisationFactory(partnership=partnership, name="Riverside Primary School")
    OrganisationFactory(partnership=partnership, name="Hillside Academy")
    client.force_login(auditor)
    response = client.get(_url("organisation_list"), {"q": "  riverside "})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Riverside Primary School" in html
    assert "Hillside Academy" not in html
    assert "Home Council" not in html
    assert "Organisations matching \u201criverside\u201d (1)" in html
    assert 'name="q" type="text" value="  riverside "' in html  # kept as typed
    assert 'role="search"' in html


def test_organisation_search_is_kept_in_the_page_links(client, auditor, partnership):
    for n in range(30):
        OrganisationFactory(partnership=partnership, name=f"Riverside {n:02d}")
    OrganisationFactory.create_batch(30, partnership=partnership)
    client.force_login(auditor)
    html = client.get(_url("organisation_list"), {"q": "Riverside"}).content.decode()
    assert "(30)" in html
    assert "Page 1 of 2" in html
    assert 'href="?q=Riverside&amp;page=2"' in html
    second = client.get(_url("organisation_list"), {"q": "Riverside", "page": "2"})
    html = second.content.decode()
    assert "Page 2 of 2" in html
    assert "Riverside 29" in html
    assert 'href="?q=Riverside&amp;page=1"' in html


def test_organisation_search_that_finds_nothing_says_so(client, auditor, home_org):
    client.force_login(auditor)
    response = client.get(_url("organisation_list"), {"q": "Nowhere"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "No organisations match \u201cNowhere\u201d." in html
    assert "Home Council" not in html
    assert "Clear search" in html


def test_organisation_search_only_finds_organisations_the_person_can_see(
    client, practitioner, home_org, other_org
):
    client.force_login(practitioner)
    html = client.get(_url("organisation_list"), {"q": "School"}).content.decode()
    assert "Other School" not in html
    assert "No organisations match" in html


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("x" * 101, "Search must be 100 characters or fewer"),
        ("a\x00b", "Search"),
    ],
)
def test_a_bad_organisation_search_shows_an_error_not_a_crash(
    client, auditor, home_org, q, message
):
    client.force_login(auditor)
    response = client.get(_url("organisation_list"), {"q": q})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert "<title>Error: Organisations" in html
    assert "Correct the search to see organisations." in html
    assert "Home Council</a>" not in html


def test_organisation_search_keeps_the_query_count(
    client, partnership_admin, partnership, django_assert_num_queries
):
    client.force_login(partnership_admin)
    url = f"{_url('organisation_list')}?q=Acad"
    for n in range(2):
        OrganisationFactory(partnership=partnership, name=f"Academy {n}")
    small = count_queries(client, url)
    for n in range(2, 32):
        OrganisationFactory(partnership=partnership, name=f"Academy {n}")
    with django_assert_num_queries(small):
        assert "(32)" in client.get(url).content.decode()


def test_organisation_detail_shows_sector_identifier_teams_and_counts(
    client, org_admin, home_org, make_member
):
    home_org.identifier = "NSC-CS"
    home_org.save()
    team = TeamFactory(organisation=home_org, name="Early Help")
    member = make_member(Role.PRACTITIONER, home_org)
    Membership.objects.filter(person=member).update(team=team)
    client.force_login(org_admin)
    html = client.get(_url("organisation_detail", org_id=home_org.pk)).content.decode()
    assert "Council children&#x27;s services" in html
    assert "NSC-CS" in html
    assert "Early Help" in html
    assert "2 people" in html
    assert "Create team" in html


def test_organisation_detail_query_count_is_the_same_with_more_teams_and_staff(
    client, org_admin, home_org, bulk_staff, django_assert_num_queries
):
    client.force_login(org_admin)
    url = _url("organisation_detail", org_id=home_org.pk)
    TeamFactory.create_batch(2, organisation=home_org)
    bulk_staff(home_org, 5, prefix="a")
    small = count_queries(client, url)
    TeamFactory.create_batch(20, organisation=home_org)
    bulk_staff(home_org, 200, prefix="b")
    with django_assert_num_queries(small):
        assert client.get(url).status_code == 200


def test_person_of_another_organisation_is_refused_its_detail(client, foreign_org_user, home_org):
    client.force_login(foreign_org_user)
    assert client.get(_url("organisation_detail", org_id=home_org.pk)).status_code == 403


def test_partnership_admin_adds_an_organisation(client, partnership_admin, partnership):
    client.force_login(partnership_admin)
    response = client.post(
        _url("organisation_create"),
        {"name": "Hillcrest Academy", "sector": Sector.SCHOOL, "identifier": "URN 144556"},
    )
    org = Organisation.objects.get(name="Hillcrest Academy")
    assert response.status_code == 302
    assert response.url == _url("organisation_detail", org_id=org.pk)
    assert org.partnership == partnership
    [event] = audit_events(Action.ORGANISATION_CREATED)
    assert event.organisation_id == org.pk
    assert event.actor_id == partnership_admin.pk


def test_adding_an_organisation_without_a_name_shows_the_error(client, partnership_admin):
    client.force_login(partnership_admin)
    before = Organisation.objects.count()
    response = client.post(_url("organisation_create"), {"name": "", "sector": Sector.SCHOOL})
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "Enter the organisation&#x27;s name" in html
    assert Organisation.objects.count() == before


def test_adding_an_organisation_with_a_name_in_use_shows_the_error(
    client, partnership_admin, home_org
):
    client.force_login(partnership_admin)
    response = client.post(
        _url("organisation_create"), {"name": home_org.name.upper(), "sector": Sector.SCHOOL}
    )
    assert response.status_code == 400
    assert msg.ORG_NAME_TAKEN in response.content.decode()


def test_org_admin_cannot_add_an_organisation(client, org_admin):
    client.force_login(org_admin)
    assert client.get(_url("organisation_create")).status_code == 403


def test_partnership_admin_edits_an_organisation(client, partnership_admin, other_org):
    client.force_login(partnership_admin)
    response = client.post(
        _url("organisation_edit", org_id=other_org.pk),
        {
            "name": "Riverside Primary",
            "sector": Sector.SCHOOL,
            "identifier": "URN 1",
            "countersign_required": "no",
        },
    )
    assert response.status_code == 302
    other_org.refresh_from_db()
    assert (other_org.name, other_org.identifier) == ("Riverside Primary", "URN 1")
    [event] = audit_events(Action.ORGANISATION_CHANGED)
    assert event.data["changes"]["name"] == ["Other School", "Riverside Primary"]


def test_editing_with_a_too_long_identifier_saves_nothing(client, partnership_admin, home_org):
    client.force_login(partnership_admin)
    response = client.post(
        _url("organisation_edit", org_id=home_org.pk),
        {
            "name": "Renamed",
            "sector": Sector.SCHOOL,
            "identifier": "X" * 21,
            "countersign_required": "yes",
        },
    )
    assert response.status_code == 400
    assert "Identifier must be 20 characters or fewer" in response.content.decode()
    home_org.refresh_from_db()
    assert home_org.name == "Home Council"


def test_org_admin_cannot_edit_the_organisation(client, org_admin, home_org):
    client.force_login(org_admin)
    assert client.get(_url("organisation_edit", org_id=home_org.pk)).status_code == 403


# --- teams ---------------------------------------------------------------------------


def test_org_admin_creates_a_team(client, org_admin, home_org):
    client.force_login(org_admin)
    response = client.post(_url("team_create", org_id=home_org.pk), {"name": "Early Help"})
    assert response.status_code == 302
    team = Team.objects.get(organisation=home_org, name="Early Help")
    [event] = audit_events(Action.TEAM_CREATED)
    assert (event.organisation_id, event.object_id) == (home_org.pk, str(team.pk))


def test_a_team_name_is_unique_in_the_organisation(client, org_admin, home_org):
    TeamFactory(organisation=home_org, name="Early Help")
    client.force_login(org_admin)
    response = client.post(_url("team_create", org_id=home_org.pk), {"name": "early help"})
    assert response.status_code == 400
    assert msg.TEAM_NAME_TAKEN in response.content.decode()
    assert Team.objects.filter(organisation=home_org).count() == 1


def test_practitioner_cannot_create_a_team(client, practitioner, home_org):
    client.force_login(practitioner)
    response = client.post(_url("team_create", org_id=home_org.pk), {"name": "X"})
    assert response.status_code == 403
    assert not Team.objects.exists()


# --- staff list ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [Role.ORG_ADMIN, Role.SENIOR_LEAD, Role.MANAGER, Role.ADVISOR, Role.PARTNERSHIP_ADMIN]
)
def test_staff_managers_and_advisors_see_the_staff_list(client, make_member, home_org, role):
    viewer = make_member(role, home_org, full_name="Viewer Person")
    client.force_login(viewer)
    response = client.get(_url("staff_list", org_id=home_org.pk))
    assert response.status_code == 200
    assert "Viewer Person" in response.content.decode()


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.BOARD_MEMBER, Role.AUDITOR])
def test_other_roles_cannot_see_the_staff_list(client, make_member, home_org, role):
    client.force_login(make_member(role, home_org))
    assert client.get(_url("staff_list", org_id=home_org.pk)).status_code == 403


def test_person_of_another_organisation_cannot_see_its_staff(client, foreign_org_user, home_org):
    client.force_login(foreign_org_user)
    for name in ("staff_list", "invite", "staff_import"):
        assert client.get(_url(name, org_id=home_org.pk)).status_code == 403, name


def test_staff_list_shows_roles_team_and_status(client, org_admin, home_org):
    team = TeamFactory(organisation=home_org, name="Health Visiting")
    invited: Any = UserFactory(full_name="Ivy Invited", with_mfa=False)
    invited.set_unusable_password()
    invited.save()
    MembershipFactory(person=invited, organisation=home_org, role=Role.MANAGER, team=team)
    Invitation.objects.create(
        person=invited,
        organisation=home_org,
        digest="d" * 64,
        invited_by=org_admin,
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    client.force_login(org_admin)
    html = client.get(_url("staff_list", org_id=home_org.pk)).content.decode()
    assert "Ivy Invited" in html
    assert "Manager \u2013 Health Visiting" in html
    assert "Invited" in html
    assert "Active" in html  # the org admin


def test_staff_list_searches_by_name_or_email(client, org_admin, home_org, make_member):
    make_member(Role.PRACTITIONER, home_org, full_name="Priya Shah", email="priya@example.org")
    make_member(Role.PRACTITIONER, home_org, full_name="Tom Hughes", email="tom@school.example")
    client.force_login(org_admin)
    by_name = client.get(_url("staff_list", org_id=home_org.pk), {"q": "priya"}).content.decode()
    assert "Priya Shah" in by_name
    assert "Tom Hughes" not in by_name
    by_email = client.get(_url("staff_list", org_id=home_org.pk), {"q": "school"}).content.decode()
    assert "Tom Hughes" in by_email
    assert "Priya Shah" not in by_email


def test_staff_search_that_is_too_long_shows_an_error(client, org_admin, home_org):
    client.force_login(org_admin)
    response = client.get(_url("staff_list", org_id=home_org.pk), {"q": "x" * 101})
    assert response.status_code == 400
    assert "Search must be 100 characters or fewer" in response.content.decode()


def test_staff_list_is_paginated(client, org_admin, home_org, bulk_staff):
    bulk_staff(home_org, 30)
    client.force_login(org_admin)
    html = client.get(_url("staff_list", org_id=home_org.pk)).content.decode()
    assert "Page 1 of 2" in html


# Staff list: 8 queries with 10 members and with 1,000 members. Three are per request
# (session, user, roles: the session is touched at most once a minute and the MFA check is
# remembered in it); five are the page's own: organisation, count, one page of people (MFA
# and invitation as subqueries), their memberships with teams (one prefetch), and the
# organisations where each of them works (who may reset their two-factor authentication).
def test_staff_list_uses_the_same_8_queries_for_10_and_1000_members(
    client, org_admin, home_org, bulk_staff, django_assert_num_queries
):
    client.force_login(org_admin)
    url = _url("staff_list", org_id=home_org.pk)
    bulk_staff(home_org, 9, prefix="small")  # 10 with the org admin
    client.get(url)  # the first request after signing in also records the session
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
    bulk_staff(home_org, 990, prefix="large")  # 1,000
    with django_assert_num_queries(8):
        response = client.get(url)
    assert "(1000)" in response.content.decode()


# --- inviting ------------------------------------------------------------------------


def _invite(client, org, **data):
    form = {"full_name": "Nia Brown", "email": "Nia.Brown@Example.org", "role": Role.PRACTITIONER}
    form.update(data)
    return client.post(_url("invite", org_id=org.pk), form)


def test_org_admin_invites_a_new_person(
    client, org_admin, home_org, mailoutbox, django_capture_on_commit_callbacks
):
    team: Any = TeamFactory(organisation=home_org, name="Early Help")
    client.force_login(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, home_org, team=str(team.pk))
    person = User.objects.get(email="nia.brown@example.org")
    membership = Membership.objects.get(person=person)
    assert response.status_code == 302
    assert response.url == _url("invite_sent", org_id=home_org.pk, membership_id=membership.pk)
    assert not person.has_usable_password()
    assert (membership.role, membership.team) == (Role.PRACTITIONER, team)
    invitation = Invitation.objects.get(person=person)
    assert invitation.expires_at - timezone.now() > dt.timedelta(days=6, hours=23)
    [mail] = mailoutbox
    assert mail.to == ["nia.brown@example.org"]
    token = mail.body.split("/organisations/invitations/")[1].split("/")[0]
    assert invitation.digest != token  # only the digest is stored
    assert len(invitation.digest) == 64
    [event] = audit_events(Action.PERSON_INVITED)
    assert event.organisation_id == home_org.pk
    page = client.get(response.url).content.decode()
    assert "Invitation sent" in page
    assert "nia.brown@example.org" in page


def test_inviting_an_existing_person_adds_a_membership_not_a_new_account(
    client,
    org_admin,
    home_org,
    other_org,
    make_member,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    existing = make_member(Role.PRACTITIONER, other_org, email="nia.brown@example.org")
    client.force_login(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, home_org, role=Role.MANAGER)
    assert response.status_code == 302
    assert User.objects.filter(email="nia.brown@example.org").count() == 1
    assert Membership.objects.filter(person=existing, organisation=home_org, role=Role.MANAGER)
    assert not Invitation.objects.filter(person=existing).exists()
    [event] = audit_events(Action.MEMBERSHIP_ADDED)
    assert event.data["new_person"] is False
    assert "already has an Infoshare account" in client.get(response.url).content.decode()
    assert "added to" in mailoutbox[0].subject


def test_inviting_with_a_bad_email_shows_the_error_and_saves_nothing(client, org_admin, home_org):
    client.force_login(org_admin)
    before = User.objects.count()
    response = _invite(client, home_org, email="not-an-email", full_name="")
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert msg.ROW_EMAIL_BAD in html
    assert "Enter the person&#x27;s full name" in html
    assert User.objects.count() == before
    assert not audit_events(Action.PERSON_INVITED)


def test_inviting_someone_who_already_has_the_role_shows_the_error(
    client, org_admin, home_org, make_member
):
    make_member(Role.PRACTITIONER, home_org, email="nia.brown@example.org")
    client.force_login(org_admin)
    response = _invite(client, home_org)
    assert response.status_code == 400
    assert msg.ALREADY_HAS_ROLE in response.content.decode()


def test_org_admin_cannot_give_a_partnership_wide_role(client, org_admin, home_org):
    client.force_login(org_admin)
    page = client.get(_url("invite", org_id=home_org.pk)).content.decode()
    assert 'value="partnership_admin"' not in page
    response = _invite(client, home_org, role=Role.PARTNERSHIP_ADMIN)
    assert response.status_code == 400
    assert "Select a role" in response.content.decode()
    assert not User.objects.filter(email="nia.brown@example.org").exists()


def test_manager_cannot_invite(client, manager, home_org):
    client.force_login(manager)
    assert _invite(client, home_org).status_code == 403


# --- accepting an invitation ---------------------------------------------------------


@pytest.fixture
def invitation_link(client, org_admin, home_org, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, home_org)
    client.logout()
    return (
        "/organisations/invitations/"
        + mailoutbox[0].body.split("/organisations/invitations/")[1].split()[0]
    )


NEW_PASSWORD = "Sharing-safely-2026!"


def test_invited_person_sets_a_password_and_is_sent_to_set_up_mfa(client, invitation_link):
    page = client.get(invitation_link)
    assert page.status_code == 200
    assert "Set your password" in page.content.decode()
    response = client.post(
        invitation_link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:mfa_required")
    person = User.objects.get(email="nia.brown@example.org")
    assert person.check_password(NEW_PASSWORD)
    assert client.session["_auth_user_id"] == str(person.pk)
    assert Invitation.objects.get(person=person).used_at is not None
    assert audit_events(Action.INVITATION_ACCEPTED)[0].actor_id == person.pk


def test_an_invitation_link_works_only_once(client, invitation_link):
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    client.post(invitation_link, data)
    client.logout()
    again = client.get(invitation_link)
    assert again.status_code == 410
    assert msg.INVITATION_USED in again.content.decode()
    assert client.post(invitation_link, data).status_code == 410


def test_an_expired_invitation_link_shows_a_clear_page(client, invitation_link):
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = client.get(invitation_link)
    assert response.status_code == 410
    assert msg.INVITATION_EXPIRED in response.content.decode()


def test_an_unknown_invitation_link_is_not_found(client, db):
    response = client.get(_url("accept_invitation", token="made-up"))
    assert response.status_code == 404
    assert msg.INVITATION_NOT_FOUND in response.content.decode()


def test_a_weak_password_is_refused_with_the_validators_message(client, invitation_link):
    response = client.post(invitation_link, {"new_password1": "short", "new_password2": "short"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "too short" in html
    assert not User.objects.get(email="nia.brown@example.org").has_usable_password()


def test_passwords_that_do_not_match_are_refused(client, invitation_link):
    response = client.post(
        invitation_link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"}
    )
    assert response.status_code == 400
    assert "The two passwords do not match" in response.content.decode()


# --- changing roles and deactivating -------------------------------------------------


def _membership(user, org):
    return Membership.objects.get(person=user, organisation=org, ends_on__isnull=True)


def test_org_admin_changes_a_role(client, org_admin, practitioner, home_org):
    old = _membership(practitioner, home_org)
    client.force_login(org_admin)
    url = _url("change_role", org_id=home_org.pk, membership_id=old.pk)
    assert "Change the role of" in client.get(url).content.decode()
    response = client.post(url, {"role": Role.MANAGER})
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.ends_on == timezone.localdate()
    new = _membership(practitioner, home_org)
    assert new.role == Role.MANAGER
    [event] = audit_events(Action.ROLE_CHANGED)
    assert (event.data["old_role"], event.data["new_role"]) == (Role.PRACTITIONER, Role.MANAGER)
    assert event.organisation_id == home_org.pk


def test_the_last_org_admin_cannot_lose_the_role(client, org_admin, partnership_admin, home_org):
    membership = _membership(org_admin, home_org)
    client.force_login(partnership_admin)
    response = client.post(
        _url("change_role", org_id=home_org.pk, membership_id=membership.pk),
        {"role": Role.MANAGER},
    )
    assert response.status_code == 400
    assert msg.LAST_ORG_ADMIN in response.content.decode()
    assert _membership(org_admin, home_org).role == Role.ORG_ADMIN
    assert not audit_events(Action.ROLE_CHANGED)


def test_deactivate_asks_for_confirmation_first(client, org_admin, practitioner, home_org):
    membership = _membership(practitioner, home_org)
    client.force_login(org_admin)
    url = _url("deactivate", org_id=home_org.pk, membership_id=membership.pk)
    html = client.get(url).content.decode()
    assert "role as practitioner?</h1>" in html
    assert "account will be deactivated" in html
    practitioner.refresh_from_db()
    assert practitioner.is_active


def test_deactivating_a_last_role_deactivates_the_person(client, org_admin, practitioner, home_org):
    membership = _membership(practitioner, home_org)
    client.force_login(org_admin)
    response = client.post(_url("deactivate", org_id=home_org.pk, membership_id=membership.pk))
    assert response.status_code == 302
    practitioner.refresh_from_db()
    assert not practitioner.is_active
    assert practitioner.deactivated_at is not None
    assert User.objects.filter(pk=practitioner.pk).exists()  # never deleted
    [event] = audit_events(Action.PERSON_DEACTIVATED)
    assert event.organisation_id == home_org.pk


def test_deactivating_one_of_two_roles_keeps_the_person_active(
    client, org_admin, practitioner, home_org
):
    MembershipFactory(person=practitioner, organisation=home_org, role=Role.ADVISOR)
    membership = Membership.objects.get(person=practitioner, role=Role.PRACTITIONER)
    client.force_login(org_admin)
    client.post(_url("deactivate", org_id=home_org.pk, membership_id=membership.pk))
    practitioner.refresh_from_db()
    assert practitioner.is_active
    assert audit_events(Action.MEMBERSHIP_ENDED)


def test_the_last_org_admin_cannot_be_deactivated(client, org_admin, home_org):
    membership = _membership(org_admin, home_org)
    client.force_login(org_admin)
    response = client.post(_url("deactivate", org_id=home_org.pk, membership_id=membership.pk))
    assert response.status_code == 400
    assert msg.LAST_ORG_ADMIN in response.content.decode()
    org_admin.refresh_from_db()
    assert org_admin.is_active


def test_membership_of_another_organisation_is_not_found(
    client, foreign_org_user, other_org, practitioner, home_org
):
    membership = _membership(practitioner, home_org)
    client.force_login(foreign_org_user)
    for name in ("change_role", "deactivate", "invite_sent"):
        url = _url(name, org_id=other_org.pk, membership_id=membership.pk)
        assert client.get(url).status_code == 404, name
    assert (
        client.post(
            _url("deactivate", org_id=other_org.pk, membership_id=membership.pk)
        ).status_code
        == 404
    )
    practitioner.refresh_from_db()
    assert practitioner.is_active


def test_org_admin_is_refused_another_organisations_staff_pages(
    client, foreign_org_user, home_org, practitioner
):
    membership = _membership(practitioner, home_org)
    client.force_login(foreign_org_user)
    url = _url("deactivate", org_id=home_org.pk, membership_id=membership.pk)
    assert client.post(url).status_code == 403


# --- home page and navigation --------------------------------------------------------


def test_org_admin_home_shows_pending_invitations_and_staff_without_mfa(
    client, org_admin, home_org, django_capture_on_commit_callbacks
):
    client.force_login(org_admin)
    _invite(client, home_org)
    html = client.get(reverse("core:home")).content.decode()
    assert "Staff of Home Council" in html
    assert "1 invitation not yet accepted" in html
    assert "1 person has not set up two-factor authentication" in html


def test_navigation_shows_organisations(client, practitioner):
    client.force_login(practitioner)
    html = client.get(reverse("core:home")).content.decode()
    assert _url("organisation_list") in html


def test_practitioner_home_has_no_staff_panel(client, practitioner):
    client.force_login(practitioner)
    assert "Staff of Home Council" not in client.get(reverse("core:home")).content.decode()


def test_team_create_errors_are_shown_on_its_own_page(client, org_admin, home_org):
    client.force_login(org_admin)
    response = client.post(_url("team_create", org_id=home_org.pk), {"name": "T" * 121})
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "Team name must be 120 characters or fewer" in html
    assert not Team.objects.exists()


# --- page titles name the person or the organisation ------------------------------------


def _title(client: Any, url: str) -> str:
    html = client.get(url).content.decode()
    return html.split("<title>", 1)[1].split("</title>", 1)[0]


def test_role_page_titles_name_the_person(client, org_admin, home_org):
    ada = UserFactory(full_name="Ada Lovelace")
    bob = UserFactory(full_name="Bob Smith")
    ada_role: Any = MembershipFactory(person=ada, organisation=home_org, role=Role.PRACTITIONER)
    bob_role: Any = MembershipFactory(person=bob, organisation=home_org, role=Role.MANAGER)
    client.force_login(org_admin)
    change = [
        _title(client, _url("change_role", org_id=home_org.pk, membership_id=m.pk))
        for m in (ada_role, bob_role)
    ]
    assert change == [
        "Change the role of Ada Lovelace \N{EN DASH} Home Council \N{EN DASH} Infoshare",
        "Change the role of Bob Smith \N{EN DASH} Home Council \N{EN DASH} Infoshare",
    ]
    remove = [
        _title(client, _url("deactivate", org_id=home_org.pk, membership_id=m.pk))
        for m in (ada_role, bob_role)
    ]
    assert remove == [
        "Remove Ada Lovelace's role as practitioner? \N{EN DASH} Home Council \N{EN DASH} Infoshare",
        "Remove Bob Smith's role as manager? \N{EN DASH} Home Council \N{EN DASH} Infoshare",
    ]


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("invite", "Invite a person"),
        ("staff_import", "Import staff from a file"),
        ("team_create", "Create a team"),
    ],
)
def test_organisation_page_titles_name_the_organisation(
    client, make_member, home_org, other_org, name, title
):
    admin = make_member(Role.ORG_ADMIN, home_org)
    MembershipFactory(person=admin, organisation=other_org, role=Role.ORG_ADMIN)
    client.force_login(admin)
    assert (
        _title(client, _url(name, org_id=home_org.pk))
        == f"{title} \N{EN DASH} Home Council \N{EN DASH} Infoshare"
    )
    assert (
        _title(client, _url(name, org_id=other_org.pk))
        == f"{title} \N{EN DASH} Other School \N{EN DASH} Infoshare"
    )
