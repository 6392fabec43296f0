"""Helpers for the staff journeys and the organisation pages' axe checks: people with a
role, a second browser for someone else, the invitation link from the sent email, setting
up an authenticator app and writing staff import files."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from playwright.sync_api import expect

from e2e.conftest import open_tab
from e2e.helpers import CODE_LABEL, HOME, totp_code
from infoshare.partnerships.tests.factories import MembershipFactory, UserFactory

STAFF_CSV_HEADER = ("name", "email", "organisation_identifier", "role", "team")
LINK = re.compile(r"https?://\S+")


def person_with_role(role: str, organisation: Any, **user_kwargs: Any) -> Any:
    """A person (password TEST_PASSWORD, authenticator TEST_TOTP_SECRET) with one role."""
    person = UserFactory(**user_kwargs)
    MembershipFactory(person=person, organisation=organisation, role=role)
    return person


@contextmanager
def other_browser(browser: Any, base_url: str, csp_violations: list[str]) -> Iterator[Any]:
    """A tab in a new browser context (no cookies: another person on another computer),
    reporting Content Security Policy violations like the ``page`` fixture does."""
    context, tab = open_tab(browser, base_url, csp_violations)
    try:
        yield tab
    finally:
        context.close()


def link_in_email(outbox: Sequence[Any], to: str) -> str:
    """The path of the only link in the one email sent to ``to`` (the site address in the
    email is settings.SITE_URL, not the live server's)."""
    sent = [message for message in outbox if to in message.to]
    assert len(sent) == 1, [(message.to, message.subject) for message in outbox]
    links = LINK.findall(sent[0].body)
    assert len(links) == 1, sent[0].body
    return urlparse(links[0]).path


def set_up_authenticator_app(page: Any, password: str) -> None:
    """From "Set up two-factor authentication": reads the secret shown for people who
    cannot scan the QR code, enters a code, saves the recovery codes, reaches home."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor authentication")
    page.get_by_role("button", name="Set up an authenticator app").click()
    # allauth asks for the password again before any change to how a person signs in.
    if page.get_by_role("heading", level=1, name="Confirm it is you").is_visible():
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    page.get_by_text("If you cannot scan the QR code").click()
    secret = (page.locator("#authenticator_secret").text_content() or "").strip()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret), secret
    page.get_by_label(CODE_LABEL).fill(totp_code(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    page.get_by_role("button", name="I have saved my codes: continue").click()
    expect(page).to_have_url(HOME)


def write_staff_csv(folder: Path, name: str, rows: Sequence[Sequence[str]]) -> Path:
    """A UTF-8 staff import file with the header row (values must not need quoting)."""
    lines = [",".join(STAFF_CSV_HEADER), *(",".join(row) for row in rows)]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
