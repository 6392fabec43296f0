"""The rules the partnership services enforce, and their audit events."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.mfa.models import Authenticator
from django.utils import timezone

from infoshare.accounts.models import User
from infoshare.audit.models import AuditEvent
from infoshare.core.errors import DomainError, NotFound, ValidationFailed
from infoshare.core.roles import Role
from infoshare.partnerships import errors as msg
from infoshare.partnerships import services
from infoshare.partnerships.audit import Action
from infoshare.partnerships.models import Invitation, Membership, Sector
from infoshare.partnerships.selectors import token_digest
from infoshare.partnerships.tests.conftest import audit_events
from infoshare.partnerships.tests.factories import TEST_PASSWORD, MembershipFactory, TeamFactory

PASSWORD = "Sharing-safely-2026!"


def _membership(user, org, role=None):
    query = Membership.objects.filter(person=user, organisation=org, ends_on__isnull=True)
    return query.get(role=role) if role else query.get()


def test_create_organisation_puts_it_in_the_admins_partnership(partnership_admin, partnership):
    org = services.create_organisation(
        actor=partnership_admin, name=" Millbrook Surgery ", sector=Sector.GP_PRACTICE
    )
    assert (org.name, org.partnership) == ("Millbrook Surgery", partnership)
    assert audit_events(Action.ORGANISATION_CREATED)[0].data["sector"] == Sector.GP_PRACTICE


def test_create_organisation_refuses_an_identifier_in_use(partnership_admin, home_org):
    home_org.identifier = "M81001"
    home_org.save()
    with pytest.raises(ValidationFailed) as caught:
        services.create_organisation(
            actor=partnership_admin, name="New", sector=Sector.POLICE, identifier="m81001"
        )
    assert caught.value.fields == {"identifier": msg.IDENTIFIER_TAKEN}


def test_org_admin_cannot_create_an_organisation(org_admin):
    with pytest.raises(services.Forbidden):
        services.create_organisation(actor=org_admin, name="X", sector=Sector.POLICE)


def test_update_organisation_records_only_what_changed(partnership_admin, home_org):
    services.update_organisation(
        actor=partnership_admin,
        organisation=home_org,
        name=home_org.name,
        sector=Sector.POLICE,
        identifier="",
    )
    [event] = audit_events(Action.ORGANISATION_CHANGED)
    assert event.data == {"changes": {"sector": [Sector.CHILDRENS_SERVICES, Sector.POLICE]}}


def test_update_organisation_with_no_change_writes_no_event(partnership_admin, home_org):
    services.update_organisation(
        actor=partnership_admin,
        organisation=home_org,
        name=home_org.name,
        sector=home_org.sector,
    )
    assert not audit_events(Action.ORGANISATION_CHANGED)


def test_create_team_refuses_a_blank_name(org_admin, home_org):
    with pytest.raises(DomainError) as caught:
        services.create_team(actor=org_admin, organisation=home_org, name="   ")
    assert caught.value.field == "name"


def test_org_admin_of_another_organisation_cannot_create_a_team(foreign_org_user, home_org):
    with pytest.raises(services.Forbidden):
        services.create_team(actor=foreign_org_user, organisation=home_org, name="Team")


def test_invite_person_creates_an_account_without_a_password(org_admin, home_org):
    invited = services.invite_person(
        actor=org_admin,
        organisation=home_org,
        full_name="Nia Brown",
        email=" NIA@Example.org ",
        role=Role.ADVISOR,
    )
    assert invited.new_person
    assert invited.person.email == "nia@example.org"
    assert not invited.person.has_usable_password()
    invitation = Invitation.objects.get(person=invited.person)
    assert invitation.digest == token_digest(invited.token)
    assert invitation.invited_by == org_admin
    event = audit_events(Action.PERSON_INVITED)[0]
    assert (event.organisation_id, event.data["role"]) == (home_org.pk, Role.ADVISOR)


def test_invite_refuses_a_team_of_another_organisation(org_admin, home_org, other_org):
    with pytest.raises(DomainError) as caught:
        services.invite_person(
            actor=org_admin,
            organisation=home_org,
            full_name="Nia Brown",
            email="nia@example.org",
            role=Role.PRACTITIONER,
            team=TeamFactory.create(organisation=other_org),
        )
    assert caught.value.message == msg.TEAM_NOT_FOUND
    assert not User.objects.filter(email="nia@example.org").exists()


def test_org_admin_cannot_give_a_partnership_role(org_admin, home_org):
    with pytest.raises(services.Forbidden):
        services.invite_person(
            actor=org_admin,
            organisation=home_org,
            full_name="Nia Brown",
            email="nia@example.org",
            role=Role.AUDITOR,
        )


def test_partnership_admin_can_give_a_partnership_role(partnership_admin, other_org):
    invited = services.invite_person(
        actor=partnership_admin,
        organisation=other_org,
        full_name="Nia Brown",
        email="nia@example.org",
        role=Role.BOARD_MEMBER,
    )
    assert invited.membership.role == Role.BOARD_MEMBER


def test_inviting_a_deactivated_person_needs_a_fresh_invitation(org_admin, home_org, make_member):
    leaver = make_member(Role.PRACTITIONER, home_org, email="back@example.org")
    old_password_hash = leaver.password
    Membership.objects.filter(person=leaver).update(ends_on=timezone.localdate())
    User.objects.filter(pk=leaver.pk).update(is_active=False, deactivated_at=timezone.now())
    assert Authenticator.objects.filter(user=leaver).exists()
    invited = services.invite_person(
        actor=org_admin,
        organisation=home_org,
        full_name="Back Again",
        email="back@example.org",
        role=Role.PRACTITIONER,
    )
    person = User.objects.get(pk=leaver.pk)
    assert not invited.new_person
    # Back like a new person: no old password, no old two-factor, a one-time link to accept.
    assert person.is_active
    assert person.password != old_password_hash
    assert not person.has_usable_password()
    assert not person.check_password(TEST_PASSWORD)
    assert not Authenticator.objects.filter(user=person).exists()
    assert invited.token
    assert Invitation.objects.get(person=person).digest == token_digest(invited.token)
    assert audit_events(Action.PERSON_INVITED)[0].data["reactivated"] is True
    accepted = services.accept_invitation(token=invited.token, password=PASSWORD)
    assert accepted.check_password(PASSWORD)


def test_an_org_admin_cannot_give_themselves_a_role(org_admin, home_org):
    for email in (org_admin.email, f"  {org_admin.email.upper()} "):
        with pytest.raises(services.Forbidden) as caught:
            services.invite_person(
                actor=org_admin,
                organisation=home_org,
                full_name="Me Again",
                email=email,
                role=Role.ADVISOR,
            )
        assert (caught.value.message, caught.value.field) == (msg.OWN_ROLES, "email")
    assert not Membership.objects.filter(person=org_admin, role=Role.ADVISOR).exists()
    assert not audit_events(Action.MEMBERSHIP_ADDED)


def test_a_partnership_admin_cannot_give_themselves_a_role(partnership_admin, other_org):
    with pytest.raises(services.Forbidden) as caught:
        services.invite_person(
            actor=partnership_admin,
            organisation=other_org,
            full_name="Me",
            email=partnership_admin.email,
            role=Role.MANAGER,
        )
    assert caught.value.message == msg.OWN_ROLES


def test_an_org_admin_cannot_add_an_account_of_another_partnership(
    org_admin, home_org, make_member
):
    from infoshare.partnerships.tests.factories import OrganisationFactory, PartnershipFactory

    far = OrganisationFactory(partnership=PartnershipFactory(name="Far Partnership"))
    stranger = make_member(Role.PRACTITIONER, far, email="far@example.org")
    with pytest.raises(services.Forbidden) as caught:
        services.invite_person(
            actor=org_admin,
            organisation=home_org,
            full_name="Far Away",
            email="far@example.org",
            role=Role.PRACTITIONER,
        )
    assert (caught.value.message, caught.value.field) == (
        msg.CANNOT_ADD_ACCOUNT,
        "email",
    )
    assert not Membership.objects.filter(person=stranger, organisation=home_org).exists()


def test_a_partnership_admin_can_add_an_account_of_another_partnership(
    partnership_admin, home_org, make_member
):
    from infoshare.partnerships.tests.factories import OrganisationFactory, PartnershipFactory

    far = OrganisationFactory(partnership=PartnershipFactory(name="Far Partnership"))
    stranger = make_member(Role.PRACTITIONER, far, email="far@example.org")
    invited = services.invite_person(
        actor=partnership_admin,
        organisation=home_org,
        full_name="Far Away",
        email="far@example.org",
        role=Role.PRACTITIONER,
    )
    assert invited.person == stranger
    assert audit_events(Action.MEMBERSHIP_ADDED)[0].actor_id == partnership_admin.pk


def test_an_org_admin_can_add_someone_who_had_a_role_in_the_partnership(
    org_admin, home_org, other_org, make_member
):
    former = make_member(Role.PRACTITIONER, other_org, email="former@example.org")
    Membership.objects.filter(person=former).update(ends_on=timezone.localdate())
    invited = services.invite_person(
        actor=org_admin,
        organisation=home_org,
        full_name="Former",
        email="former@example.org",
        role=Role.PRACTITIONER,
    )
    assert invited.person == former


def _invite(org_admin, org):
    return services.invite_person(
        actor=org_admin,
        organisation=org,
        full_name="Nia Brown",
        email="nia@example.org",
        role=Role.PRACTITIONER,
    )


def test_accept_invitation_sets_the_password_once(org_admin, home_org):
    invited = _invite(org_admin, home_org)
    person = services.accept_invitation(token=invited.token, password=PASSWORD)
    assert person.check_password(PASSWORD)
    with pytest.raises(DomainError) as caught:
        services.accept_invitation(token=invited.token, password="Another-password-99")
    assert caught.value.message == msg.INVITATION_USED
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_accept_invitation_refuses_an_expired_link(org_admin, home_org):
    invited = _invite(org_admin, home_org)
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(DomainError) as caught:
        services.accept_invitation(token=invited.token, password=PASSWORD)
    assert caught.value.message == msg.INVITATION_EXPIRED


def test_accept_invitation_refuses_a_link_replaced_by_a_new_invitation(org_admin, home_org):
    invited = _invite(org_admin, home_org)
    resent = services.resend_invitation(actor=org_admin, membership=invited.membership)
    old = Invitation.objects.get(digest=token_digest(invited.token))
    assert old.replaced_at is not None
    assert not old.is_usable
    assert Invitation.objects.get(digest=token_digest(resent.token)).replaced_at is None
    with pytest.raises(DomainError) as caught:
        services.accept_invitation(token=invited.token, password=PASSWORD)
    assert (caught.value.code, caught.value.message) == (
        "invitation_replaced",
        msg.INVITATION_REPLACED,
    )
    assert not User.objects.get(pk=invited.person.pk).has_usable_password()


def test_accept_invitation_refuses_an_unknown_link(db):
    with pytest.raises(NotFound):
        services.accept_invitation(token="nope", password=PASSWORD)


def test_accept_invitation_applies_the_password_validators(org_admin, home_org):
    invited = _invite(org_admin, home_org)
    with pytest.raises(DomainError) as caught:
        services.accept_invitation(token=invited.token, password="password")
    assert caught.value.field == "new_password1"
    assert Invitation.objects.get().used_at is None


def test_change_role_keeps_the_history(org_admin, practitioner, home_org):
    old = _membership(practitioner, home_org)
    new = services.change_role(actor=org_admin, membership=old, role=Role.MANAGER)
    old.refresh_from_db()
    assert old.ends_on == timezone.localdate()
    assert not old.is_current
    assert new.is_current
    assert list(
        Membership.objects.active().filter(person=practitioner).values_list("role", flat=True)
    ) == [Role.MANAGER]


def test_change_role_to_the_same_role_is_refused(org_admin, practitioner, home_org):
    with pytest.raises(DomainError) as caught:
        services.change_role(
            actor=org_admin, membership=_membership(practitioner, home_org), role=Role.PRACTITIONER
        )
    assert caught.value.message == msg.SAME_ROLE


def test_an_org_admin_steps_down_through_another_admin(org_admin, home_org, make_member):
    other_admin = make_member(Role.ORG_ADMIN, home_org)
    services.change_role(
        actor=other_admin, membership=_membership(org_admin, home_org), role=Role.MANAGER
    )
    [event] = audit_events(Action.ROLE_CHANGED)
    assert (event.data["old_role"], event.actor_id) == (Role.ORG_ADMIN, other_admin.pk)


@pytest.mark.parametrize("role", [Role.ADVISOR, Role.MANAGER, Role.PRACTITIONER])
def test_nobody_changes_their_own_role(org_admin, home_org, make_member, role):
    make_member(Role.ORG_ADMIN, home_org)  # so the last-administrator rule is not the reason
    with pytest.raises(services.Forbidden) as caught:
        services.change_role(
            actor=org_admin, membership=_membership(org_admin, home_org), role=role
        )
    assert (caught.value.message, caught.value.field) == (msg.OWN_ROLES, "role")
    assert _membership(org_admin, home_org).role == Role.ORG_ADMIN
    assert not audit_events(Action.ROLE_CHANGED)


def test_org_admin_cannot_change_a_partnership_admins_role(org_admin, partnership_admin, home_org):
    membership = _membership(partnership_admin, home_org)
    with pytest.raises(services.Forbidden):
        services.change_role(actor=org_admin, membership=membership, role=Role.PRACTITIONER)


def test_deactivate_ends_pending_invitations(org_admin, home_org):
    invited = _invite(org_admin, home_org)
    services.deactivate_membership(actor=org_admin, membership=invited.membership)
    assert not Invitation.objects.get().is_usable
    with pytest.raises(DomainError):
        services.accept_invitation(token=invited.token, password=PASSWORD)


def test_deactivating_an_ended_membership_is_refused(org_admin, practitioner, home_org):
    membership = _membership(practitioner, home_org)
    services.deactivate_membership(actor=org_admin, membership=membership)
    with pytest.raises(DomainError) as caught:
        services.deactivate_membership(actor=org_admin, membership=membership)
    assert caught.value.message == msg.MEMBERSHIP_ENDED


def test_a_person_with_a_role_elsewhere_stays_active(org_admin, practitioner, home_org, other_org):
    MembershipFactory(person=practitioner, organisation=other_org, role=Role.PRACTITIONER)
    services.deactivate_membership(actor=org_admin, membership=_membership(practitioner, home_org))
    practitioner.refresh_from_db()
    assert practitioner.is_active
    [event] = audit_events(Action.MEMBERSHIP_ENDED)
    assert event.data["deactivated"] is False


def test_every_service_event_names_the_organisation(org_admin, practitioner, home_org):
    services.create_team(actor=org_admin, organisation=home_org, name="A")
    _invite(org_admin, home_org)
    services.change_role(
        actor=org_admin, membership=_membership(practitioner, home_org), role=Role.ADVISOR
    )
    events = AuditEvent.objects.filter(action__startswith="partnerships.")
    assert events.count() == 3
    assert set(events.values_list("organisation_id", flat=True)) == {home_org.pk}
