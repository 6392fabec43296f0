"""Scoped reads: people see only what their roles open to them."""

from __future__ import annotations

from typing import Any

import pytest

from infoshare.core.errors import NotFound
from infoshare.core.roles import Role
from infoshare.partnerships import selectors
from infoshare.partnerships.models import Membership
from infoshare.partnerships.tests.factories import OrganisationFactory, PartnershipFactory


def test_member_sees_only_their_organisations(practitioner, home_org, other_org):
    assert list(selectors.organisations_visible_to(practitioner)) == [home_org]


def test_board_member_sees_the_whole_partnership_but_not_another(board_member, home_org, other_org):
    elsewhere = OrganisationFactory(partnership=PartnershipFactory(name="Elsewhere"))
    visible = set(selectors.organisations_visible_to(board_member))
    assert visible == {home_org, other_org}
    assert elsewhere not in visible


def test_get_organisation_for_hides_other_organisations(practitioner, other_org):
    with pytest.raises(NotFound):
        selectors.get_organisation_for(practitioner, other_org.pk)
    with pytest.raises(NotFound):
        selectors.get_organisation_for(practitioner, 999_999)


def test_staff_count_counts_people_with_a_current_role(org_admin, practitioner, home_org):
    Membership.objects.create(person=practitioner, organisation=home_org, role=Role.ADVISOR)
    org: Any = selectors.get_organisation_for(org_admin, home_org.pk)
    assert org.staff_count == 2


def test_staff_of_searches_and_carries_roles(org_admin, make_member, home_org):
    make_member(Role.MANAGER, home_org, full_name="Mark Evans", email="mark@example.org")
    mark: Any
    [mark] = selectors.staff_of(org_admin, home_org, "EVANS")
    assert [m.role for m in mark.org_memberships] == [Role.MANAGER]
    assert mark.has_mfa
    assert not mark.invitation_pending


def test_staff_of_leaves_out_ended_memberships(org_admin, practitioner, home_org):
    from django.utils import timezone

    Membership.objects.filter(person=practitioner).update(ends_on=timezone.localdate())
    assert practitioner not in selectors.staff_of(org_admin, home_org)


def test_practitioner_cannot_read_the_staff(practitioner, home_org):
    with pytest.raises(NotFound):
        selectors.staff_of(practitioner, home_org)


def test_partnership_admin_can_read_any_organisations_staff(partnership_admin, other_org):
    assert list(selectors.staff_of(partnership_admin, other_org)) == []


def test_get_membership_for_hides_another_organisations_membership(
    foreign_org_user, other_org, practitioner, home_org
):
    membership = Membership.objects.get(person=practitioner)
    with pytest.raises(NotFound):
        selectors.get_membership_for(foreign_org_user, other_org, membership.pk)
    with pytest.raises(NotFound):
        selectors.get_membership_for(foreign_org_user, home_org, membership.pk)


def test_manager_cannot_manage_memberships(manager, practitioner, home_org):
    membership = Membership.objects.get(person=practitioner)
    with pytest.raises(NotFound):
        selectors.get_membership_for(manager, home_org, membership.pk)


def test_home_counts_pending_invitations_and_missing_mfa(org_admin, home_org):
    from infoshare.partnerships import services

    services.invite_person(
        actor=org_admin,
        organisation=home_org,
        full_name="Nia Brown",
        email="nia@example.org",
        role=Role.PRACTITIONER,
    )
    assert selectors.pending_invitation_count(home_org) == 1
    assert selectors.staff_without_mfa_count(home_org) == 1
    assert list(selectors.organisations_administered_by(org_admin)) == [home_org]
