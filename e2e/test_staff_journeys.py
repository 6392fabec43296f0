"""An organisation administrator's staff journeys, through the real pages: inviting a person
who then sets a password and an authenticator app, and importing staff from a CSV file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.helpers import HOME, sign_in
from e2e.journeys import (
    link_in_email,
    other_browser,
    person_with_role,
    set_up_authenticator_app,
    write_staff_csv,
)
from infoshare.core.roles import Role
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    OrganisationFactory,
    TeamFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Lantern-otter-harbour-42"
EN_DASH = "\u2013"  # between role and team on the staff list


def test_admin_invites_a_person_who_sets_a_password_and_two_factor_then_reaches_home(
    page: Any, browser: Any, live_server: Any, csp_violations: list[str], mailoutbox: list[Any]
) -> None:
    org: Any = OrganisationFactory(name="Riverside Council")
    TeamFactory(organisation=org, name="Early Help")
    admin = person_with_role(Role.ORG_ADMIN, org, email="admin@riverside.example")
    sign_in(page, admin.email, TEST_PASSWORD, TEST_TOTP_SECRET)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Organisations").click()
    page.get_by_role("link", name="Riverside Council").click()
    page.get_by_role("link", name="See the staff list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff")
    page.get_by_role("button", name="Invite a person").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Invite a person")
    page.get_by_label("Full name").fill("Nia Roberts")
    page.get_by_label("Email address").fill("nia.roberts@riverside.example")
    page.get_by_role("radio", name="Practitioner", exact=True).check()
    page.get_by_label("Team (optional)").select_option(label="Early Help")
    page.get_by_role("button", name="Send invitation").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Invitation sent")
    expect(page.locator(".govuk-panel__body")).to_have_text(
        "Nia Roberts is now practitioner at Riverside Council"
    )
    expect(page.get_by_text("We have emailed nia.roberts@riverside.example")).to_be_visible()
    invitation_path = link_in_email(mailoutbox, "nia.roberts@riverside.example")
    assert re.fullmatch(r"/organisations/invitations/[^/]+/", invitation_path), invitation_path

    with other_browser(browser, live_server.url, csp_violations) as invited:
        invited.goto(invitation_path)
        expect(invited.get_by_role("heading", level=1)).to_have_text("Set your password")
        expect(invited.get_by_text("nia.roberts@riverside.example")).to_be_visible()
        invited.get_by_label("Create a password").fill(NEW_PASSWORD)
        invited.get_by_label("Confirm your password").fill(NEW_PASSWORD)
        invited.get_by_role("button", name="Set password and continue").click()

        set_up_authenticator_app(invited, NEW_PASSWORD)

        expect(invited).to_have_url(HOME)
        expect(invited.get_by_role("heading", level=1)).to_have_text("What needs your attention")
        expect(invited.get_by_role("banner")).to_contain_text("Nia Roberts")

        # The link works once.
        invited.goto(invitation_path)
        expect(invited.get_by_role("heading", level=1)).to_have_text(
            "This invitation link has already been used"
        )

    page.goto(reverse("partnerships:staff_list", kwargs={"org_id": org.pk}))
    row = page.get_by_role("row").filter(has_text="Nia Roberts")
    expect(row).to_contain_text(f"Practitioner {EN_DASH} Early Help")
    expect(row).to_contain_text("Active")


def test_admin_imports_staff_from_a_csv_file_and_a_file_with_a_bad_row_is_refused(
    page: Any, tmp_path: Path, mailoutbox: list[Any]
) -> None:
    org: Any = OrganisationFactory(name="Hillside School", identifier="HS1")
    admin = person_with_role(Role.ORG_ADMIN, org, email="admin@hillside.example")
    good = write_staff_csv(
        tmp_path,
        "staff.csv",
        [
            ("Priya Shah", "priya@hillside.example", "HS1", "practitioner", "Pastoral"),
            ("Mark Evans", "mark@hillside.example", "HS1", "manager", "Pastoral"),
            ("Ada Okafor", "ada@hillside.example", "", "advisor", ""),
        ],
    )
    bad = write_staff_csv(
        tmp_path,
        "more-staff.csv",
        [
            ("Tom Reid", "tom@hillside.example", "HS1", "practitioner", ""),
            ("Lee Park", "lee@hillside.example", "HS1", "head teacher", ""),
        ],
    )
    sign_in(page, admin.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    page.goto(reverse("partnerships:staff_list", kwargs={"org_id": org.pk}))

    page.get_by_role("button", name="Import staff from a file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import staff from a file")
    page.get_by_label("Upload a CSV file").set_input_files(good)
    page.get_by_role("button", name="Check the file").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check the staff import")
    expect(page.get_by_text("File: staff.csv")).to_be_visible()
    new_people = page.locator(".govuk-summary-list__row").filter(has_text="New people")
    expect(new_people.locator("dd")).to_have_text("3")
    rows = page.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.filter(has_text="New person")).to_have_count(3)
    page.get_by_label("Send invitations").check()
    page.get_by_role("button", name="Import 3 rows").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Staff import")
    expect(page.get_by_text("Imported 3 of 3 rows")).to_be_visible()
    expect(page.locator("p", has_text="Status:").locator(".govuk-tag")).to_have_text("Imported")
    page.get_by_role("link", name="Back to the staff list").click()

    staff = page.get_by_role("table")
    expect(staff.get_by_role("caption")).to_contain_text("People with a role (4)")
    for name, role in (
        ("Priya Shah", f"Practitioner {EN_DASH} Pastoral"),
        ("Mark Evans", f"Manager {EN_DASH} Pastoral"),
        ("Ada Okafor", "Information sharing advisor"),
    ):
        row = staff.get_by_role("row").filter(has_text=name)
        expect(row).to_contain_text(role)
        expect(row).to_contain_text("Invited")
    assert sorted(address for message in mailoutbox for address in message.to) == [
        "ada@hillside.example",
        "mark@hillside.example",
        "priya@hillside.example",
    ]

    page.get_by_role("button", name="Import staff from a file").click()
    page.get_by_label("Upload a CSV file").set_input_files(bad)
    page.get_by_role("button", name="Check the file").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check the staff import")
    problem_row = page.get_by_role("table").get_by_role("row").filter(has_text="Lee Park")
    expect(problem_row).to_contain_text("Problem")
    expect(problem_row).to_contain_text("Role must be one of:")
    good_row = page.get_by_role("table").get_by_role("row").filter(has_text="Tom Reid")
    expect(good_row).to_contain_text("New person")
    expect(good_row).not_to_contain_text("Problem")
    expect(page.get_by_role("button", name=re.compile(r"^Import"))).to_have_count(0)
    expect(page.get_by_text("Fix the problems in the file and upload it again")).to_be_visible()
