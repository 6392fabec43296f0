"""The accessibility statement has the sections of GOV.UK's model statement: compliance
status in the required words, the known non-compliance, how and when it was tested, a
contact that works, the enforcement procedure with its links, and the idle sign-out."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.urls import reverse


def _statement(client: Any) -> tuple[str, str]:
    """The page's markup, and its main content as text (tags out, spaces collapsed)."""
    page = client.get(reverse("core:accessibility")).content.decode()
    main = page.split('<main class="govuk-main-wrapper"', 1)[1].split("</main>", 1)[0]
    text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))
    return main, re.sub(r" ([.,:)])", r"\1", text)


@pytest.fixture
def statement(client: Any, db: Any) -> tuple[str, str]:
    return _statement(client)


def _headings(markup: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r"<h[23][^>]*>([^<]+)</h[23]>", markup)]


def test_it_has_the_model_statements_sections(statement: tuple[str, str]) -> None:
    headings = _headings(statement[0])
    for section in (
        "How accessible this service is",
        "Feedback and contact information",
        "Reporting accessibility problems with this service",
        "Enforcement procedure",
        "Technical information about this service's accessibility",
        "Compliance status",
        "Non-accessible content",
        "Non-compliance with the accessibility regulations",
        "What we're doing to improve accessibility",
        "Preparation of this accessibility statement",
    ):
        assert section in headings, section


def test_it_gives_the_compliance_status_in_the_required_words(
    statement: tuple[str, str],
) -> None:
    _, text = statement
    assert (
        "This website is partially compliant with the Web Content Accessibility Guidelines "
        "version 2.2 AA standard, due to the non-compliance listed below." in text
    )


def test_it_names_the_known_non_compliance_and_the_alternative(
    statement: tuple[str, str],
) -> None:
    _, text = statement
    assert "map of agreements between organisations" in text
    assert "about 5 pixels high" in text
    assert "1.4.4 (Resize text)" in text
    assert "The table below the diagram gives the same information in full" in text


def test_it_says_when_it_was_prepared_and_how_the_service_was_tested(
    statement: tuple[str, str],
) -> None:
    _, text = statement
    assert re.search(r"This statement was prepared on \d{1,2} \w+ \d{4}\.", text)
    assert re.search(r"It was last reviewed on \d{1,2} \w+ \d{4}\.", text)
    assert "This service was last tested in" in text
    assert "axe-core" in text
    assert "320 pixels wide" in text
    assert "with a keyboard only" in text
    assert "increased spacing between letters, words and lines" in text
    assert "error summaries" in text
    # What was not done is said too.
    assert "We have not yet tested the service with screen readers" in text


def test_the_enforcement_bodies_are_linked(statement: tuple[str, str]) -> None:
    markup, _ = statement
    assert re.search(
        r'<a class="govuk-link" href="https://www\.equalityhumanrights\.com/">'
        r"Equality and Human Rights Commission \(EHRC\)</a>",
        markup,
    )
    assert re.search(
        r'<a class="govuk-link" href="https://www\.equalityadvisoryservice\.com/">'
        r"contact the Equality Advisory and Support Service \(EASS\)</a>",
        markup,
    )


def test_it_explains_the_idle_sign_out_and_the_warning(statement: tuple[str, str]) -> None:
    _, text = statement
    assert "if you have not done anything in the service for 30 minutes" in text
    assert "2 minutes before this happens" in text
    assert "“Stay signed in”" in text
    assert "if you do not use JavaScript, you are not warned" in text
    assert "then you can check what you typed and save it" in text


def test_the_idle_times_follow_the_settings(client: Any, db: Any, settings: Any) -> None:
    settings.SESSION_IDLE_SECONDS = 10 * 60
    settings.SESSION_TIMEOUT_WARNING_SECONDS = 90
    _, text = _statement(client)
    assert "for 10 minutes" in text
    assert "1 minute and 30 seconds before this happens" in text


def test_the_contact_is_the_configured_email_address(client: Any, db: Any, settings: Any) -> None:
    settings.ACCESSIBILITY_CONTACT_EMAIL = "accessibility@partnership.example"
    markup, text = _statement(client)
    link = (
        '<a class="govuk-link" href="mailto:accessibility@partnership.example">'
        "accessibility@partnership.example</a>"
    )
    assert markup.count(link) == 2  # different formats, and reporting problems
    assert "information sharing advisor" not in text


def test_without_an_address_it_says_to_ask_the_information_sharing_advisor(
    client: Any, db: Any, settings: Any
) -> None:
    settings.ACCESSIBILITY_CONTACT_EMAIL = ""
    markup, text = _statement(client)
    assert "mailto:" not in markup
    assert "tell your organisation's information sharing advisor" in text
