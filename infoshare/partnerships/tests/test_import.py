"""Bulk staff import: upload, preview with problems, all-or-nothing import, re-import."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse

from infoshare.accounts.models import User
from infoshare.core.errors import DomainError
from infoshare.core.roles import Role
from infoshare.partnerships import errors as msg
from infoshare.partnerships import services
from infoshare.partnerships.audit import Action
from infoshare.partnerships.models import Invitation, Membership, StaffImport, Team
from infoshare.partnerships.tests.conftest import audit_events

HEADER = "name,email,organisation_identifier,role,team\n"


def _csv(*rows: str, header: str = HEADER, bom: bool = False) -> bytes:
    text = header + "".join(f"{row}\n" for row in rows)
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


GOOD = _csv(
    "Priya Shah,priya@example.org,HC1,practitioner,Early Help",
    "Mark Evans,mark@example.org,HC1,Manager,Early Help",
    "Ada Okafor,ada@example.org,,advisor,",
)


@pytest.fixture
def org(home_org: Any) -> Any:
    home_org.identifier = "HC1"
    home_org.save()
    return home_org


def _upload(client: Any, org: Any, content: bytes, name: str = "staff.csv") -> Any:
    url = reverse("partnerships:staff_import", kwargs={"org_id": org.pk})
    return client.post(url, {"file": SimpleUploadedFile(name, content, "text/csv")})


def _preview_url(org: Any, staff_import: StaffImport) -> str:
    kwargs = {"org_id": org.pk, "import_id": staff_import.pk}
    return reverse("partnerships:import_preview", kwargs=kwargs)


def _status_url(org: Any, staff_import: StaffImport) -> str:
    kwargs = {"org_id": org.pk, "import_id": staff_import.pk}
    return reverse("partnerships:import_status", kwargs=kwargs)


def test_upload_shows_a_preview_and_saves_no_staff(client, org_admin, org):
    client.force_login(org_admin)
    response = _upload(client, org, GOOD)
    staff_import = StaffImport.objects.get()
    assert response.status_code == 302
    assert response.url == _preview_url(org, staff_import)
    assert not User.objects.filter(email="priya@example.org").exists()
    assert staff_import.summary == {
        "rows": 3,
        "new_people": 3,
        "new_memberships": 3,
        "unchanged": 0,
        "problems": 0,
    }
    html = client.get(response.url).content.decode()
    assert "Priya Shah" in html
    assert "New person" in html
    assert "Import 3 rows" in html
    assert audit_events(Action.STAFF_IMPORT_UPLOADED)[0].organisation_id == org.pk


def test_import_creates_people_memberships_and_teams(client, org_admin, org, mailoutbox):
    client.force_login(org_admin)
    _upload(client, org, GOOD)
    staff_import = StaffImport.objects.get()
    response = client.post(_preview_url(org, staff_import))
    assert response.status_code == 302
    assert response.url == _status_url(org, staff_import)
    priya = User.objects.get(email="priya@example.org")
    assert not priya.has_usable_password()
    membership = Membership.objects.get(person=priya)
    assert (membership.organisation, membership.role) == (org, Role.PRACTITIONER)
    assert membership.team == Team.objects.get(organisation=org, name="Early Help")
    assert Membership.objects.get(person__email="mark@example.org").role == Role.MANAGER
    assert Membership.objects.get(person__email="ada@example.org").team is None
    assert mailoutbox == []  # invitations only when the box is ticked
    assert not Invitation.objects.exists()
    status = client.get(response.url).content.decode()
    assert "Imported 3 of 3 rows" in status
    assert "hx-get" not in status  # finished: no more polling
    [event] = audit_events(Action.STAFF_IMPORTED)
    assert event.organisation_id == org.pk
    assert sorted(event.data["new_people"]) == [
        "ada@example.org",
        "mark@example.org",
        "priya@example.org",
    ]


def test_teams_an_import_creates_are_audited_like_teams_created_by_hand(client, org_admin, org):
    Team.objects.create(organisation=org, name="Youth Work")
    content = _csv(
        "Priya Shah,priya@example.org,HC1,practitioner,Early Help",
        "Mark Evans,mark@example.org,HC1,manager,youth work",
    )
    client.force_login(org_admin)
    _upload(client, org, content)
    staff_import = StaffImport.objects.get()
    client.post(_preview_url(org, staff_import))
    team = Team.objects.get(organisation=org, name="Early Help")
    [event] = audit_events(Action.TEAM_CREATED)  # not the team that was already there
    assert (event.organisation_id, event.actor_id) == (org.pk, org_admin.pk)
    assert (event.object_type, event.object_id) == ("partnerships.Team", str(team.pk))
    assert event.data == {"name": "Early Help", "staff_import_id": staff_import.pk}


def test_send_invitations_emails_each_new_person(
    client, org_admin, org, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(org_admin)
    _upload(client, org, GOOD)
    staff_import = StaffImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_preview_url(org, staff_import), {"send_invitations": "on"})
    assert sorted(m.to[0] for m in mailoutbox) == [
        "ada@example.org",
        "mark@example.org",
        "priya@example.org",
    ]
    assert Invitation.objects.count() == 3
    assert "/organisations/invitations/" in mailoutbox[0].body


def test_reimporting_the_same_file_creates_nothing_new(client, org_admin, org):
    client.force_login(org_admin)
    _upload(client, org, GOOD)
    client.post(_preview_url(org, StaffImport.objects.get()))
    people, memberships = User.objects.count(), Membership.objects.count()
    _upload(client, org, GOOD)
    second = StaffImport.objects.latest("pk")
    assert second.summary["unchanged"] == 3
    assert second.summary["new_memberships"] == 0
    assert "Unchanged" in client.get(_preview_url(org, second)).content.decode()
    client.post(_preview_url(org, second))
    second.refresh_from_db()
    assert second.status == StaffImport.Status.IMPORTED
    assert (User.objects.count(), Membership.objects.count()) == (people, memberships)


def test_existing_person_gets_a_new_membership_not_a_new_account(
    client, org_admin, org, other_org, make_member
):
    existing = make_member(Role.PRACTITIONER, other_org, email="priya@example.org")
    client.force_login(org_admin)
    _upload(client, org, GOOD)
    staff_import = StaffImport.objects.get()
    assert staff_import.summary["new_people"] == 2
    assert staff_import.summary["new_memberships"] == 3
    client.post(_preview_url(org, staff_import))
    assert User.objects.filter(email="priya@example.org").count() == 1
    assert Membership.objects.filter(person=existing, organisation=org).exists()


def test_a_file_with_one_bad_row_imports_nothing(client, org_admin, org):
    content = _csv(
        "Priya Shah,priya@example.org,HC1,practitioner,",
        "Bad Row,not-an-email,HC1,practitioner,",
    )
    client.force_login(org_admin)
    _upload(client, org, content)
    staff_import = StaffImport.objects.get()
    html = client.get(_preview_url(org, staff_import)).content.decode()
    assert msg.ROW_EMAIL_BAD in html
    assert "Import 2 rows" not in html  # no Import button while there are problems
    response = client.post(_preview_url(org, staff_import))
    assert response.status_code == 400
    assert msg.IMPORT_HAS_PROBLEMS in response.content.decode()
    assert not User.objects.filter(email="priya@example.org").exists()
    staff_import.refresh_from_db()
    assert staff_import.status == StaffImport.Status.FAILED
    assert audit_events(Action.STAFF_IMPORT_FAILED)


def test_a_failure_part_way_through_rolls_everything_back(org_admin, org, monkeypatch):
    staff_import = services.preview_staff_import(
        actor=org_admin, organisation=org, filename="staff.csv", content=GOOD
    )

    def explode(*args: Any, **kwargs: Any) -> None:
        raise IntegrityError("refused")

    monkeypatch.setattr(Membership.objects, "bulk_create", explode)
    with pytest.raises(DomainError):
        services.run_staff_import(
            actor=org_admin, staff_import_id=staff_import.pk, organisation=org
        )
    assert not User.objects.filter(email__in=["priya@example.org", "ada@example.org"]).exists()
    assert not Team.objects.filter(name="Early Help").exists()
    assert not audit_events(Action.STAFF_IMPORTED)
    staff_import.refresh_from_db()
    assert staff_import.status == StaffImport.Status.FAILED


def test_rows_are_checked_again_when_importing(org_admin, org, make_member, other_org):
    staff_import = services.preview_staff_import(
        actor=org_admin, organisation=org, filename="staff.csv", content=GOOD
    )
    leaver = make_member(Role.PRACTITIONER, other_org, email="ada@example.org")
    leaver.is_active = False
    leaver.save()
    with pytest.raises(DomainError):
        services.run_staff_import(
            actor=org_admin, staff_import_id=staff_import.pk, organisation=org
        )
    assert not User.objects.filter(email="priya@example.org").exists()


def test_preview_names_each_kind_of_problem(client, org_admin, org):
    content = _csv(
        ",empty@example.org,HC1,practitioner,",
        f"{'N' * 151},long@example.org,HC1,practitioner,",
        "Dup One,dup@example.org,HC1,practitioner,",
        "Dup Two,DUP@example.org,HC1,manager,",
        "Role Bad,role@example.org,HC1,wizard,",
        "Other Org,other@example.org,ELSEWHERE,practitioner,",
        f"Team Long,team@example.org,HC1,practitioner,{'T' * 121}",
        "Too High,high@example.org,HC1,partnership_admin,",
    )
    client.force_login(org_admin)
    _upload(client, org, content)
    staff_import = StaffImport.objects.get()
    problems = {row["line"]: row["problems"] for row in staff_import.rows}
    assert problems[2] == [msg.ROW_NAME_EMPTY]
    assert problems[3] == [msg.ROW_NAME_LONG]
    assert problems[4] == []
    assert problems[5] == [msg.ROW_EMAIL_DUPLICATE.format(line=4)]
    assert problems[6][0].startswith("Role must be one of")
    assert problems[7] == [msg.ROW_ORG_UNKNOWN]
    assert problems[8] == [msg.ROW_TEAM_LONG]
    assert problems[9] == [msg.ROW_ROLE_NOT_GRANTABLE.format(role="partnership_admin")]
    assert staff_import.summary["problems"] == 7
    html = client.get(_preview_url(org, staff_import) + "?show=problems").content.decode()
    assert "Rows with problems" in html
    assert "Dup One" not in html  # only rows with problems


def test_partnership_admin_may_import_into_any_organisation_of_the_partnership(
    client, partnership_admin, org, other_org
):
    other_org.identifier = "OS2"
    other_org.save()
    content = _csv(
        "Tom Hughes,tom@example.org,OS2,practitioner,",
        "Nobody,nobody@example.org,NOPE,practitioner,",
    )
    client.force_login(partnership_admin)
    _upload(client, org, content)
    problems = [row["problems"] for row in StaffImport.objects.get().rows]
    assert problems == [[], [msg.ROW_ORG_NOT_IN_PARTNERSHIP]]


def test_partnership_admin_import_reaches_another_organisation(
    client, partnership_admin, org, other_org
):
    other_org.identifier = "OS2"
    other_org.save()
    client.force_login(partnership_admin)
    _upload(client, org, _csv("Tom Hughes,tom@example.org,OS2,practitioner,"))
    client.post(_preview_url(org, StaffImport.objects.get()))
    assert Membership.objects.get(person__email="tom@example.org").organisation == other_org
    assert audit_events(Action.STAFF_IMPORTED)[0].organisation_id == other_org.pk


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "staff.csv", msg.FILE_EMPTY),
        (GOOD, "staff.xlsx", msg.FILE_NOT_CSV),
        (b"name,email\n", "staff.csv", "Missing: organisation_identifier, role, team"),
        (HEADER.encode(), "staff.csv", msg.FILE_EMPTY),
        (
            "name,email,organisation_identifier,role,team\nJos\xe9,j@example.org,,manager,\n".encode(
                "latin-1"
            ),
            "staff.csv",
            msg.FILE_NOT_UTF8,
        ),
    ],
)
def test_unusable_files_are_refused_with_a_clear_message(
    client, org_admin, org, content, name, message
):
    client.force_login(org_admin)
    response = _upload(client, org, content, name=name)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert message.replace("'", "&#x27;") in html or message in html
    assert not StaffImport.objects.exists()


def test_a_file_with_a_byte_order_mark_is_read(client, org_admin, org):
    client.force_login(org_admin)
    _upload(client, org, _csv("Priya Shah,priya@example.org,HC1,practitioner,", bom=True))
    assert StaffImport.objects.get().summary["problems"] == 0


def test_a_file_over_the_row_limit_is_refused(client, org_admin, org, settings):
    settings.INFOSHARE = {**settings.INFOSHARE, "IMPORT_MAX_ROWS": 2}
    client.force_login(org_admin)
    response = _upload(client, org, GOOD)
    assert msg.FILE_TOO_MANY_ROWS.format(max=2) in response.content.decode()
    assert not StaffImport.objects.exists()


def test_a_file_over_5_mb_is_refused(client, org_admin, org):
    client.force_login(org_admin)
    big = HEADER.encode() + b"x" * (5 * 1024 * 1024 + 1)
    response = _upload(client, org, big)
    assert msg.FILE_TOO_BIG in response.content.decode()


def test_status_page_of_an_import_not_run_yet_says_so_and_does_not_poll(client, org_admin, org):
    client.force_login(org_admin)
    _upload(client, org, GOOD)
    staff_import = StaffImport.objects.get()
    page = client.get(_status_url(org, staff_import)).content.decode()
    assert "Not imported yet" in page
    assert "Check the rows and import them" in page
    assert _preview_url(org, staff_import) in page
    assert "Imported 0 of 3 rows" not in page
    assert "hx-get" not in page  # the import runs in its own request: nothing to poll
    partial = client.get(_status_url(org, staff_import), headers={"HX-Request": "true"})
    assert "govuk-footer" in partial.content.decode()  # always the whole page


def test_status_page_query_count_does_not_grow_with_rows(
    client, org_admin, org, django_assert_num_queries
):
    from infoshare.partnerships.tests.conftest import count_queries

    client.force_login(org_admin)
    _upload(client, org, GOOD)
    small = count_queries(client, _status_url(org, StaffImport.objects.get()))
    rows = [f"P{n},p{n}@example.org,HC1,practitioner," for n in range(300)]
    _upload(client, org, _csv(*rows))
    big = StaffImport.objects.latest("pk")
    with django_assert_num_queries(small):
        client.get(_status_url(org, big))
    with django_assert_num_queries(small):
        client.get(_preview_url(org, big))


def test_another_organisations_import_is_not_found(
    client, org_admin, org, foreign_org_user, other_org
):
    client.force_login(org_admin)
    _upload(client, org, GOOD)
    staff_import = StaffImport.objects.get()
    client.force_login(foreign_org_user)
    kwargs = {"org_id": other_org.pk, "import_id": staff_import.pk}
    assert client.get(reverse("partnerships:import_status", kwargs=kwargs)).status_code == 404
    assert client.post(reverse("partnerships:import_preview", kwargs=kwargs)).status_code == 404
    assert client.get(_status_url(org, staff_import)).status_code == 403
    assert not User.objects.filter(email="priya@example.org").exists()


def test_a_practitioner_cannot_import(client, practitioner, org):
    client.force_login(practitioner)
    assert _upload(client, org, GOOD).status_code == 403
