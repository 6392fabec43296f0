"""The organisation's list, for an advisor who also manages another organisation: the CSV
link says which organisations the download holds and its limit (read out with the link),
the page has no axe violations, and the download opens as UTF-8 (a byte order mark)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.decision_steps import heading
from e2e.helpers import AxeChecker, sign_in
from e2e.journeys import person_with_role
from infoshare.core.roles import Role
from infoshare.decisions.tests.factories import make_decision
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_csv_link_says_what_the_download_holds(page: Any, tmp_path: Path) -> None:
    partnership = PartnershipFactory(name="Riverside Partnership")
    council = OrganisationFactory(partnership=partnership, name="Riverside Council")
    school = OrganisationFactory(partnership=partnership, name="Riverside Primary School")
    user = person_with_role(Role.ADVISOR, council, full_name="Siôn Ó Dálaigh")
    MembershipFactory(person=user, organisation=school, role=Role.MANAGER)
    advised = make_decision(organisation=council, author=UserFactory(full_name="Siân Owen"))
    managed = make_decision(organisation=school)
    sign_in(page, user.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    axe = AxeChecker(page)

    page.goto(reverse("decisions:organisation_decisions"))
    expect(heading(page)).to_have_text("Your organisation's decisions")
    expect(page.get_by_role("link", name=managed.reference)).to_be_visible()
    link = page.get_by_role("link", name="Download these as CSV")
    expect(link).to_have_accessible_description(
        "The CSV has only the records of Riverside Council, where you are an information "
        "sharing advisor. Records of Riverside Primary School are on this list but not in "
        "the CSV. It has up to 50,000 records, newest first. If there are more, its last "
        "line says so."
    )
    axe.check("organisation's decisions, with the CSV's scope")

    with page.expect_download() as download:
        link.click()
    saved = tmp_path / "decisions.csv"
    download.value.save_as(saved)
    content = saved.read_bytes()
    assert content.startswith("\ufeffReference,".encode())
    text = content.decode("utf-8-sig")
    assert advised.reference in text
    assert "Siân Owen" in text
    assert managed.reference not in text

    axe.assert_clean()
