"""An organisation administrator learns nothing about another partnership's accounts: an
account with no role in their partnership, active or deactivated, is refused in the same
words (by a single invitation and by a staff import), never called "in another
partnership" or "deactivated". The auditor sees the addresses tried."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from infoshare.accounts.models import User
from infoshare.core.roles import Role
from infoshare.partnerships import errors as msg
from infoshare.partnerships.audit import Action
from infoshare.partnerships.models import Membership, StaffImport
from infoshare.partnerships.tests.conftest import audit_events
from infoshare.partnerships.tests.factories import OrganisationFactory, PartnershipFactory

PRAC = "p2.prac@south.example"
GONE = "p2.gone@south.example"
NOBODY = "nobody.at.all@south.example"
TELLING = ("another partnership", "deactivated", "Southshire")


@pytest.fixture
def southshire(make_member: Any) -> dict[str, User]:
    """A second partnership with an active account and a deactivated one."""
    south = OrganisationFactory(partnership=PartnershipFactory(name="Southshire"))
    prac = make_member(Role.PRACTITIONER, south, email=PRAC)
    gone = make_member(Role.PRACTITIONER, south, email=GONE)
    Membership.objects.filter(person=gone).update(ends_on=timezone.localdate())
    User.objects.filter(pk=gone.pk).update(is_active=False, deactivated_at=timezone.now())
    return {"prac": prac, "gone": User.objects.get(pk=gone.pk)}


def _url(name: str, **kwargs: object) -> str:
    return reverse(f"partnerships:{name}", kwargs=kwargs)


def _upload(client: Any, org: Any, *emails: str) -> StaffImport:
    rows = "\n".join(f"Someone,{email},,practitioner," for email in emails)
    content = f"name,email,organisation_identifier,role,team\n{rows}".encode()
    url = _url("staff_import", org_id=org.pk)
    response = client.post(url, {"file": SimpleUploadedFile("staff.csv", content, "text/csv")})
    assert response.status_code == 302
    return StaffImport.objects.latest("pk")


def _results(client: Any, org: Any, upload: StaffImport) -> dict[str, str]:
    """Each row's email address and what the preview page says will happen to it."""
    page = client.get(_url("import_preview", org_id=org.pk, import_id=upload.pk))
    found = {}
    text = html.unescape(page.content.decode())
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", text, re.S):
        cells = re.findall(r"<td class=\"govuk-table__cell\">(.*?)</td>", row, re.S)
        if len(cells) == 4:
            email = re.sub(r"<[^>]+>", " ", cells[1]).split()[-1]
            found[email] = " ".join(re.sub(r"<[^>]+>", " ", cells[3]).split())
    return found


def _invite(client: Any, org: Any, email: str) -> Any:
    form = {"full_name": "Someone", "email": email, "role": Role.PRACTITIONER}
    return client.post(_url("invite", org_id=org.pk), form)


def _page(response: Any, email: str) -> str:
    page = response.content.decode().replace(email, "EMAIL")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


# --- a staff import by an organisation administrator ---------------------------------


def test_the_preview_says_the_same_of_an_active_and_a_deactivated_account(
    client: Any, org_admin: User, home_org: Any, southshire: dict[str, User]
) -> None:
    client.force_login(org_admin)
    upload = _upload(client, home_org, PRAC, GONE, NOBODY)

    results = _results(client, home_org, upload)
    assert results[PRAC] == results[GONE] == f"Problem {msg.ROW_CANNOT_ADD_ACCOUNT}"
    assert results[NOBODY] == "New person"
    page = client.get(_url("import_preview", org_id=home_org.pk, import_id=upload.pk))
    text = html.unescape(page.content.decode())
    for words in TELLING:
        assert words not in text


def test_the_upload_is_audited_with_the_addresses_tried(
    client: Any, org_admin: User, home_org: Any, southshire: dict[str, User]
) -> None:
    client.force_login(org_admin)
    upload = _upload(client, home_org, PRAC, GONE, NOBODY)

    [event] = audit_events(Action.STAFF_IMPORT_UPLOADED)
    assert (event.actor_id, event.organisation_id) == (org_admin.pk, home_org.pk)
    assert event.data["emails_checked"] == 3
    assert event.data["emails_not_addable"] == [GONE, PRAC]
    assert event.data["summary"] == upload.summary


