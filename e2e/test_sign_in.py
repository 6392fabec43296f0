"""Signing in as a person would: password, then the authenticator code; and setting up
two-factor authentication the first time."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from e2e.helpers import (
    CODE_LABEL,
    HOME,
    assert_accessible,
    fresh_totp_code,
    sign_in,
    sign_in_with_password,
    wrong_code,
)
from infoshare.core.roles import Role
from infoshare.partnerships.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    MembershipFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_demo_practitioner_signs_in_with_password_and_code_and_sees_what_needs_attention(
    page: Any, demo_people: Any
) -> None:
    sign_in(page, "practitioner@demo.example", DEMO_PASSWORD, DEMO_TOTP_SECRET)

    expect(page.get_by_role("heading", level=1)).to_have_text("What needs your attention")
    expect(page.locator(".govuk-body-l")).to_contain_text("Signed in as Priya Shah (Practitioner)")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_the_page_styles_load_from_the_live_server(page: Any) -> None:
    page.goto("/accounts/login/")

    stylesheet = page.request.get("/static/dist/app.css")
    assert stylesheet.status == 200
    heading_font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "GDS Transport" in heading_font or "arial" in heading_font.lower()


def test_wrong_code_shows_a_govuk_error_and_keeps_the_person_signed_out(page: Any) -> None:
    user: Any = UserFactory(email="wrong.code@example.org")
    MembershipFactory(person=user)

    sign_in_with_password(page, user.email, TEST_PASSWORD)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.get_by_label(CODE_LABEL).fill(wrong_code(TEST_TOTP_SECRET))
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_code")
    expect(page.locator("#id_code-error")).to_contain_text("Error:")
    expect(page.get_by_label(CODE_LABEL)).to_have_class(re.compile("govuk-input--error"))

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your authenticator app")


def test_wrong_password_shows_a_govuk_error_summary(page: Any) -> None:
    UserFactory(email="someone@example.org")

    sign_in_with_password(page, "someone@example.org", "not-the-password")

    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is a problem")
    expect(page.get_by_label("Email address")).to_have_value("someone@example.org")
    expect(page.get_by_label("Password", exact=True)).to_have_value("")


def test_sign_in_page_offers_password_reset_and_no_sign_up(page: Any) -> None:
    page.goto("/accounts/login/")

    expect(page.get_by_role("link", name="Forgotten your password?")).to_have_attribute(
        "href", "/accounts/password/reset/"
    )
    expect(page.get_by_role("link", name=re.compile("sign up", re.IGNORECASE))).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Sign in with"))).to_have_count(0)


def test_sign_in_page_offers_single_sign_on_when_configured(page: Any, settings: Any) -> None:
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "entra",
                    "name": "Microsoft Entra ID",
                    "client_id": "infoshare-test",
                    "secret": "not-a-secret",
                    "settings": {"server_url": "https://login.invalid/tenant/v2.0"},
                }
            ]
        }
    }

    page.goto("/accounts/login/")

    button = page.get_by_role("button", name="Sign in with Microsoft Entra ID")
    expect(button).to_be_visible()
    form_action = button.evaluate("b => b.form.getAttribute('action')")
    assert form_action == "/accounts/oidc/entra/login/?process=login"
    assert_accessible(page)


def test_new_person_sets_up_an_authenticator_app_then_reaches_home(page: Any) -> None:
    user: Any = UserFactory(
        email="new.starter@example.org", full_name="New Starter", with_mfa=False
    )
    MembershipFactory(person=user, role=Role.PRACTITIONER)

    sign_in_with_password(page, user.email, TEST_PASSWORD)

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor authentication")
    page.get_by_role("button", name="Set up an authenticator app").click()
    # allauth asks for the password again before any change to how a person signs in.
    if page.get_by_role("heading", level=1, name="Confirm it is you").is_visible():
        page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
        page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    page.get_by_text("If you cannot scan the QR code").click()
    secret = page.locator("#authenticator_secret").text_content().strip()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret), secret
    page.get_by_label(CODE_LABEL).fill(fresh_totp_code(secret))
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.get_by_role("list", name="Unused recovery codes").locator("li")).to_have_count(10)
    page.get_by_role("button", name="I have saved my codes: continue").click()

    expect(page).to_have_url(HOME)
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs your attention")
