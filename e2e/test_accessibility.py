"""axe-core (WCAG 2.1 A and AA, plus best practice) finds nothing on the pages that everyone
meets: signing in, two-factor authentication, the home page, account pages and the footer
pages. Each test walks several pages and reports every page's violations together."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.helpers import CODE_LABEL, AxeChecker, sign_in, sign_in_with_password, wrong_code
from infoshare.core.roles import Role
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    MembershipFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_pages_before_signing_in_have_no_axe_violations(page: Any) -> None:
    user: Any = UserFactory(email="axe@example.org")
    MembershipFactory(person=user, role=Role.PRACTITIONER)
    axe = AxeChecker(page)

    for name in ("core:accessibility", "core:privacy", "core:cookies"):
        page.goto(reverse(name))
        axe.check(name)
    response = page.goto("/no-such-page")
    assert response is not None
    assert response.status == 404
    axe.check("404")
    page.goto(reverse("account_reset_password"))
    axe.check("password reset")
    page.get_by_role("button", name="Send reset link").click()
    axe.check("password reset with an error")

    sign_in_with_password(page, user.email, "wrong password")
    axe.check("sign in with an error")
    sign_in_with_password(page, user.email, TEST_PASSWORD)
    expect(page.get_by_label(CODE_LABEL)).to_be_visible()
    axe.check("MFA code")
    page.get_by_label(CODE_LABEL).fill(wrong_code(TEST_TOTP_SECRET))
    page.get_by_role("button", name="Continue").click()
    axe.check("MFA code with an error")
    page.get_by_role("button", name="Cancel and sign out").click()
    expect(page.get_by_label("Email address")).to_be_visible()
    axe.check("sign in")

    axe.assert_clean()


def test_signed_in_pages_have_no_axe_violations(page: Any) -> None:
    user: Any = UserFactory(email="axe.signed.in@example.org", full_name="Alex Axe")
    MembershipFactory(person=user, role=Role.PRACTITIONER)
    sign_in(page, user.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    axe = AxeChecker(page)
    axe.check("home")

    for name in ("accounts:tokens", "accounts:security", "account_change_password", "mfa_index"):
        page.goto(reverse(name))
        axe.check(name)
    page.goto(reverse("account_change_password"))
    page.get_by_role("button", name="Change password").click()
    axe.check("change password with errors")
    page.goto(reverse("accounts:tokens"))
    page.get_by_label("Name for the token").fill("Case management system")
    page.get_by_role("button", name="Create token").click()
    # A token outlives the session: allauth asks for the password again first.
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    axe.check("confirm it is you")
    page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Copy it now")).to_be_visible()
    axe.check("token created")
    for name in (
        "usersessions_list",
        "account_email",
        "socialaccount_connections",
        "account_logout",
    ):
        page.goto(reverse(name))
        axe.check(name)

    # The password was confirmed a moment ago (for the token): not asked for again.
    page.goto(reverse("mfa_generate_recovery_codes"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Get new recovery codes")
    axe.check("mfa_generate_recovery_codes")
    page.get_by_role("button", name="Get new codes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    axe.check("mfa_view_recovery_codes")
    page.goto(reverse("mfa_deactivate_totp"))
    axe.check("mfa_deactivate_totp")

    axe.assert_clean()


def test_two_factor_set_up_pages_have_no_axe_violations(page: Any) -> None:
    user: Any = UserFactory(email="axe.new@example.org", with_mfa=False)
    MembershipFactory(person=user, role=Role.PRACTITIONER)
    sign_in_with_password(page, user.email, TEST_PASSWORD)
    axe = AxeChecker(page)
    axe.check("MFA required")

    page.get_by_role("button", name="Set up an authenticator app").click()
    if page.get_by_role("heading", level=1, name="Confirm it is you").is_visible():
        axe.check("confirm it is you")
        page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
        page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    axe.check("MFA activate")
    page.get_by_label(CODE_LABEL).fill("12")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe.check("MFA activate with an error")

    axe.assert_clean()
