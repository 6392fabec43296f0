"""axe-core (WCAG 2.1 A and AA, plus best practice) finds nothing on the organisation and
staff pages, the audit trail and the advice pages, with data on them and in their error
states. Each test signs in once and reports every page's violations together."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.helpers import AxeChecker, sign_in
from e2e.journeys import person_with_role, write_staff_csv
from infoshare.advice.models import AddressedTo
from infoshare.advice.tests.factories import AdviceReplyFactory, AdviceRequestFactory
from infoshare.core.roles import Role
from infoshare.partnerships.models import Membership
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_organisation_and_staff_pages_have_no_axe_violations(page: Any, tmp_path: Path) -> None:
    org: Any = OrganisationFactory(name="Riverside Council", identifier="RC1")
    team = TeamFactory(organisation=org, name="Early Help")
    admin = person_with_role(Role.ORG_ADMIN, org, email="admin@riverside.example")
    sam = person_with_role(Role.PRACTITIONER, org, full_name="Sam Taylor")
    MembershipFactory(person=sam, organisation=org, role=Role.MANAGER, team=team)
    membership = Membership.objects.get(person=sam, role=Role.PRACTITIONER)
    preview_file = write_staff_csv(
        tmp_path,
        "staff.csv",
        [
            ("Priya Shah", "priya@riverside.example", "RC1", "practitioner", "Early Help"),
            ("Lee Park", "lee@riverside.example", "RC1", "head teacher", ""),
        ],
    )
    org_kwargs = {"org_id": org.pk}
    membership_kwargs = {**org_kwargs, "membership_id": membership.pk}
    sign_in(page, admin.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    axe = AxeChecker(page)

    page.goto(reverse("partnerships:organisation_list"))
    expect(page.get_by_role("link", name="Riverside Council")).to_be_visible()
    axe.check("organisation list")
    page.goto(reverse("partnerships:organisation_detail", kwargs=org_kwargs))
    axe.check("organisation detail")
    page.goto(reverse("partnerships:staff_list", kwargs=org_kwargs) + "?q=Sam")
    expect(page.get_by_role("row").filter(has_text="Sam Taylor")).to_be_visible()
    axe.check("staff list with a search")

    page.goto(reverse("partnerships:invite", kwargs=org_kwargs))
    axe.check("invite")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe.check("invite with errors")

    page.goto(reverse("partnerships:change_role", kwargs=membership_kwargs))
    axe.check("change role")
    page.goto(reverse("partnerships:deactivate", kwargs=membership_kwargs))
    axe.check("deactivate")

    page.goto(reverse("partnerships:staff_import", kwargs=org_kwargs))
    axe.check("import upload")
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe.check("import upload with an error")
    page.get_by_label("Upload a CSV file").set_input_files(preview_file)
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the staff import")
    axe.check("import preview with a problem")

    axe.assert_clean()


def test_audit_trail_pages_have_no_axe_violations(page: Any) -> None:
    org: Any = OrganisationFactory(name="Riverside Council")
    auditor = person_with_role(Role.AUDITOR, org, email="auditor@riverside.example")
    sign_in(page, auditor.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    axe = AxeChecker(page)

    page.goto(reverse("audit:event_list"))
    expect(page.get_by_role("table").locator("tbody tr").first).to_be_visible()
    axe.check("audit event list")
    page.get_by_label("From date").fill("31/2/2026")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe.check("audit event list with an error")

    axe.assert_clean()


def test_advice_pages_have_no_axe_violations(page: Any) -> None:
    org: Any = OrganisationFactory(name="Riverside Council")
    advisor = person_with_role(Role.ADVISOR, org, email="advisor@riverside.example")
    asker = person_with_role(Role.PRACTITIONER, org, full_name="Priya Shah")
    asked: Any = AdviceRequestFactory(
        organisation=org, asked_by=asker, addressed_to=AddressedTo.ORGANISATION
    )
    mine = AdviceRequestFactory(
        organisation=org, asked_by=advisor, addressed_to=AddressedTo.PARTNERSHIP
    )
    AdviceReplyFactory(request=mine)
    sign_in(page, advisor.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    axe = AxeChecker(page)

    page.goto(reverse("advice:request_new"))
    axe.check("ask for advice")
    page.get_by_role("button", name="Send your question").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe.check("ask for advice with errors")
    page.goto(reverse("advice:queue"))
    expect(page.get_by_text(asked.question)).to_be_visible()
    axe.check("advice queue")
    page.goto(reverse("advice:my_requests"))
    expect(page.get_by_text(mine.question)).to_be_visible()
    axe.check("my advice requests")
    page.goto(reverse("advice:request_detail", kwargs={"request_id": asked.pk}))
    axe.check("advice request")

    axe.assert_clean()
