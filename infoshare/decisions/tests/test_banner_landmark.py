"""The safeguarding banner is the first thing in the page's main landmark, where "Skip to
main content" and landmark navigation reach it (GOV.UK notification banner guidance)."""

from __future__ import annotations

from typing import Any

from infoshare.decisions.tests.test_flow import question


def test_the_safeguarding_banner_opens_the_main_landmark(
    signed_in_practitioner: Any, draft: Any
) -> None:
    signed_in_practitioner.post(question(draft, "risk_of_significant_harm"), {"answer": "yes"})
    body = signed_in_practitioner.get(question(draft, "purpose")).content.decode()
    main = body[body.index('<main class="govuk-main-wrapper" id="main-content">') :]
    assert main.index("app-safeguarding-banner") < main.index("<h1")
    assert "app-safeguarding-banner" not in body[: body.index("<main")]


def test_the_banner_speaks_of_adults_at_risk_too(signed_in_practitioner: Any, draft: Any) -> None:
    """The question asks about a child at risk of significant harm or an adult at risk of
    serious harm: the banner answers the same question."""
    signed_in_practitioner.post(question(draft, "risk_of_significant_harm"), {"answer": "yes"})
    body = signed_in_practitioner.get(question(draft, "purpose")).content.decode()
    assert (
        "A child may be at risk of significant harm, or an adult at risk of serious harm." in body
    )
