"""An administrator resets the two-factor authentication of someone who lost their app."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client, override_settings
from django.urls import reverse

from infoshare.accounts.audit import Action as AccountAction
from infoshare.accounts.models import ApiToken
from infoshare.accounts.services import RevokeReason, create_api_token
from infoshare.core.roles import Role
from infoshare.partnerships import errors as msg
from infoshare.partnerships.audit import Action
from infoshare.partnerships.models import Membership
from infoshare.partnerships.tests.conftest import audit_events
from infoshare.partnerships.tests.factories import TEST_PASSWORD, UserFactory

REFUSING = "infoshare.partnerships.tests.test_invitation_email.RefusingBackend"


def _reset_url(person: Any, org: Any) -> str:
    membership = Membership.objects.filter(person=person, organisation=org).first()
    assert membership is not None
    kwargs = {"org_id": org.pk, "membership_id": membership.pk}
    return reverse("partnerships:reset_two_factor", kwargs=kwargs)


def _has_mfa(person: Any) -> bool:
    return Authenticator.objects.filter(user=person).exists()


def test_org_admin_resets_a_practitioners_two_factor_authentication(
    client, org_admin, practitioner, home_org, mailoutbox, django_capture_on_commit_callbacks
):
    theirs: Any = Client()  # the practitioner's own browser
    theirs.force_login(practitioner)
    home = reverse("core:home")
    assert theirs.get(home).status_code == 200  # a session on their device
    _, secret = create_api_token(actor=practitioner, name="Reports")
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    url = _reset_url(practitioner, home_org)
    client.force_login(org_admin)
    staff = client.get(reverse("partnerships:staff_list", kwargs={"org_id": home_org.pk}))
    assert url in staff.content.decode()
    page = client.get(url).content.decode()
    assert "Yes, reset two-factor authentication" in page
    assert _has_mfa(practitioner)  # nothing happens before the confirmation

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "two-factor authentication has been reset. We have emailed them" in (
        response.content.decode()
    )
    assert not _has_mfa(practitioner)
    assert ApiToken.objects.get(user=practitioner).revoked_at is not None
    api = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.status_code == 401
    signed_out = theirs.get(home)
    assert signed_out.status_code == 302
    assert signed_out.url.startswith(reverse("account_login"))
    [mail] = mailoutbox
    assert mail.to == [practitioner.email]
    assert "two-factor authentication has been reset" in mail.subject
    [event] = audit_events(Action.TWO_FACTOR_RESET)
    assert (event.organisation_id, event.actor_id) == (home_org.pk, org_admin.pk)
    assert (event.data["sessions"], event.data["tokens"]) == (1, 1)
    assert event.data["authenticators"]
    [revoked] = audit_events(AccountAction.ALL_TOKENS_REVOKED)
    assert revoked.data["reason"] == RevokeReason.TWO_FACTOR_RESET == "two_factor_reset"
    assert (revoked.actor_id, revoked.organisation_id) == (org_admin.pk, home_org.pk)

    # With their password they get in only as far as setting up an app again.
    login = {"login": practitioner.email, "password": TEST_PASSWORD}
    assert theirs.post(reverse("account_login"), login).status_code == 302
    assert theirs.get(home).url == reverse("accounts:mfa_required")


def test_nobody_resets_their_own(client, org_admin, home_org):
    client.force_login(org_admin)
    response = client.post(_reset_url(org_admin, home_org))
    assert msg.OWN_TWO_FACTOR in response.content.decode()
    assert _has_mfa(org_admin)


def test_an_org_admin_cannot_reset_a_partnership_wide_role_but_a_partnership_admin_can(
    client, org_admin, partnership_admin, board_member, home_org
):
    url = _reset_url(board_member, home_org)
    client.force_login(org_admin)
    response = client.post(url)
    assert msg.TWO_FACTOR_NOT_YOURS in response.content.decode()
    assert _has_mfa(board_member)
    client.force_login(partnership_admin)
    assert client.post(url).status_code == 302
    assert not _has_mfa(board_member)


def test_someone_without_two_factor_has_nothing_to_reset(client, org_admin, home_org, make_member):
    person = make_member(Role.PRACTITIONER, home_org, with_mfa=False)
    client.force_login(org_admin)
    response = client.post(_reset_url(person, home_org))
    assert "There is a problem" in response.content.decode()
    assert msg.NO_TWO_FACTOR in response.content.decode()
    assert not audit_events(Action.TWO_FACTOR_RESET)


def test_only_an_administrator_of_their_organisation_resets_it(
    client, manager, practitioner, foreign_org_user, home_org, other_org
):
    url = _reset_url(practitioner, home_org)
    for person in (manager, foreign_org_user):
        client.force_login(person)
        assert client.post(url).status_code == 403
    elsewhere = url.replace(f"/{home_org.pk}/", f"/{other_org.pk}/", 1)
    assert client.post(elsewhere).status_code == 404
    assert _has_mfa(practitioner)


@pytest.mark.django_db(transaction=True)
def test_a_refused_email_still_resets_and_says_to_tell_them(client, org_admin, home_org):
    person: Any = UserFactory()
    Membership.objects.create(person=person, organisation=home_org, role=Role.PRACTITIONER)
    client.force_login(org_admin)
    with override_settings(EMAIL_BACKEND=REFUSING):
        response = client.post(_reset_url(person, home_org), follow=True)
    assert response.status_code == 200
    assert "but we could not email them" in response.content.decode()
    assert not _has_mfa(person)
    failed = audit_events(Action.TWO_FACTOR_RESET_EMAIL_FAILED)
    assert [(event.organisation_id, event.data) for event in failed] == [
        (
            home_org.pk,
            {"person_id": person.pk, "email": person.email, "error": "ConnectionRefusedError"},
        )
    ]
