"""``manage.py create_partnership``: the first partnership, organisation and partnership
administrator of a new install, invited to set their own password and two-factor
authentication, audited as done by Infoshare's set-up (no person); refused, changing nothing, for bad input, a
partnership that exists or an email address that has an account."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from infoshare.accounts.models import User
from infoshare.audit.models import AuditEvent
from infoshare.core.roles import Role
from infoshare.partnerships.audit import Action
from infoshare.partnerships.models import Invitation, Membership, Organisation, Partnership
from infoshare.partnerships.services import accept_invitation
from infoshare.partnerships.tests.conftest import audit_events
from infoshare.partnerships.tests.test_invitation_email import REFUSING

ARGS = {
    "name": "Northshire Partnership",
    "organisation": "Northshire Council",
    "organisation_type": "childrens_services",
    "admin_email": "Ada.Admin@Example.org",
    "admin_name": "Ada Admin",
}


#: Who the audit trail says did what the command does.
SET_UP = "Infoshare set-up"


def _run(**options: Any) -> str:
    out = StringIO()
    call_command("create_partnership", stdout=out, **{**ARGS, **options})
    return out.getvalue()


def _token(body: str) -> str:
    return body.split("/organisations/invitations/")[1].split("/")[0]


# Transactional: the invitation is sent when the command's transaction commits.
@pytest.mark.django_db(transaction=True)
def test_it_creates_the_partnership_organisation_and_an_invited_administrator(
    client: Any, mailoutbox: list[Any]
) -> None:
    out = _run()
    partnership = Partnership.objects.get()
    org = Organisation.objects.get()
    person = User.objects.get()
    assert (partnership.name, org.partnership_id) == ("Northshire Partnership", partnership.pk)
    assert (org.name, org.sector) == ("Northshire Council", "childrens_services")
    assert (person.email, person.full_name) == ("ada.admin@example.org", "Ada Admin")
    assert not person.has_usable_password()
    assert not person.is_superuser
    membership = Membership.objects.get()
    assert (membership.person, membership.organisation) == (person, org)
    assert membership.role == Role.PARTNERSHIP_ADMIN
    assert membership.is_current
    assert "Northshire Partnership" in out
    assert "invitation has been sent" in out
    [mail] = mailoutbox
    assert mail.to == ["ada.admin@example.org"]
    token = _token(mail.body)
    assert client.get(f"/organisations/invitations/{token}/").status_code == 200
    accept_invitation(token=token, password="Sharing-safely-2026!")
    person.refresh_from_db()
    assert person.has_usable_password()


@pytest.mark.django_db(transaction=True)
def test_it_is_audited_as_the_pages_audit_it_with_the_set_up_as_actor(
    mailoutbox: list[Any],
) -> None:
    _run()
    org = Organisation.objects.get()
    membership = Membership.objects.get()
    [made] = audit_events(Action.PARTNERSHIP_CREATED)
    [created] = audit_events(Action.ORGANISATION_CREATED)
    [invited] = audit_events(Action.PERSON_INVITED)
    assert made.id < created.id < invited.id
    for event in (made, created, invited):
        assert (event.actor_id, event.actor_label) == (None, SET_UP)
        assert event.organisation_id == org.pk
        assert event.data["via"] == "create_partnership command"
    assert (made.object_type, made.object_id) == (
        "partnerships.Partnership",
        str(org.partnership_id),
    )
    assert made.data["name"] == "Northshire Partnership"
    assert made.data["organisation_id"] == org.pk
    assert created.data["partnership_id"] == org.partnership_id
    assert created.data["new_partnership"] is True
    assert (invited.object_type, invited.object_id) == (
        "partnerships.Membership",
        str(membership.pk),
    )
    assert invited.data["role"] == Role.PARTNERSHIP_ADMIN
    assert invited.data["email"] == "ada.admin@example.org"
    call_command("verify_audit", stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_running_it_twice_refuses_and_makes_no_second_partnership(
    mailoutbox: list[Any],
) -> None:
    _run()
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError, match=re.escape("already exists. Nothing was changed")):
        _run(name="northshire partnership", admin_email="someone.else@example.org")
    assert Partnership.objects.count() == 1
    assert Organisation.objects.count() == 1
    assert User.objects.count() == 1
    assert AuditEvent.objects.count() == events
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_an_email_address_with_an_account_in_another_partnership_is_refused(
    partnership_admin: Any,
) -> None:
    with pytest.raises(CommandError, match="already has an account in another partnership"):
        _run(admin_email=partnership_admin.email.upper())
    assert not Partnership.objects.filter(name=ARGS["name"]).exists()
    assert not Organisation.objects.filter(name=ARGS["organisation"]).exists()


@pytest.mark.django_db
def test_an_account_with_no_role_such_as_a_superuser_is_refused() -> None:
    User.objects.create_superuser("root@example.org", "Root-password-2026!")
    with pytest.raises(CommandError, match="already has an account, with no role"):
        _run(admin_email="root@example.org")
    assert not Partnership.objects.exists()


@pytest.mark.django_db
def test_an_unknown_organisation_type_is_refused_with_the_choices() -> None:
    with pytest.raises(CommandError) as refused:
        _run(organisation_type="council")
    message = str(refused.value)
    assert "--organisation-type must be one of these" in message
    for value in ("childrens_services", "school", "health_trust", "police", "other"):
        assert value in message
    assert not Partnership.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({"admin_email": "not-an-address"}, "--admin-email: Enter the administrator's email"),
        ({"admin_name": "   "}, "--admin-name: Enter the administrator's full name"),
        ({"name": "Bad\x07name"}, "--name:"),
        ({"organisation": "x" * 201}, "--organisation: Name must be 200 characters"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_made(options: dict[str, str], says: str) -> None:
    with pytest.raises(CommandError, match="Nothing was changed") as refused:
        _run(**options)
    assert says in str(refused.value)
    assert not Partnership.objects.exists()
    assert not User.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_missing_option_is_named() -> None:
    with pytest.raises(CommandError, match="Give --admin-name"):
        call_command(
            "create_partnership",
            stdout=StringIO(),
            **{k: v for k, v in ARGS.items() if k != "admin_name"},
        )


@pytest.mark.django_db(transaction=True)
def test_an_email_not_sent_says_how_to_send_a_new_link(mailoutbox: list[Any]) -> None:
    with (
        override_settings(EMAIL_BACKEND=REFUSING),
        pytest.raises(
            CommandError, match=re.escape("--resend-invitation --admin-email ada.admin@example.org")
        ),
    ):
        _run()
    assert Partnership.objects.count() == 1  # the partnership stays; only the email failed
    [failed] = audit_events(Action.INVITATION_EMAIL_FAILED)
    assert failed.actor_id is None
    first = Invitation.objects.get()
    out = StringIO()
    call_command(
        "create_partnership",
        "--resend-invitation",
        "--admin-email",
        "ada.admin@example.org",
        stdout=out,
    )
    assert "invitation has been sent" in out.getvalue()
    first.refresh_from_db()
    assert first.replaced_at is not None
    [mail] = mailoutbox
    accept_invitation(token=_token(mail.body), password="Sharing-safely-2026!")
    [resent] = audit_events(Action.INVITATION_RESENT)
    assert (resent.actor_id, resent.actor_label) == (None, SET_UP)


@pytest.mark.django_db
def test_a_new_link_is_refused_once_the_password_is_set(partnership_admin: Any) -> None:
    with pytest.raises(CommandError, match="not a partnership administrator waiting"):
        call_command(
            "create_partnership",
            "--resend-invitation",
            "--admin-email",
            partnership_admin.email,
            stdout=StringIO(),
        )
    assert not Invitation.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_audit_trail_names_the_partnerships_creation_and_who_made_it(
    client: Any, make_member: Any, mailoutbox: list[Any]
) -> None:
    """An auditor of the new partnership reads what the set-up did, in words: the
    partnership created, its first organisation and its administrator's invitation, each
    by "Infoshare set-up" (nobody signed in did it)."""
    _run()
    org = Organisation.objects.get()
    auditor = make_member(Role.AUDITOR, org)
    client.force_login(auditor)

    page = client.get(reverse("audit:event_list"), {"organisation": org.pk})

    assert page.status_code == 200
    rows = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', page.content.decode(), re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows]
    done = [(row[2], row[4]) for row in cells if len(row) == 8]
    for action in (
        "Partnerships: partnership created",
        "Partnerships: organisation added",
        "Partnerships: person invited",
    ):
        assert (SET_UP, action) in done, done
    made = audit_events(Action.PARTNERSHIP_CREATED)[0]
    detail = client.get(reverse("audit:event_detail", args=[made.id])).content.decode()
    assert "Partnerships: partnership created" in detail
    assert SET_UP in detail


@pytest.mark.django_db(transaction=True)
def test_the_first_invitation_is_from_the_set_up_not_from_the_person(
    mailoutbox: list[Any], org_admin: Any, home_org: Any
) -> None:
    """``Invitation.invited_by`` cannot be empty (no migration for it): the set-up's
    invitation keeps the person there, and says it came from the set-up, which an
    administrator's never does."""
    _run()
    invitation = Invitation.objects.get()
    assert invitation.by_set_up
    person = User.objects.get(email="ada.admin@example.org")
    assert invitation.invited_by == person
    from infoshare.partnerships.services.rules import new_invitation

    _token, by_admin = new_invitation(person, invitation.organisation, org_admin)
    assert not by_admin.by_set_up


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("why", ["expired", "replaced"])
def test_a_set_up_link_that_stopped_working_says_who_sends_another(
    client: Any, mailoutbox: list[Any], why: str
) -> None:
    """The first administrator has no administrator to ask for a new link: the page says
    it comes from whoever is setting up Infoshare for the partnership."""
    _run()
    token = _token(mailoutbox[0].body)
    if why == "expired":
        Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    else:
        call_command(
            "create_partnership",
            "--resend-invitation",
            "--admin-email",
            "ada.admin@example.org",
            stdout=StringIO(),
        )

    page = client.get(f"/organisations/invitations/{token}/")

    assert page.status_code == 410
    body = page.content.decode()
    assert "the person setting up Infoshare for your partnership" in body
    assert "administrator" not in body
