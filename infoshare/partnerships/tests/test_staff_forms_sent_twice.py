"""Staff forms sent twice (a double press on "Change role" or "Send invitation", a form
sent again): the repeat lands where the first went, with its message; a form sent after
someone else changed the role says so; a real attempt to give a role twice keeps its
error; and nobody without access learns anything."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from infoshare.accounts.models import User
from infoshare.core.roles import Role
from infoshare.partnerships import errors as msg
from infoshare.partnerships.audit import Action
from infoshare.partnerships.models import Membership
from infoshare.partnerships.services.people import REPEAT_WINDOW
from infoshare.partnerships.tests.conftest import audit_events
from infoshare.partnerships.tests.factories import TeamFactory
from infoshare.partnerships.tests.test_invitation_email import REFUSING


def _url(name: str, **kwargs: object) -> str:
    return reverse(f"partnerships:{name}", kwargs=kwargs)


def _current(user: Any, org: Any) -> Membership:
    return Membership.objects.get(person=user, organisation=org, ends_on__isnull=True)


def _notices(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _change(client: Any, org: Any, membership: Membership, role: str) -> None:
    """Changes a role, and reads the staff list it leads to (and so its message)."""
    url = _url("change_role", org_id=org.pk, membership_id=membership.pk)
    assert client.post(url, {"role": role}, follow=True).status_code == 200


# --- changing a role -----------------------------------------------------------------


def test_a_role_change_sent_twice_lands_on_the_staff_list_with_its_message_once(
    client, org_admin, practitioner, home_org
):
    old = _current(practitioner, home_org)
    client.force_login(org_admin)
    url = _url("change_role", org_id=home_org.pk, membership_id=old.pk)
    first = client.post(url, {"role": Role.MANAGER})
    second = client.post(url, {"role": Role.MANAGER}, follow=True)
    staff_list = _url("staff_list", org_id=home_org.pk)
    assert first.status_code == 302
    assert first.url == staff_list
    assert second.redirect_chain == [(staff_list, 302)]
    assert second.status_code == 200
    name = practitioner.full_name
    assert _notices(second) == [f"{name} is now manager"]
    assert _current(practitioner, home_org).role == Role.MANAGER
    assert len(audit_events(Action.ROLE_CHANGED)) == 1  # changed once


def test_a_role_change_sent_while_the_first_was_being_saved_lands_on_the_staff_list(
    client, org_admin, practitioner, home_org
):
    """The second request of a double press read the role before the first saved its
    change: the service then finds it ended, and the answer is the first one's."""
    old = _current(practitioner, home_org)
    client.force_login(org_admin)
    url = _url("change_role", org_id=home_org.pk, membership_id=old.pk)
    assert client.post(url, {"role": Role.MANAGER}).status_code == 302
    with mock.patch(
        "infoshare.partnerships.views.staff.membership_or_404", return_value=old
    ):  # as read before the first request committed
        second = client.post(url, {"role": Role.MANAGER})
    assert second.status_code == 302
    assert second.url == _url("staff_list", org_id=home_org.pk)
    assert len(audit_events(Action.ROLE_CHANGED)) == 1


def test_a_stale_form_after_someone_else_changed_the_role_says_who_and_to_what(
    client, org_admin, partnership_admin, practitioner, home_org
):
    old = _current(practitioner, home_org)
    url = _url("change_role", org_id=home_org.pk, membership_id=old.pk)
    client.force_login(partnership_admin)
    _change(client, home_org, old, Role.MANAGER)
    client.force_login(org_admin)
    response = client.post(url, {"role": Role.ADVISOR}, follow=True)
    assert response.redirect_chain == [(_url("staff_list", org_id=home_org.pk), 302)]
    [notice] = _notices(response)
    assert notice.startswith(
        f"Your change was not made: {practitioner.full_name}'s role had already been "
        f"changed to manager by {partnership_admin.full_name} on "
    )
    assert notice in response.content.decode().replace("&#x27;", "'")
    assert _current(practitioner, home_org).role == Role.MANAGER  # not advisor
    assert len(audit_events(Action.ROLE_CHANGED)) == 1


def test_a_stale_form_names_the_latest_change(
    client, org_admin, partnership_admin, practitioner, home_org
):
    first = _current(practitioner, home_org)
    client.force_login(org_admin)
    _change(client, home_org, first, Role.MANAGER)
    second = _current(practitioner, home_org)
    client.force_login(partnership_admin)
    _change(client, home_org, second, Role.ADVISOR)
    client.force_login(org_admin)
    # The first change's page sent again: the role is no longer manager, so not a repeat.
    url = _url("change_role", org_id=home_org.pk, membership_id=first.pk)
    [notice] = _notices(client.post(url, {"role": Role.MANAGER}, follow=True))
    assert "had already been changed to information sharing advisor by " in notice
    assert partnership_admin.full_name in notice
    assert _current(practitioner, home_org).role == Role.ADVISOR


