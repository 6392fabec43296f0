"""In a browser: a practitioner corrects a person's details from the person's page (an
error first), then removes a person added by mistake; axe-core finds nothing on the pages,
their error states or the refusal."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.helpers import AxeChecker, sign_in
from e2e.journeys import person_with_role
from infoshare.core.roles import Role
from infoshare.decisions.models import Person
from infoshare.decisions.tests.factories import make_decision, make_person
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    OrganisationFactory,
    PartnershipFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_correcting_and_removing_a_person(page: Any) -> None:
    school = OrganisationFactory(partnership=PartnershipFactory(), name="Riverside School")
    sam = person_with_role(Role.PRACTITIONER, school, email="sam@riverside.example")
    ava = make_person(
        organisation=school,
        given_name="Ava",
        family_name="Okafr",
        date_of_birth=dt.date(2015, 3, 27),
    )
    make_decision(organisation=school, author=sam, people=[ava])
    twice = make_person(organisation=school, given_name="Ava", family_name="Okafor")
    sign_in(page, sam.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    axe = AxeChecker(page)

    page.goto(reverse("decisions:person_detail", kwargs={"person_id": ava.pk}))
    page.get_by_role("link", name="Change details of Ava Okafr").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change a person's details")
    axe.check("change details")
    page.get_by_label("Family name").fill("Okafor")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why the details need correcting"
    )
    axe.check("change details (error)")
    page.get_by_label("Why do these details need correcting?").fill("Family name misspelt")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Ava Okafor's details have been changed"
    )

    # A record is about her: she cannot be removed.
    page.get_by_role("link", name="Remove this person if they were added by mistake").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot remove this person")
    axe.check("cannot remove")

    page.goto(reverse("decisions:person_remove", kwargs={"person_id": twice.pk}))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to remove this person?"
    )
    axe.check("remove")
    page.get_by_role("button", name="Yes, remove this person").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why this person is being removed"
    )
    axe.check("remove (error)")
    page.get_by_label("Why are you removing this person?").fill("Added twice")
    page.get_by_role("button", name="Yes, remove this person").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Ava Okafor has been removed from the register"
    )
    assert not Person.objects.filter(pk=twice.pk).exists()
    axe.assert_clean()
