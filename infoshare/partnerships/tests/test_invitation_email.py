"""Invitation emails the mail server refuses (audited, never with the link), and sending a
person a new invitation (the old link then says it was replaced)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from infoshare.accounts.models import User
from infoshare.core.roles import Role
from infoshare.partnerships import errors as msg
from infoshare.partnerships.audit import Action
from infoshare.partnerships.models import Invitation, Membership, StaffImport
from infoshare.partnerships.tests.conftest import audit_events

REFUSING = "infoshare.partnerships.tests.test_invitation_email.RefusingBackend"
WORKING = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD = "Sharing-safely-2026!"


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise ConnectionRefusedError("the mail server is down")


def _url(name: str, **kwargs: object) -> str:
    return reverse(f"partnerships:{name}", kwargs=kwargs)


def _invite(client: Any, org: Any) -> Any:
    form = {"full_name": "Nia Brown", "email": "nia.brown@example.org", "role": Role.PRACTITIONER}
    return client.post(_url("invite", org_id=org.pk), form)


def _link(mail: EmailMessage) -> str:
    return (
        "/organisations/invitations/" + mail.body.split("/organisations/invitations/")[1].split()[0]
    )


def _nia_membership(org: Any) -> Membership:
    return Membership.objects.get(person__email="nia.brown@example.org", organisation=org)


# Transactional: the email is sent when the request's transaction commits, as in production.
@pytest.mark.django_db(transaction=True)
def test_a_refused_invitation_email_keeps_the_role_and_offers_a_new_invitation(
    client, org_admin, home_org, mailoutbox, caplog
):
    client.force_login(org_admin)
    with override_settings(EMAIL_BACKEND=REFUSING):
        response = _invite(client, home_org)
    membership = _nia_membership(home_org)
    assert response.status_code == 302
    assert response.url.endswith("?email=failed")
    assert Invitation.objects.filter(person=membership.person).count() == 1
    assert audit_events(Action.PERSON_INVITED)
    assert "Could not send 1 email(s)" in caplog.text
    assert "/organisations/invitations/" not in caplog.text  # never the link
    first = Invitation.objects.get(person=membership.person)
    [failed] = audit_events(Action.INVITATION_EMAIL_FAILED)
    assert (failed.organisation_id, failed.actor_id) == (home_org.pk, org_admin.pk)
    assert (failed.object_type, failed.object_id) == ("partnerships.Membership", str(membership.pk))
    assert failed.data == {  # exactly these: no link, no token
        "person_id": membership.person_id,
        "email": "nia.brown@example.org",
        "invitation_id": first.pk,
        "resent": False,
        "error": "ConnectionRefusedError",
    }
    page = client.get(response.url).content.decode()
    assert "We could not send the email to nia.brown@example.org" in page
    assert "Invitation sent" not in page
    resend = _url("resend_invitation", org_id=home_org.pk, membership_id=membership.pk)
    assert resend in page
    assert "Invited" in client.get(_url("staff_list", org_id=home_org.pk)).content.decode()

    with override_settings(EMAIL_BACKEND=REFUSING):
        response = client.post(resend, follow=True)
    assert "We could not email the new invitation to nia.brown@example.org" in (
        response.content.decode()
    )
    second = Invitation.objects.filter(person=membership.person).latest("pk")
    [_, failed_again] = audit_events(Action.INVITATION_EMAIL_FAILED)
    assert (failed_again.organisation_id, failed_again.actor_id) == (home_org.pk, org_admin.pk)
    assert failed_again.data == {
        "person_id": membership.person_id,
        "email": "nia.brown@example.org",
        "invitation_id": second.pk,
        "resent": True,
        "error": "ConnectionRefusedError",
    }
    response = client.post(resend, follow=True)
    assert "We have emailed nia.brown@example.org a new invitation" in response.content.decode()
    assert len(audit_events(Action.INVITATION_EMAIL_FAILED)) == 2  # not when the email went
    [mail] = mailoutbox
    client.logout()
    accepted = client.post(_link(mail), {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert accepted.status_code == 302
    assert User.objects.get(email="nia.brown@example.org").check_password(PASSWORD)


@pytest.mark.django_db(transaction=True)
def test_a_staff_import_whose_invitations_are_refused_is_kept_and_says_so(
    client, org_admin, home_org
):
    home_org.identifier = "HC1"
    home_org.save()
    content = b"name,email,organisation_identifier,role,team\nPriya Shah,priya@example.org,HC1,practitioner,\n"
    client.force_login(org_admin)
    client.post(
        _url("staff_import", org_id=home_org.pk),
        {"file": SimpleUploadedFile("staff.csv", content, "text/csv")},
    )
    staff_import = StaffImport.objects.get()
    preview = _url("import_preview", org_id=home_org.pk, import_id=staff_import.pk)
    with override_settings(EMAIL_BACKEND=REFUSING):
        response = client.post(preview, {"send_invitations": "on"}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Imported 1 of 1 rows" in page
    assert "we could not email their invitations" in page
    assert Invitation.objects.filter(person__email="priya@example.org").exists()
    [failed] = audit_events(Action.INVITATION_EMAIL_FAILED)
    assert (failed.organisation_id, failed.actor_id) == (home_org.pk, org_admin.pk)
    assert failed.object_id == str(staff_import.pk)
    assert failed.data == {
        "staff_import_id": staff_import.pk,
        "emails": ["priya@example.org"],
        "resent": False,
        "error": "ConnectionRefusedError",
    }


@pytest.mark.django_db(transaction=True)
def test_a_refused_email_to_an_existing_account_given_a_role_is_audited(
    client, org_admin, practitioner, home_org
):
    client.force_login(org_admin)
    form = {"full_name": "Anyone", "email": practitioner.email, "role": Role.MANAGER}
    with override_settings(EMAIL_BACKEND=REFUSING):
        response = client.post(_url("invite", org_id=home_org.pk), form)
    assert response.url.endswith("?email=failed")
    membership = Membership.objects.get(person=practitioner, role=Role.MANAGER)
    [failed] = audit_events(Action.INVITATION_EMAIL_FAILED)
    assert failed.organisation_id == home_org.pk
    assert failed.object_id == str(membership.pk)
    assert failed.data["invitation_id"] is None


def test_an_email_that_went_writes_no_failure_event(
    client, org_admin, home_org, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, home_org)
    assert len(mailoutbox) == 1
    assert audit_events(Action.PERSON_INVITED)
    assert not audit_events(Action.INVITATION_EMAIL_FAILED)


def test_a_new_invitation_replaces_the_old_link(
    client, org_admin, home_org, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, home_org)
    old_link = _link(mailoutbox[0])
    membership = _nia_membership(home_org)
    url = _url("resend_invitation", org_id=home_org.pk, membership_id=membership.pk)
    staff = client.get(_url("staff_list", org_id=home_org.pk)).content.decode()
    assert url in staff
    assert "Resend invitation" in staff
    page = client.get(url).content.decode()
    assert "Send Nia Brown a new invitation?" in page
    assert len(mailoutbox) == 1  # nothing happens before the confirmation
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert response.url == _url("staff_list", org_id=home_org.pk)
    new_link = _link(mailoutbox[1])
    assert new_link != old_link
    assert mailoutbox[1].to == ["nia.brown@example.org"]
    [event] = audit_events(Action.INVITATION_RESENT)
    assert (event.organisation_id, event.actor_id) == (home_org.pk, org_admin.pk)
    assert event.data["withdrawn"] == 1
    client.logout()
    assert client.get(old_link).status_code == 410
    assert client.get(new_link).status_code == 200
    data = {"new_password1": PASSWORD, "new_password2": PASSWORD}
    assert client.post(old_link, data).status_code == 410
    assert client.post(new_link, data).status_code == 302


def test_a_person_who_has_set_a_password_is_not_sent_a_new_invitation(
    client, org_admin, practitioner, home_org
):
    membership = Membership.objects.get(person=practitioner, organisation=home_org)
    client.force_login(org_admin)
    url = _url("resend_invitation", org_id=home_org.pk, membership_id=membership.pk)
    assert url not in client.get(_url("staff_list", org_id=home_org.pk)).content.decode()
    response = client.post(url)
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert msg.ALREADY_ACCEPTED in response.content.decode()
    assert not Invitation.objects.exists()
    assert not audit_events(Action.INVITATION_RESENT)


def test_only_the_organisations_administrators_send_new_invitations(
    client, org_admin, manager, foreign_org_user, home_org, other_org
):
    client.force_login(org_admin)
    _invite(client, home_org)
    membership = _nia_membership(home_org)
    client.force_login(manager)
    url = _url("resend_invitation", org_id=home_org.pk, membership_id=membership.pk)
    assert client.post(url).status_code == 403
    client.force_login(foreign_org_user)
    assert client.post(url).status_code == 403
    elsewhere = _url("resend_invitation", org_id=other_org.pk, membership_id=membership.pk)
    assert client.post(elsewhere).status_code == 404
    assert Invitation.objects.count() == 1


# --- what an invitation link that cannot be used says ---------------------------------

REPLACED_ADVICE = "Check your email for the latest invitation"
UNUSABLE = (msg.INVITATION_REPLACED, msg.INVITATION_EXPIRED, msg.INVITATION_USED)


def _says_only(response: Any, message: str) -> str:
    """The page is a 410 naming ``message`` and none of the other reasons."""
    assert response.status_code == 410
    page = response.content.decode()
    assert message in page
    for other in UNUSABLE:
        assert other == message or other not in page, other
    return page


@pytest.fixture
def invite_link(client, org_admin, home_org, mailoutbox, django_capture_on_commit_callbacks):
    """Invites Nia as ``org_admin`` and gives the link emailed to her."""
    client.force_login(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, home_org)
    return _link(mailoutbox[-1])


def test_a_link_replaced_by_a_new_invitation_says_so(
    client, invite_link, home_org, mailoutbox, django_capture_on_commit_callbacks
):
    membership = _nia_membership(home_org)
    resend = _url("resend_invitation", org_id=home_org.pk, membership_id=membership.pk)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(resend)
    new_link = _link(mailoutbox[-1])
    client.logout()

    page = _says_only(client.get(invite_link), msg.INVITATION_REPLACED)
    assert REPLACED_ADVICE in page
    assert "ask your organisation administrator to send you another" in page
    data = {"new_password1": PASSWORD, "new_password2": PASSWORD}
    _says_only(client.post(invite_link, data), msg.INVITATION_REPLACED)
    assert not User.objects.get(email="nia.brown@example.org").has_usable_password()
    assert not audit_events(Action.INVITATION_ACCEPTED)

    assert client.post(new_link, data).status_code == 302
    client.logout()
    # Still replaced (not "already used") once the newer invitation has been accepted.
    _says_only(client.get(invite_link), msg.INVITATION_REPLACED)
    _says_only(client.get(new_link), msg.INVITATION_USED)


def test_a_link_past_its_seven_days_says_it_expired(client, invite_link):
    client.logout()
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    page = _says_only(client.get(invite_link), msg.INVITATION_EXPIRED)
    assert REPLACED_ADVICE not in page
    assert "ask your organisation administrator to invite you again" in page
    data = {"new_password1": PASSWORD, "new_password2": PASSWORD}
    _says_only(client.post(invite_link, data), msg.INVITATION_EXPIRED)


def test_a_link_already_used_says_so(client, invite_link):
    client.logout()
    data = {"new_password1": PASSWORD, "new_password2": PASSWORD}
    assert client.post(invite_link, data).status_code == 302
    client.logout()
    page = _says_only(client.get(invite_link), msg.INVITATION_USED)
    assert REPLACED_ADVICE not in page
    _says_only(client.post(invite_link, data), msg.INVITATION_USED)