def test_the_same_person_sending_another_role_on_a_stale_form_is_told_what_they_did(
    client, org_admin, practitioner, home_org
):
    old = _current(practitioner, home_org)
    client.force_login(org_admin)
    _change(client, home_org, old, Role.MANAGER)
    url = _url("change_role", org_id=home_org.pk, membership_id=old.pk)
    [notice] = _notices(client.post(url, {"role": Role.ADVISOR}, follow=True))
    assert notice.startswith(
        f"Your change was not made: {practitioner.full_name}'s role had already been "
        "changed to manager by you on "
    )
    assert _current(practitioner, home_org).role == Role.MANAGER


def test_a_stale_form_after_the_role_was_removed_says_so(
    client, org_admin, partnership_admin, practitioner, home_org
):
    old = _current(practitioner, home_org)
    client.force_login(partnership_admin)
    deactivate = _url("deactivate", org_id=home_org.pk, membership_id=old.pk)
    assert client.post(deactivate, {"confirm": "yes"}, follow=True).status_code == 200
    client.force_login(org_admin)
    url = _url("change_role", org_id=home_org.pk, membership_id=old.pk)
    [notice] = _notices(client.post(url, {"role": Role.MANAGER}, follow=True))
    assert notice.startswith(
        f"Your change was not made: {practitioner.full_name}'s role as practitioner had "
        f"already been removed by {partnership_admin.full_name} on "
    )
    assert not Membership.objects.filter(person=practitioner, ends_on__isnull=True).exists()


def test_a_stale_form_after_the_new_role_was_removed_names_that_role(
    client, org_admin, partnership_admin, practitioner, home_org
):
    first = _current(practitioner, home_org)
    client.force_login(org_admin)
    _change(client, home_org, first, Role.MANAGER)
    second = _current(practitioner, home_org)
    client.force_login(partnership_admin)
    deactivate = _url("deactivate", org_id=home_org.pk, membership_id=second.pk)
    assert client.post(deactivate, {"confirm": "yes"}, follow=True).status_code == 200
    client.force_login(org_admin)
    url = _url("change_role", org_id=home_org.pk, membership_id=first.pk)
    [notice] = _notices(client.post(url, {"role": Role.MANAGER}, follow=True))
    assert notice.startswith(
        f"Your change was not made: {practitioner.full_name}'s role as manager had "
        f"already been removed by {partnership_admin.full_name} on "
    )


def test_opening_an_ended_roles_page_says_what_became_of_it(
    client, org_admin, partnership_admin, practitioner, home_org
):
    old = _current(practitioner, home_org)
    url = _url("change_role", org_id=home_org.pk, membership_id=old.pk)
    client.force_login(partnership_admin)
    _change(client, home_org, old, Role.MANAGER)
    client.force_login(org_admin)
    response = client.get(url, follow=True)
    assert response.redirect_chain == [(_url("staff_list", org_id=home_org.pk), 302)]
    [notice] = _notices(response)
    assert notice.startswith(
        f"{practitioner.full_name}'s role was changed to manager by {partnership_admin.full_name}"
    )


def test_an_ended_role_tells_nothing_to_an_administrator_of_another_organisation(
    client, org_admin, practitioner, home_org, other_org, make_member
):
    old = _current(practitioner, home_org)
    client.force_login(org_admin)
    _change(client, home_org, old, Role.MANAGER)
    outsider = make_member(Role.ORG_ADMIN, other_org)
    client.force_login(outsider)
    # Through their own organisation's address: the same not-found as for any id.
    url = _url("change_role", org_id=other_org.pk, membership_id=old.pk)
    never = _url("change_role", org_id=other_org.pk, membership_id=old.pk + 1000)
    for address in (url, never):
        for response in (client.get(address), client.post(address, {"role": Role.MANAGER})):
            assert response.status_code == 404
            assert not _notices(response)
    # Through the role's own organisation: refused before anything is looked up.
    home = _url("change_role", org_id=home_org.pk, membership_id=old.pk)
    response = client.post(home, {"role": Role.MANAGER})
    assert response.status_code == 403
    assert practitioner.full_name not in response.content.decode()


# --- inviting ------------------------------------------------------------------------

NIA = {"full_name": "Nia Brown", "email": "Nia.Brown@Example.org", "role": Role.PRACTITIONER}


def _invite(client: Any, org: Any, **data: Any) -> Any:
    return client.post(_url("invite", org_id=org.pk), {**NIA, **data})


