"""The staff list offers only the actions the viewer may take (by the rules the services
apply), the confirmation pages of refused actions do not open, and the "invitation sent"
page says how things stand when it is opened again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from infoshare.core.roles import Role
from infoshare.partnerships import errors as msg
from infoshare.partnerships.audit import Action
from infoshare.partnerships.models import Invitation, Membership
from infoshare.partnerships.tests.conftest import audit_events
from infoshare.partnerships.tests.factories import UserFactory


def _url(name: str, **kwargs: object) -> str:
    return reverse(f"partnerships:{name}", kwargs=kwargs)


def _membership(person: Any, org: Any) -> Membership:
    return Membership.objects.get(person=person, organisation=org, ends_on__isnull=True)


def _links(client: Any, org: Any, membership: Membership) -> dict[str, bool]:
    """Which of the four actions the staff list offers for ``membership``."""
    html = client.get(_url("staff_list", org_id=org.pk)).content.decode()
    names = ("change_role", "deactivate", "resend_invitation", "reset_two_factor")
    return {
        name: f'href="{_url(name, org_id=org.pk, membership_id=membership.pk)}"' in html
        for name in names
    }


# --- what the staff list offers -------------------------------------------------------


def test_an_org_admin_is_not_offered_changes_to_a_partnership_wide_role(
    client: Any, org_admin: Any, board_member: Any, practitioner: Any, home_org: Any
) -> None:
    client.force_login(org_admin)
    board = _links(client, home_org, _membership(board_member, home_org))
    assert board == dict.fromkeys(board, False)
    staff = _links(client, home_org, _membership(practitioner, home_org))
    assert staff == {
        "change_role": True,
        "deactivate": True,
        "resend_invitation": False,  # they have set a password
        "reset_two_factor": True,
    }


def test_a_partnership_admin_is_offered_them(
    client: Any, partnership_admin: Any, board_member: Any, home_org: Any
) -> None:
    client.force_login(partnership_admin)
    board = _links(client, home_org, _membership(board_member, home_org))
    assert board == {
        "change_role": True,
        "deactivate": True,
        "resend_invitation": False,
        "reset_two_factor": True,
    }


def test_nobody_is_offered_changing_their_own_role_or_resetting_their_own_two_factor(
    client: Any, org_admin: Any, home_org: Any
) -> None:
    client.force_login(org_admin)
    own = _links(client, home_org, _membership(org_admin, home_org))
    assert not own["change_role"]
    assert not own["reset_two_factor"]
    assert not own["resend_invitation"]


def test_a_person_with_a_role_elsewhere_in_the_partnership_is_theirs_to_reset_only(
    client: Any, org_admin: Any, practitioner: Any, home_org: Any, other_org: Any
) -> None:
    """A practitioner here who is an auditor of the partnership (through another
    organisation): the org admin may change the practitioner role, but not reset the
    two-factor authentication of a partnership-wide role holder."""
    Membership.objects.create(person=practitioner, organisation=other_org, role=Role.AUDITOR)
    client.force_login(org_admin)
    links = _links(client, home_org, _membership(practitioner, home_org))
    assert links["change_role"]
    assert not links["reset_two_factor"]


def test_someone_who_has_not_accepted_is_offered_a_new_invitation(
    client: Any, org_admin: Any, home_org: Any
) -> None:
    invited: Any = UserFactory(with_mfa=False)
    invited.set_unusable_password()
    invited.save()
    membership = Membership.objects.create(
        person=invited, organisation=home_org, role=Role.PRACTITIONER
    )
    client.force_login(org_admin)
    assert _links(client, home_org, membership)["resend_invitation"]


# --- the confirmation pages of refused actions -----------------------------------------


def test_refused_confirmation_pages_answer_403_saying_why(
    client: Any, org_admin: Any, board_member: Any, home_org: Any
) -> None:
    board = _membership(board_member, home_org)
    own = _membership(org_admin, home_org)
    client.force_login(org_admin)
    pages = [
        (_url("change_role", org_id=home_org.pk, membership_id=board.pk), msg.ROLE_NOT_CHANGEABLE),
        (_url("deactivate", org_id=home_org.pk, membership_id=board.pk), msg.ROLE_NOT_CHANGEABLE),
        (
            _url("reset_two_factor", org_id=home_org.pk, membership_id=board.pk),
            msg.TWO_FACTOR_NOT_YOURS,
        ),
        (_url("change_role", org_id=home_org.pk, membership_id=own.pk), msg.OWN_ROLES),
        (_url("reset_two_factor", org_id=home_org.pk, membership_id=own.pk), msg.OWN_TWO_FACTOR),
    ]
    for url, message in pages:
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 403, url
        assert message in html, url
        assert "<form" not in html.split("<main", 1)[1].split("</main>", 1)[0], url  # no button


def test_removing_a_partnership_wide_role_is_refused_with_the_right_words(
    client: Any, org_admin: Any, board_member: Any, home_org: Any
) -> None:
    board = _membership(board_member, home_org)
    client.force_login(org_admin)
    response = client.post(_url("deactivate", org_id=home_org.pk, membership_id=board.pk))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Only a partnership administrator can change or remove a partnership-wide role" in html
    assert msg.ROLE_NOT_GRANTABLE not in html
    assert _membership(board_member, home_org).ends_on is None


def test_a_new_invitation_for_someone_who_accepted_goes_back_to_the_list_saying_so(
    client: Any, org_admin: Any, practitioner: Any, home_org: Any
) -> None:
    membership = _membership(practitioner, home_org)
    client.force_login(org_admin)
    response = client.get(
        _url("resend_invitation", org_id=home_org.pk, membership_id=membership.pk), follow=True
    )
    [(url, status)] = response.redirect_chain
    assert (url, status) == (_url("staff_list", org_id=home_org.pk), 302)
    assert msg.ALREADY_ACCEPTED in response.content.decode()
    assert not Invitation.objects.exists()


def test_resetting_two_factor_nobody_set_up_goes_back_to_the_list_saying_so(
    client: Any, org_admin: Any, make_member: Any, home_org: Any
) -> None:
    person = make_member(Role.PRACTITIONER, home_org, with_mfa=False)
    client.force_login(org_admin)
    url = _url(
        "reset_two_factor", org_id=home_org.pk, membership_id=_membership(person, home_org).pk
    )
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == _url("staff_list", org_id=home_org.pk)
    assert msg.NO_TWO_FACTOR in response.content.decode()
    assert not audit_events(Action.TWO_FACTOR_RESET)


# --- the "invitation sent" page opened again -------------------------------------------


def _invite(client: Any, org: Any, email: str = "nia@example.org") -> Any:
    return client.post(
        _url("invite", org_id=org.pk),
        {"full_name": "Nia Brown", "email": email, "role": Role.PRACTITIONER},
    )


def test_the_sent_page_of_an_old_membership_claims_nothing_was_sent(
    client: Any, org_admin: Any, practitioner: Any, home_org: Any
) -> None:
    membership = _membership(practitioner, home_org)
    client.force_login(org_admin)
    html = client.get(
        _url("invite_sent", org_id=home_org.pk, membership_id=membership.pk)
    ).content.decode()
    assert "Invitation sent" not in html
    assert "Role added" not in html
    assert "We have emailed" not in html
    assert "have set a password and can sign in" in html


def test_the_sent_page_follows_the_invitation(
    client: Any,
    org_admin: Any,
    home_org: Any,
    other_org: Any,
    make_member: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, home_org)
    sent = response.url
    assert "Invitation sent" in client.get(sent).content.decode()
    assert "Invitation sent" in client.get(sent).content.decode()  # the link still works

    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    expired = client.get(sent).content.decode()
    assert "Invitation sent" not in expired
    assert "We have emailed" not in expired
    assert "no invitation link sent to them still works" in expired

    # Adding a role to someone with an account: "Role added" straight after, only then.
    make_member(Role.MANAGER, other_org, email="sam@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        added = _invite(client, home_org, email="sam@example.org").url
    assert "Role added" in client.get(added).content.decode()
    again = client.get(added).content.decode()
    assert "Role added" not in again
    assert "We have emailed" not in again
