"""A manager clears a leaver's urgent draft: the home panels mark it and link to every
urgent draft of the team; the record links to a confirmation page that deletes it. A
leaver's draft that is not urgent is found through "Drafts left by people who have left".
axe-core finds nothing on those pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from e2e.helpers import AxeChecker, sign_in
from e2e.journeys import person_with_role
from infoshare.core.roles import Role
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.tests.factories import make_decision
from infoshare.partnerships.models import Membership
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    OrganisationFactory,
    PartnershipFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PANEL = "Urgent records in progress in your team"


def test_a_manager_deletes_a_leavers_urgent_draft(page: Any) -> None:
    partnership = PartnershipFactory(name="Riverside Partnership")
    school = OrganisationFactory(partnership=partnership, name="Riverside Primary School")
    priya = person_with_role(Role.PRACTITIONER, school, full_name="Priya Shah")
    manager = person_with_role(Role.MANAGER, school, email="mo@riverside.example")
    drafts = [
        make_decision(
            author=priya,
            organisation=school,
            status="draft",
            finalised_at=None,
            urgent=True,
            urgent_due_at=timezone.now() + dt.timedelta(hours=2 + n),
            purpose="To keep Ava safe.",
        )
        for n in range(11)
    ]
    Membership.objects.filter(person=priya).update(ends_on=timezone.localdate())
    sign_in(page, manager.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    axe = AxeChecker(page)

    page.goto(reverse("core:home"))
    panel = page.get_by_role("region", name=PANEL)
    expect(panel).to_contain_text("by Priya Shah (author has left)")
    panel.get_by_role("link", name="See all 11 urgent records in progress").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PANEL)
    expect(page.get_by_role("main")).to_contain_text(drafts[10].label)
    axe.check("every urgent draft of the team")

    page.get_by_role("link", name=drafts[0].label).click()
    page.get_by_role("link", name="Delete this draft (its author has left)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Delete Priya Shah's draft {drafts[0].label}?"
    )
    axe.check("delete a leaver's draft")
    page.get_by_role("button", name="Delete the draft").click()
    expect(page.get_by_role("main")).to_contain_text(
        f"Priya Shah's draft {drafts[0].label} deleted"
    )
    assert not SharingDecision.objects.filter(pk=drafts[0].pk).exists()
    axe.assert_clean()


LEAVERS = "Drafts left by people who have left"


def test_a_manager_finds_and_deletes_a_leavers_draft_that_is_not_urgent(page: Any) -> None:
    partnership = PartnershipFactory(name="Riverside Partnership")
    school = OrganisationFactory(partnership=partnership, name="Riverside Primary School")
    priya = person_with_role(Role.PRACTITIONER, school, full_name="Priya Shah")
    manager = person_with_role(Role.MANAGER, school, email="mo@riverside.example")
    drafts = [
        make_decision(
            author=priya,
            organisation=school,
            status="draft",
            finalised_at=None,
            purpose="To arrange support at school.",
        )
        for _ in range(11)
    ]
    Membership.objects.filter(person=priya).update(ends_on=timezone.localdate())
    sign_in(page, manager.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    axe = AxeChecker(page)

    page.goto(reverse("core:home"))
    panel = page.get_by_role("region", name=LEAVERS)
    expect(panel).to_contain_text("Started by Priya Shah on")
    axe.check("home with a leaver's drafts")
    panel.get_by_role("link", name="See all drafts left by people who have left").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(LEAVERS)
    expect(page.get_by_role("main")).to_contain_text(drafts[10].label)
    axe.check("every draft left by people who have left")

    page.get_by_role("link", name=drafts[10].label, exact=True).click()
    page.get_by_role("link", name="Delete this draft (its author has left)").click()
    page.get_by_role("button", name="Delete the draft").click()
    expect(page.get_by_role("main")).to_contain_text(
        f"Priya Shah's draft {drafts[10].label} deleted"
    )
    assert not SharingDecision.objects.filter(pk=drafts[10].pk).exists()
    axe.assert_clean()
