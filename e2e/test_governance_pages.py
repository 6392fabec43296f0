"""Governance through the real pages: a senior lead publishes the position statement that a
practitioner then reads and acknowledges; the partnership administrator publishes a common
standard whose adoption an organisation administrator records. And axe-core (WCAG 2.1 A and
AA, plus best practice) finds nothing on any governance page, with data on them and in their
error states."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from e2e.helpers import AxeChecker, sign_in
from e2e.journeys import other_browser, person_with_role
from infoshare.core.roles import Role
from infoshare.governance import services
from infoshare.governance.models import (
    Acknowledgement,
    AdoptionStatus,
    PositionStatement,
    StandardAdoption,
)
from infoshare.governance.tests.factories import (
    CommonStandardFactory,
    PlanPriorityFactory,
    PolicyFactory,
    PositionStatementFactory,
)
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STATEMENT_TITLE = "Riverside Council supports sharing information to keep children safe"
STANDARD_TITLE = "Every organisation names an information sharing advisor"
ACKNOWLEDGE = "I have read and understood this statement"


def _rates_row(page: Any, label: str) -> Any:
    return page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=label))


def test_senior_lead_publishes_a_position_statement_that_a_practitioner_acknowledges(
    page: Any, browser: Any, live_server: Any, csp_violations: list[str]
) -> None:
    org: Any = OrganisationFactory(name="Riverside Council")
    lead = person_with_role(Role.SENIOR_LEAD, org, email="lead@riverside.example")
    priya = person_with_role(
        Role.PRACTITIONER, org, email="priya@riverside.example", full_name="Priya Shah"
    )
    # Ten staff in all: four have already acknowledged when Priya reads the statement, so
    # her acknowledgement is the fifth, the first count the page may show as a number.
    readers = [person_with_role(Role.PRACTITIONER, org) for _ in range(4)]
    for _ in range(4):
        person_with_role(Role.MANAGER, org)

    sign_in(page, lead.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Governance").click()
    page.get_by_role(
        "link", name="Riverside Council: position statement on information sharing"
    ).click()
    expect(
        page.get_by_text("Riverside Council has not published a position statement yet")
    ).to_be_visible()
    page.get_by_role("link", name="Publish a new version").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Publish a new version of the position statement"
    )
    page.get_by_label("Title").fill(STATEMENT_TITLE)
    page.get_by_label("Statement").fill(
        "Sharing information is vital to keep children safe.\n\n"
        "Use your professional judgement and record every decision."
    )
    # In force from today (a later date would be scheduled, not yet current).
    effective = timezone.localdate()
    page.get_by_label("Effective date").fill(effective.isoformat())
    page.get_by_role("button", name="Publish").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Position statement on information sharing"
    )
    expect(page.get_by_text("Version 1 of the position statement is published")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name=STATEMENT_TITLE)).to_be_visible()
    expect(
        page.get_by_text(f"Version 1, effective {effective.day} {effective:%B %Y}")
    ).to_be_visible()

    published = PositionStatement.objects.get(organisation=org)
    for reader in readers:
        services.acknowledge_position_statement(actor=reader, statement_id=published.pk)

    page.get_by_role("link", name="See acknowledgement rates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Acknowledgement rates")
    whole = _rates_row(page, "Whole organisation")
    expect(whole.get_by_role("cell")).to_have_text(["fewer than 5", "10", "not shown"])

    with other_browser(browser, live_server.url, csp_violations) as practitioner:
        sign_in(practitioner, priya.email, TEST_PASSWORD, TEST_TOTP_SECRET)
        reading = practitioner.get_by_role("region", name="What you need to read")
        link = reading.get_by_role("link", name="Riverside Council: position statement (version 1)")
        expect(link).to_be_visible()
        link.click()

        expect(practitioner.get_by_role("heading", level=2, name=STATEMENT_TITLE)).to_be_visible()
        expect(practitioner.get_by_text("Use your professional judgement")).to_be_visible()
        practitioner.get_by_role("button", name=ACKNOWLEDGE).click()

        expect(
            practitioner.get_by_text("Thank you. You have acknowledged the position statement")
        ).to_be_visible()
        expect(practitioner.get_by_text("You have acknowledged this version.")).to_be_visible()
        expect(practitioner.get_by_role("button", name=ACKNOWLEDGE)).to_have_count(0)

        practitioner.goto("/")
        reading = practitioner.get_by_role("region", name="What you need to read")
        expect(reading).to_contain_text(
            "You have read and acknowledged everything published for you."
        )

    assert Acknowledgement.objects.filter(person=priya, position_statement=published).exists()
    page.reload()
    whole = _rates_row(page, "Whole organisation")
    expect(whole.get_by_role("cell")).to_have_text(["5", "10", "50%"])


def test_admin_publishes_a_common_standard_and_an_org_admin_records_adoption_by_a_date(
    page: Any, browser: Any, live_server: Any, csp_violations: list[str]
) -> None:
    org: Any = OrganisationFactory(name="Hillside School")
    OrganisationFactory(name="Riverside Council", partnership=org.partnership)
    admin = person_with_role(Role.PARTNERSHIP_ADMIN, org, email="admin@partnership.example")
    org_admin = person_with_role(Role.ORG_ADMIN, org, email="admin@hillside.example")

    sign_in(page, admin.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    page.goto(reverse("governance:standard_list"))
    expect(page.get_by_text("No common standards have been published yet.")).to_be_visible()
    page.get_by_role("button", name="Publish a common standard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish a common standard")
    page.get_by_label("Title").fill(STANDARD_TITLE)
    page.get_by_label("Description").fill("Named in the organisation's policy and on its website.")
    page.get_by_role("button", name="Publish").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Common standards")
    expect(
        page.get_by_text(f"'{STANDARD_TITLE}' is published to every organisation")
    ).to_be_visible()
    table = page.get_by_role("table")
    expect(table.get_by_role("row").filter(has_text=STANDARD_TITLE)).to_contain_text(
        "Not recorded Not recorded"
    )

    with other_browser(browser, live_server.url, csp_violations) as tab:
        sign_in(tab, org_admin.email, TEST_PASSWORD, TEST_TOTP_SECRET)
        tab.goto(reverse("governance:standard_list"))
        row = tab.get_by_role("table").get_by_role("row").filter(has_text=STANDARD_TITLE)
        # Only Hillside School's own cell has a link to record adoption.
        expect(row.get_by_role("link")).to_have_count(1)
        row.get_by_role(
            "link", name=f"Record adoption of {STANDARD_TITLE} for Hillside School"
        ).click()
        expect(tab.get_by_role("heading", level=1)).to_have_text(STANDARD_TITLE)

        tab.get_by_role("radio", name="Adopting", exact=True).check()
        tab.get_by_role("button", name="Save").click()
        summary = tab.locator(".govuk-error-summary")
        expect(summary).to_be_visible()
        expect(summary.get_by_role("heading")).to_have_text("There is a problem")
        error_link = summary.get_by_role(
            "link", name="Enter the target date for adopting the standard"
        )
        expect(error_link).to_be_visible()
        expect(tab.locator("#id_target_date-error")).to_contain_text(
            "Enter the target date for adopting the standard"
        )
        expect(tab.get_by_role("radio", name="Adopting", exact=True)).to_be_checked()
        assert not StandardAdoption.objects.exists()

        error_link.click()
        expect(tab.get_by_label("Target date")).to_be_focused()
        tab.get_by_label("Target date").fill("2027-03-31")
        tab.get_by_role("button", name="Save").click()

        expect(tab.get_by_role("heading", level=1)).to_have_text("Common standards")
        expect(
            tab.get_by_text(f"Adoption of '{STANDARD_TITLE}' recorded for Hillside School")
        ).to_be_visible()
        row = tab.get_by_role("table").get_by_role("row").filter(has_text=STANDARD_TITLE)
        hillside, riverside = row.get_by_role("cell").all()
        expect(hillside).to_contain_text("Adopting")
        expect(hillside).to_contain_text("by 31 Mar 2027")
        expect(riverside).to_have_text("Not recorded")

    adoption = StandardAdoption.objects.get(organisation=org)
    assert (adoption.status, adoption.target_date) == (
        AdoptionStatus.ADOPTING,
        dt.date(2027, 3, 31),
    )
    page.reload()
    row = page.get_by_role("table").get_by_role("row").filter(has_text=STANDARD_TITLE)
    expect(row.get_by_role("cell").first).to_contain_text("by 31 Mar 2027")


def _organisation_with_governance_content() -> Any:
    """An organisation with a team, a superseded and a current position statement, an
    organisation policy and a partnership policy, a common standard and plan priorities."""
    org: Any = OrganisationFactory(name="Riverside Council")
    team = TeamFactory(organisation=org, name="Early Help")
    for _ in range(3):
        MembershipFactory(organisation=org, team=team)
    PositionStatementFactory(organisation=org, version=1, status="superseded")
    PositionStatementFactory(organisation=org, version=2, title=STATEMENT_TITLE)
    PolicyFactory(organisation=org, title="Riverside information sharing policy")
    PolicyFactory(
        organisation=None,
        partnership=org.partnership,
        level="partnership",
        title="Partnership information sharing protocol",
        kind="procedure",
    )
    CommonStandardFactory(partnership=org.partnership, title=STANDARD_TITLE)
    for title in ("Share early", "Record every decision"):
        PlanPriorityFactory(partnership=org.partnership, title=title, description="Why it matters.")
    return org


def test_senior_lead_governance_pages_have_no_axe_violations(page: Any) -> None:
    org = _organisation_with_governance_content()
    lead = person_with_role(Role.SENIOR_LEAD, org, email="lead@riverside.example")
    org_kwargs = {"org_id": org.pk}
    policy: Any = org.policies.get(title="Riverside information sharing policy")
    standard: Any = org.partnership.common_standards.get()
    sign_in(page, lead.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    axe = AxeChecker(page)

    page.goto(reverse("governance:to_read"))
    expect(page.get_by_role("link", name="Riverside information sharing policy")).to_be_visible()
    axe.check("what you need to read")
    page.goto(reverse("governance:position_statement", kwargs=org_kwargs))
    expect(page.get_by_role("button", name=ACKNOWLEDGE)).to_be_visible()
    axe.check("position statement")
    page.goto(reverse("governance:statement_publish", kwargs=org_kwargs))
    axe.check("publish a position statement")
    page.get_by_label("Title").fill("")
    page.get_by_label("Statement").fill("")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe.check("publish a position statement with errors")
    page.goto(reverse("governance:acknowledgements", kwargs=org_kwargs))
    expect(page.get_by_role("rowheader", name="Early Help").first).to_be_visible()
    axe.check("acknowledgement rates")

    page.goto(reverse("governance:policy_list"))
    expect(
        page.get_by_role("link", name="Partnership information sharing protocol")
    ).to_be_visible()
    axe.check("policies")
    page.goto(reverse("governance:policy_detail", kwargs={"policy_id": policy.pk}))
    axe.check("policy")
    page.goto(reverse("governance:policy_create"))
    axe.check("add a policy")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe.check("add a policy with errors")

    page.goto(reverse("governance:standard_list"))
    expect(page.get_by_role("table")).to_contain_text(STANDARD_TITLE)
    axe.check("common standards")
    adoption = {"org_id": org.pk, "standard_id": standard.pk}
    page.goto(reverse("governance:adoption_record", kwargs=adoption))
    axe.check("record adoption")
    page.get_by_role("radio", name="Not adopted").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe.check("record adoption with an error")
    page.goto(reverse("governance:priority_list"))
    expect(page.get_by_text("Record every decision")).to_be_visible()
    axe.check("plan priorities")

    axe.assert_clean()


def test_partnership_admin_and_board_pages_have_no_axe_violations(
    page: Any, browser: Any, live_server: Any, csp_violations: list[str]
) -> None:
    org = _organisation_with_governance_content()
    admin = person_with_role(Role.PARTNERSHIP_ADMIN, org, email="admin@partnership.example")
    StandardAdoption.objects.create(
        standard=org.partnership.common_standards.get(),
        organisation=org,
        status=AdoptionStatus.ADOPTING,
        target_date=dt.date(2027, 3, 31),
        updated_by=admin,
    )
    board_member = person_with_role(Role.BOARD_MEMBER, org, email="board@partnership.example")
    sign_in(page, admin.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    axe = AxeChecker(page)

    page.goto(reverse("governance:standard_create"))
    axe.check("publish a common standard")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe.check("publish a common standard with errors")
    page.goto(reverse("governance:priority_list"))
    expect(page.get_by_role("button", name="Add a priority")).to_be_visible()
    axe.check("plan priorities with the add button")
    page.goto(reverse("governance:priority_create"))
    axe.check("add a priority")
    page.get_by_role("button", name="Add priority").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe.check("add a priority with errors")

    with other_browser(browser, live_server.url, csp_violations) as board:
        sign_in(board, board_member.email, TEST_PASSWORD, TEST_TOTP_SECRET)
        board.get_by_role("navigation", name="Menu").get_by_role("link", name="Board").click()
        expect(board.get_by_role("heading", level=1)).to_have_text("Partnership board view")
        expect(board.get_by_role("table").first).to_contain_text("Riverside Council")
        board_axe = AxeChecker(board)
        board_axe.check("partnership board view")
        axe.reports.extend(board_axe.reports)

    axe.assert_clean()
