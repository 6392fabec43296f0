"""A record as printed from the browser: the service's chrome goes, the protective marking
and who printed it come, and no link prints its address inside the service."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from e2e.helpers import sign_in
from e2e.test_reflow import demo  # noqa: F401 (the fixture)
from infoshare.partnerships.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AFTER_JS = """(selector) => [...document.querySelectorAll(selector)].map(
    (link) => getComputedStyle(link, '::after').content)"""


def test_a_printed_record_is_marked_and_prints_no_service_addresses(
    page: Any,
    demo: dict[str, int],  # noqa: F811
) -> None:
    sign_in(page, "practitioner@demo.example", DEMO_PASSWORD, DEMO_TOTP_SECRET)
    page.goto(reverse("decisions:decision_detail", kwargs={"decision_id": demo["final"]}))
    page.emulate_media(media="print")
    assert not page.locator(".govuk-header").is_visible()
    marking = page.locator(".app-print-only").first
    assert marking.is_visible()
    assert marking.inner_text().startswith("Official \N{EN DASH} sensitive.")
    # The history's link to the amendment (an address inside the service) prints as text.
    contents = page.evaluate(AFTER_JS, 'main a[href^="/"]')
    assert contents
    assert set(contents) == {"none"}
    page.emulate_media(media="screen")
    assert not page.locator(".app-print-only").first.is_visible()
