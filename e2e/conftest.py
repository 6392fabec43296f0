"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's
live server. No browser is downloaded: `apt-get install chromium` provides it.

Without /usr/bin/chromium the tests skip, unless INFOSHARE_E2E_REQUIRED=1 (CI), when they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told that this is deliberate.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
MISSING_CHROMIUM = "Debian Chromium not found at /usr/bin/chromium: apt-get install chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Generous: CI shares two cores with the rest of the suite.
TIMEOUT_MS = 15_000
NAVIGATION_TIMEOUT_MS = 30_000
# Content Security Policy violations that are known and harmless (none: the layout tells
# htmx not to add its inline indicator styles). Any other violation fails the test.
KNOWN_CSP_HASHES: tuple[str, ...] = ()


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("INFOSHARE_E2E_REQUIRED") == "1":
        pytest.fail(MISSING_CHROMIUM, pytrace=False)
    pytest.skip(MISSING_CHROMIUM)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    _require_chromium()
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    from django.db import connections

    # Playwright's sync API runs the tests in a context of its own, with its own set of
    # Django's connections. Close each set as its context is left; a connection left open
    # in either makes PostgreSQL refuse to drop the test database at the end.
    connections.close_all()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
        connections.close_all()


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Used TOTP codes and rate-limit counters live in the (shared, in-process) cache, and
    ids restart after each transactional flush: start every test with an empty cache."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def csp_violations() -> list[str]:
    return []


def open_tab(browser: Any, base_url: str, csp_violations: list[str]) -> tuple[Any, Any]:
    """A fresh browser context (no cookies) whose relative URLs go to ``base_url``, and a tab
    in it whose console's Content Security Policy violations go to ``csp_violations``."""
    context = browser.new_context(base_url=base_url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    tab = context.new_page()

    def on_console(message: Any) -> None:
        text = message.text
        if "Content Security Policy" in text and not any(h in text for h in KNOWN_CSP_HASHES):
            csp_violations.append(text)

    tab.on("console", on_console)
    return context, tab


@pytest.fixture
def page(browser: Any, live_server: Any, csp_violations: list[str]) -> Iterator[Any]:
    """A tab for the live server. Content Security Policy stays on, and any violation the
    console reports fails the test."""
    context, tab = open_tab(browser, live_server.url, csp_violations)
    yield tab
    context.close()
    assert not csp_violations, "Content Security Policy violations:\n" + "\n".join(csp_violations)


@pytest.fixture
def demo_people(transactional_db: Any) -> Any:
    """The demo partnership (DEMO_PASSWORD, DEMO_TOTP_SECRET for everyone)."""
    from infoshare.partnerships.demo import load_demo

    return load_demo()