def test_an_invitation_sent_twice_lands_on_the_same_confirmation(
    client, org_admin, home_org, mailoutbox, django_capture_on_commit_callbacks
):
    team: Any = TeamFactory(organisation=home_org, name="Early Help")
    client.force_login(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        first = _invite(client, home_org, team=str(team.pk))
    with django_capture_on_commit_callbacks(execute=True):
        second = _invite(client, home_org, team=str(team.pk))
    membership = Membership.objects.get(person__email="nia.brown@example.org")
    sent = _url("invite_sent", org_id=home_org.pk, membership_id=membership.pk)
    assert (first.status_code, first.url) == (302, sent)
    assert (second.status_code, second.url) == (302, sent)
    page = client.get(second.url).content.decode()
    assert "Invitation sent" in page
    assert "Nia Brown is now practitioner" in page
    assert User.objects.filter(email="nia.brown@example.org").count() == 1
    assert len(mailoutbox) == 1  # one email, one link
    assert len(audit_events(Action.PERSON_INVITED)) == 1


def test_giving_an_existing_account_a_role_sent_twice_lands_on_the_same_confirmation(
    client, org_admin, home_org, other_org, make_member, django_capture_on_commit_callbacks
):
    existing = make_member(Role.PRACTITIONER, other_org, email="nia.brown@example.org")
    client.force_login(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        first = _invite(client, home_org, role=Role.MANAGER)
    second = _invite(client, home_org, role=Role.MANAGER)
    assert second.status_code == 302
    assert second.url == first.url
    assert "Role added" in client.get(second.url).content.decode()
    assert Membership.objects.filter(person=existing, organisation=home_org).count() == 1
    assert len(audit_events(Action.MEMBERSHIP_ADDED)) == 1


@pytest.mark.django_db(transaction=True)
def test_an_invitation_sent_twice_whose_email_was_refused_says_so_again(
    client, org_admin, home_org, settings
):
    settings.EMAIL_BACKEND = REFUSING
    client.force_login(org_admin)
    first = _invite(client, home_org)
    second = _invite(client, home_org)
    assert first.url.endswith("?email=failed")
    assert second.url == first.url
    assert "We could not send the email" in client.get(second.url).content.decode()


def test_giving_a_role_the_person_was_given_by_someone_else_keeps_its_error(
    client, org_admin, partnership_admin, home_org
):
    client.force_login(partnership_admin)
    assert _invite(client, home_org).status_code == 302
    client.force_login(org_admin)
    response = _invite(client, home_org)
    assert response.status_code == 400
    assert msg.ALREADY_HAS_ROLE in response.content.decode()


def test_giving_a_role_again_after_a_few_minutes_keeps_its_error(client, org_admin, home_org):
    client.force_login(org_admin)
    assert _invite(client, home_org).status_code == 302
    later = timezone.now() + REPEAT_WINDOW + dt.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = _invite(client, home_org)
    assert response.status_code == 400
    assert msg.ALREADY_HAS_ROLE in response.content.decode()


def test_giving_a_role_again_with_another_team_keeps_its_error(client, org_admin, home_org):
    team: Any = TeamFactory(organisation=home_org, name="Early Help")
    client.force_login(org_admin)
    assert _invite(client, home_org).status_code == 302
    response = _invite(client, home_org, team=str(team.pk))
    assert response.status_code == 400
    assert msg.ALREADY_HAS_ROLE in response.content.decode()
    assert Membership.objects.get(person__email="nia.brown@example.org").team is None


def test_a_role_given_before_by_another_way_keeps_its_error(
    client, org_admin, home_org, make_member
):
    make_member(Role.PRACTITIONER, home_org, email="nia.brown@example.org")
    client.force_login(org_admin)
    response = _invite(client, home_org)
    assert response.status_code == 400
    assert msg.ALREADY_HAS_ROLE in response.content.decode()


# --- removing a role -----------------------------------------------------------------


def test_a_role_removal_sent_twice_lands_on_the_staff_list_with_its_message_once(
    client, org_admin, practitioner, home_org, make_member
):
    make_member(Role.MANAGER, home_org, email=practitioner.email + ".other")  # a bystander
    # The practitioner keeps another role, so their account stays: "no longer has the role".
    Membership.objects.create(person=practitioner, organisation=home_org, role=Role.ADVISOR)
    old = Membership.objects.get(
        person=practitioner, organisation=home_org, role=Role.PRACTITIONER, ends_on__isnull=True
    )
    client.force_login(org_admin)
    url = _url("deactivate", org_id=home_org.pk, membership_id=old.pk)
    first = client.post(url)
    second = client.post(url, follow=True)
    staff_list = _url("staff_list", org_id=home_org.pk)
    assert first.status_code == 302
    assert first.url == staff_list
    assert second.redirect_chain == [(staff_list, 302)]
    assert _notices(second) == [f"{practitioner.full_name} no longer has the role practitioner"]
    assert len(audit_events(Action.MEMBERSHIP_ENDED)) == 1  # removed once


def test_a_removal_sent_after_someone_else_changed_the_role_says_so(
    client, org_admin, practitioner, home_org, make_member
):
    other_admin = make_member(Role.ORG_ADMIN, home_org)
    old = _current(practitioner, home_org)
    client.force_login(other_admin)
    _change(client, home_org, old, Role.MANAGER)
    client.force_login(org_admin)
    url = _url("deactivate", org_id=home_org.pk, membership_id=old.pk)
    answer = client.post(url, follow=True)
    assert answer.status_code == 200
    [notice] = _notices(answer)
    assert notice.startswith(
        f"Your change was not made: {practitioner.full_name}'s role had already been changed"
        " to manager by "
    )
    assert _current(practitioner, home_org).role == Role.MANAGER
