"""Names typed by administrators (organisations, teams, invited people, staff import rows)
and API token names are single lines of plain text: a control character or a line break is
refused with a clear message (400), on the page and by the service behind it, so none
reaches a page title, an invitation email or an audit export."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from infoshare.accounts.models import ApiToken, User
from infoshare.accounts.services import create_api_token
from infoshare.core.errors import DomainError
from infoshare.core.roles import Role
from infoshare.partnerships import services
from infoshare.partnerships.models import Organisation, Sector, StaffImport, Team
from infoshare.partnerships.tests.factories import TEST_PASSWORD


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> Iterator[None]:
    """allauth counts sign-ins and password confirmations in the cache: these tests
    neither inherit nor leave counts."""
    cache.clear()
    yield
    cache.clear()


BAD = [pytest.param("Bell\x07Academy", id="bell"), pytest.param("Two\nLines", id="newline")]


def _url(name: str, **kwargs: object) -> str:
    return reverse(f"partnerships:{name}", kwargs=kwargs)


def _refused(response: Any, label: str) -> str:
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert f"{label} must be a single line, without line breaks, tabs or control characters" in html
    return html


# --- organisations ------------------------------------------------------------------------


@pytest.mark.parametrize("name", BAD)
def test_an_organisation_name_is_one_line_of_plain_text(
    client: Any, partnership_admin: Any, home_org: Any, name: str
) -> None:
    client.force_login(partnership_admin)
    before = Organisation.objects.count()
    new = client.post(_url("organisation_create"), {"name": name, "sector": Sector.SCHOOL})
    html = _refused(new, "Name")
    assert f'value="{name}"' in html  # what was typed is kept
    edited = client.post(
        _url("organisation_edit", org_id=home_org.pk), {"name": name, "sector": Sector.SCHOOL}
    )
    _refused(edited, "Name")
    assert Organisation.objects.count() == before
    home_org.refresh_from_db()
    assert home_org.name == "Home Council"


@pytest.mark.parametrize("name", BAD)
def test_the_organisation_services_refuse_control_characters(
    partnership_admin: Any, home_org: Any, name: str
) -> None:
    with pytest.raises(DomainError) as created:
        services.create_organisation(actor=partnership_admin, name=name, sector=Sector.SCHOOL)
    assert "single line" in created.value.fields["name"]  # type: ignore[attr-defined]
    with pytest.raises(DomainError) as updated:
        services.update_organisation(
            actor=partnership_admin,
            organisation=home_org,
            name="Home Council",
            sector=Sector.SCHOOL,
            identifier=name[:10],
        )
    assert "single line" in updated.value.fields["identifier"]  # type: ignore[attr-defined]


# --- teams ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", BAD)
def test_a_team_name_is_one_line_of_plain_text(
    client: Any, org_admin: Any, home_org: Any, name: str
) -> None:
    client.force_login(org_admin)
    _refused(client.post(_url("team_create", org_id=home_org.pk), {"name": name}), "Team name")
    with pytest.raises(DomainError) as refused:
        services.create_team(actor=org_admin, organisation=home_org, name=name)
    assert refused.value.field == "name"
    assert not Team.objects.exists()


# --- inviting -------------------------------------------------------------------------


@pytest.mark.parametrize("name", BAD)
def test_an_invited_persons_name_is_one_line_of_plain_text(
    client: Any, org_admin: Any, home_org: Any, mailoutbox: Any, name: str
) -> None:
    client.force_login(org_admin)
    response = client.post(
        _url("invite", org_id=home_org.pk),
        {"full_name": name, "email": "nia@example.org", "role": Role.PRACTITIONER},
    )
    _refused(response, "Full name")
    with pytest.raises(DomainError) as refused:
        services.invite_person(
            actor=org_admin,
            organisation=home_org,
            full_name=name,
            email="nia@example.org",
            role=Role.PRACTITIONER,
        )
    assert refused.value.field == "full_name"
    assert not User.objects.filter(email="nia@example.org").exists()
    assert not mailoutbox


def test_staff_import_rows_with_control_characters_are_problems(
    client: Any, org_admin: Any, home_org: Any
) -> None:
    content = (
        b"name,email,organisation_identifier,role,team\n"
        b"Bell\x07Person,bell@example.org,,practitioner,\n"
        b'"Two\nLines",two@example.org,,practitioner,\n'
        b"Team Person,team@example.org,,practitioner,Early\x07Help\n"
        b"Fine Person,fine@example.org,,practitioner,Early Help\n"
    )
    client.force_login(org_admin)
    client.post(
        _url("staff_import", org_id=home_org.pk),
        {"file": SimpleUploadedFile("staff.csv", content, content_type="text/csv")},
    )
    upload = StaffImport.objects.get()
    problems = {row["email"]: row["problems"] for row in upload.rows}
    line = "must be a single line, without line breaks, tabs or control characters"
    assert problems["bell@example.org"] == [f"Name {line}"]
    assert problems["two@example.org"] == [f"Name {line}"]
    assert problems["team@example.org"] == [f"Team {line}"]
    assert problems["fine@example.org"] == []
    run = client.post(_url("import_preview", org_id=home_org.pk, import_id=upload.pk))
    assert run.status_code == 400
    assert not User.objects.filter(email__in=list(problems)).exists()


# --- API token names ------------------------------------------------------------------


@pytest.mark.parametrize("name", BAD)
def test_an_api_token_name_is_one_line_of_plain_text(
    client: Any, practitioner: Any, name: str
) -> None:
    client.force_login(practitioner)
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    response = client.post(reverse("accounts:tokens"), {"name": name, "expires_in": "30"})
    _refused(response, "Name")
    with pytest.raises(DomainError) as refused:
        create_api_token(actor=practitioner, name=name)
    assert refused.value.field == "name"
    assert not ApiToken.objects.exists()