def test_nothing_is_imported_and_nobody_is_reactivated(
    client: Any, org_admin: User, home_org: Any, southshire: dict[str, User]
) -> None:
    client.force_login(org_admin)
    upload = _upload(client, home_org, PRAC, GONE, NOBODY)
    response = client.post(_url("import_preview", org_id=home_org.pk, import_id=upload.pk))
    assert msg.IMPORT_HAS_PROBLEMS in response.content.decode()
    assert not Membership.objects.filter(organisation=home_org, person__email__in=[PRAC, GONE])
    assert not User.objects.get(email=GONE).is_active
    assert not User.objects.filter(email=NOBODY).exists()


def test_a_deactivated_account_of_the_partnership_is_still_called_deactivated(
    client: Any, org_admin: User, home_org: Any, other_org: Any, make_member: Any
) -> None:
    leaver = make_member(Role.PRACTITIONER, other_org, email="leaver@example.org")
    Membership.objects.filter(person=leaver).update(ends_on=timezone.localdate())
    User.objects.filter(pk=leaver.pk).update(is_active=False, deactivated_at=timezone.now())
    client.force_login(org_admin)
    upload = _upload(client, home_org, leaver.email)
    results = _results(client, home_org, upload)
    assert results[leaver.email] == f"Problem {msg.ROW_PERSON_DEACTIVATED}"
    assert audit_events(Action.STAFF_IMPORT_UPLOADED)[0].data["emails_not_addable"] == []


# --- a staff import by a partnership administrator -------------------------------------


def test_a_partnership_admin_is_not_told_either_that_an_account_is_deactivated(
    client: Any, partnership_admin: User, home_org: Any, southshire: dict[str, User]
) -> None:
    client.force_login(partnership_admin)
    upload = _upload(client, home_org, PRAC, GONE, NOBODY)
    results = _results(client, home_org, upload)
    assert results[PRAC] == "New role"  # they may attach another partnership's account
    assert results[GONE] == f"Problem {msg.ROW_INVITE_ON_THEIR_OWN}"
    assert results[NOBODY] == "New person"
    assert audit_events(Action.STAFF_IMPORT_UPLOADED)[0].data["emails_not_addable"] == [GONE]


# --- inviting one person ---------------------------------------------------------------


def test_an_invitation_is_refused_in_the_same_words_for_an_active_and_a_deactivated_account(
    client: Any, org_admin: User, home_org: Any, southshire: dict[str, User]
) -> None:
    client.force_login(org_admin)
    active = _invite(client, home_org, PRAC)
    deactivated = _invite(client, home_org, GONE)

    for response in (active, deactivated):
        assert response.status_code == 400
        text = html.unescape(response.content.decode())
        assert "There is a problem" in text
        assert msg.CANNOT_ADD_ACCOUNT in text
        for words in TELLING:
            assert words not in text
    assert _page(active, PRAC) == _page(deactivated, GONE)
    assert not Membership.objects.filter(organisation=home_org, person__email__in=[PRAC, GONE])
    assert not User.objects.get(email=GONE).is_active  # not reactivated, nothing reset


def test_a_refused_invitation_is_audited_with_the_address(
    client: Any, org_admin: User, home_org: Any, southshire: dict[str, User]
) -> None:
    client.force_login(org_admin)
    _invite(client, home_org, PRAC.upper())
    _invite(client, home_org, GONE)

    events = audit_events(Action.INVITATION_REFUSED)
    assert [event.data for event in events] == [
        {"email": PRAC, "role": Role.PRACTITIONER},
        {"email": GONE, "role": Role.PRACTITIONER},
    ]
    assert {(event.actor_id, event.organisation_id) for event in events} == {
        (org_admin.pk, home_org.pk)
    }
    # Nothing of the other partnership's accounts (who they are, whether deactivated).
    assert all(event.object_id == "" for event in events)
    assert not audit_events(Action.PERSON_INVITED)
    assert not audit_events(Action.MEMBERSHIP_ADDED)


def test_a_new_address_is_still_invited(
    client: Any, org_admin: User, home_org: Any, southshire: dict[str, User]
) -> None:
    client.force_login(org_admin)
    assert _invite(client, home_org, NOBODY).status_code == 302
    assert Membership.objects.filter(organisation=home_org, person__email=NOBODY).exists()
    assert not audit_events(Action.INVITATION_REFUSED)
