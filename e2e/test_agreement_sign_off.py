"""In a browser: an agreement from draft to active, with axe-core on every page on the
way (register, create with and without errors, parties, detail, send, sign, map, upload)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.helpers import AxeChecker, sign_in
from infoshare.agreements.models import Agreement, Status
from infoshare.core.roles import Role
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _member(email: str, name: str, role: str, organisation: Any) -> Any:
    user = UserFactory(email=email, full_name=name)
    MembershipFactory(person=user, organisation=organisation, role=role)
    return user


def test_an_agreement_goes_from_draft_to_active(page: Any) -> None:
    partnership = PartnershipFactory(name="Journey Partnership")
    council = OrganisationFactory(partnership=partnership, name="Journey Council")
    school = OrganisationFactory(partnership=partnership, name="Journey School")
    lead = _member("lead.journey@example.org", "Lee Lead", Role.SENIOR_LEAD, council)
    head = _member("head.journey@example.org", "Hana Head", Role.SENIOR_LEAD, school)
    axe = AxeChecker(page)

    sign_in(page, lead.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    page.goto(reverse("agreements:agreement_list"))
    axe.check("register")
    page.get_by_role("link", name="Create a draft agreement").click()
    axe.check("create")
    page.get_by_role("button", name="Create draft").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    axe.check("create with errors")

    page.get_by_label("Lead organisation").select_option(label="Journey Council")
    page.get_by_label("Title", exact=True).fill("Journey data sharing agreement")
    page.get_by_label("Overarching information sharing protocol").check()
    page.get_by_label("Purpose", exact=True).fill("Coordinating early help")
    page.get_by_label("Article 6(1)(e) public task").check()
    page.get_by_role("button", name="Create draft").click()
    expect(page.get_by_role("heading", name="Add a party")).to_be_visible()
    axe.check("add party")

    page.get_by_label("Organisation in the partnership").select_option(label="Journey Council")
    page.get_by_label("Signatory", exact=True).select_option(value=str(lead.pk))
    page.get_by_role("button", name="Add party and add another").click()
    page.get_by_label("Organisation in the partnership").select_option(label="Journey School")
    page.get_by_label("Signatory", exact=True).select_option(value=str(head.pk))
    page.get_by_role("button", name="Add party", exact=True).click()
    expect(page.get_by_role("heading", name="Journey data sharing agreement")).to_be_visible()
    axe.check("detail (draft)")

    page.get_by_role("link", name="Send for signature").click()
    axe.check("send for signature")
    page.get_by_role("button", name="Send for signature").click()
    page.get_by_role("link", name="Sign for Journey Council").click()
    axe.check("sign")
    page.get_by_role("button", name="Sign the agreement").click()
    agreement = Agreement.objects.get()
    assert agreement.status == Status.AWAITING_SIGNATURE
    page.goto(reverse("agreements:document_upload", args=[agreement.pk]))
    axe.check("upload")
    page.goto(reverse("agreements:agreement_withdraw", args=[agreement.pk]))
    axe.check("withdraw")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, head.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    page.goto(reverse("agreements:agreement_detail", args=[agreement.pk]))
    page.get_by_role("link", name="do not sign").click()
    axe.check("refuse")
    page.goto(reverse("agreements:agreement_detail", args=[agreement.pk]))
    page.get_by_role("link", name="Sign for Journey School").click()
    page.get_by_role("button", name="Sign the agreement").click()
    expect(page.get_by_text("Active", exact=True).first).to_be_visible()
    axe.check("detail (active)")
    agreement.refresh_from_db()
    assert agreement.status == Status.ACTIVE

    page.goto(reverse("agreements:agreement_map"))
    axe.check("map")
    page.goto(reverse("agreements:new_version", args=[agreement.pk]))
    axe.check("new version")
    axe.assert_clean()
