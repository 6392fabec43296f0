"""The idle sign-out warning (GOV.UK's timeout warning pattern; frontend/js/timeout-warning.mjs),
with a short idle time: the dialog opens before the timeout with focus in it, passes axe,
and "Stay signed in" (or Escape) renews the session on the server. When the time runs out
it says so and leaves the page as it is, so that what was typed is kept when it is sent."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from e2e.helpers import assert_accessible, sign_in
from e2e.journeys import person_with_role
from infoshare.core.roles import Role
from infoshare.partnerships.tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    OrganisationFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

IDLE_SECONDS = 24
WARNING_SECONDS = 16  # so the dialog opens 8 seconds after the page
QUESTION = "Can I tell the school nurse about the family's housing problems?"
# Generous: the dialog opens after 8 seconds, and CI is slow.
OPENS_WITHIN_MS = 20_000


@pytest.fixture
def short_idle(settings: Any) -> None:
    settings.SESSION_IDLE_SECONDS = IDLE_SECONDS
    settings.SESSION_COOKIE_AGE = IDLE_SECONDS + 60
    settings.SESSION_TIMEOUT_WARNING_SECONDS = WARNING_SECONDS


@pytest.fixture
def asking(page: Any, short_idle: None) -> Any:
    """A practitioner signed in, typing a question on "Ask for advice"."""
    school: Any = OrganisationFactory(name="Riverside Primary School")
    teacher = person_with_role(Role.PRACTITIONER, school, email="tia@riverside.example")
    sign_in(page, teacher.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    page.goto(reverse("advice:request_new"))
    page.get_by_label("What is your question?").fill(QUESTION)
    return page


def _dialog(page: Any) -> Any:
    return page.get_by_role("dialog")


def _session_expiry() -> Any:
    (session,) = Session.objects.all()
    return session.expire_date


def test_the_warning_opens_before_the_timeout_and_stay_signed_in_keeps_the_session(
    asking: Any,
) -> None:
    page = asking
    dialog = _dialog(page)
    expect(dialog).to_be_hidden()

    expect(dialog).to_be_visible(timeout=OPENS_WITHIN_MS)
    expect(dialog).to_have_accessible_name("You're about to be signed out")
    # What screen readers read as focus moves in: its heading, then how long is left.
    expect(dialog).to_have_accessible_description(
        re.compile(r"^For your security, we will sign you out in \d+ seconds?, because")
    )
    expect(dialog.locator("[data-timeout-time]")).to_have_text(re.compile(r"^\d+ seconds?$"))
    stay = dialog.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()  # focus moved into the dialog
    # A modal dialog: the page behind is inert while it is open.
    assert page.evaluate("() => document.querySelector('#timeout-warning').matches(':modal')")
    # Screen readers are told the time left at a few moments, not every second: nothing
    # more as it opens (its text is read as focus moves in), then at 10 seconds.
    announcer = dialog.locator("[data-timeout-announce]")
    expect(announcer).to_have_text("")
    assert_accessible(page)
    expect(announcer).to_have_text("We will sign you out in 10 seconds.", timeout=10_000)

    before = _session_expiry()
    stay.click()

    expect(dialog).to_be_hidden()
    assert _session_expiry() > before  # the server renewed it: a page alone would not have
    question = page.get_by_label("What is your question?")
    expect(question).to_be_focused()  # back where they were
    expect(question).to_have_value(QUESTION)
    # The next warning is a whole idle time away again.
    time.sleep(3)
    expect(dialog).to_be_hidden()
    page.goto(reverse("core:home"))
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_escape_means_stay_signed_in(asking: Any) -> None:
    page = asking
    dialog = _dialog(page)
    expect(dialog).to_be_visible(timeout=OPENS_WITHIN_MS)
    before = _session_expiry()

    page.keyboard.press("Escape")

    expect(dialog).to_be_hidden()
    deadline = time.monotonic() + 5
    while _session_expiry() <= before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _session_expiry() > before


def test_when_time_runs_out_it_says_so_and_what_was_typed_is_kept_when_sent(
    asking: Any,
) -> None:
    page = asking
    dialog = _dialog(page)
    expect(dialog).to_have_accessible_name(
        "You have been signed out", timeout=OPENS_WITHIN_MS + 20_000
    )
    expect(dialog.get_by_role("heading", name="You have been signed out")).to_be_focused()
    assert_accessible(page)

    # The server's own timeout ends the session (it allows up to a minute more).
    Session.objects.update(expire_date=timezone.now())
    dialog.get_by_role("button", name="Close this message").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_label("What is your question?")).to_have_value(QUESTION)
    page.get_by_role("button", name="Send your question").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_role("region", name="Important")).to_contain_text(
        "You were signed out because you had not done anything for 24 seconds. Sign in "
        "again to carry on: what you typed has been kept"
    )
    assert "advice" not in page.url.split("?next=")[0]
    assert_accessible(page)


def test_a_problem_renewing_is_said_and_not_shown_again_on_a_later_warning(
    asking: Any,
) -> None:
    page = asking
    dialog = _dialog(page)
    error = dialog.locator("[data-timeout-error]")
    expect(error).to_be_hidden()  # nothing wrong yet: no empty error message either
    extend = reverse("core:extend_session")
    page.route(f"**{extend}", lambda route: route.fulfill(status=500))
    expect(dialog).to_be_visible(timeout=OPENS_WITHIN_MS)

    dialog.get_by_role("button", name="Stay signed in").click()

    expect(error).to_be_visible()
    expect(error).to_have_text("Sorry, there is a problem with the service. Try again.")
    expect(dialog).to_be_visible()  # still warning: they can try again
    page.unroute(f"**{extend}")
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()

    # The next warning, a whole idle time after the renewal, has no old error on it.
    expect(dialog).to_be_visible(timeout=OPENS_WITHIN_MS)
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_focused()
    expect(error).to_be_hidden()
    expect(error).to_have_text("")
