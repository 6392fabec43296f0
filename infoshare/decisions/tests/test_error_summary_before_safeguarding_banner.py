"""GOV.UK: the error summary goes at the top of the main content. On an urgent draft the
safeguarding banner opens the main landmark too, so the summary comes first: with
JavaScript off nothing moves focus, and a screen reader or keyboard user must meet "There
is a problem" before the banner."""

from __future__ import annotations

from typing import Any

from infoshare.decisions.tests.factories import answer_questions
from infoshare.decisions.tests.test_flow import main_of, url

SUMMARY = 'class="govuk-error-summary"'
BANNER = "app-safeguarding-banner"


def outcome_sent_empty(client: Any, draft: Any, risk: str) -> str:
    answer_questions(draft, {"risk_of_significant_harm": risk})
    response = client.post(url("outcome", draft), {})
    assert response.status_code == 400
    return main_of(response.content.decode())


def test_on_an_urgent_draft_the_error_summary_comes_before_the_safeguarding_banner(
    signed_in_practitioner: Any, draft: Any
) -> None:
    main = outcome_sent_empty(signed_in_practitioner, draft, "yes")
    assert main.count(SUMMARY) == 1
    assert main.count(BANNER) == 1
    assert main.index(SUMMARY) < main.index(BANNER) < main.index("<h1")
    # Still GOV.UK Frontend's ErrorSummary, which moves focus to it when JavaScript runs.
    assert 'data-module="govuk-error-summary"' in main[main.index(SUMMARY) - 20 :]
    assert "There is a problem" in main[: main.index(BANNER)]


def test_on_a_draft_that_is_not_urgent_the_error_summary_still_opens_the_page(
    signed_in_practitioner: Any, draft: Any
) -> None:
    main = outcome_sent_empty(signed_in_practitioner, draft, "no")
    assert BANNER not in main
    assert main.count(SUMMARY) == 1
    assert main.index(SUMMARY) < main.index("govuk-caption-m") < main.index("<h1")
    # As wide as the page's column, as before.
    column = main.rindex("govuk-grid-column-two-thirds", 0, main.index(SUMMARY))
    assert main.index("govuk-grid-row") < column


def test_without_errors_no_summary_is_shown(signed_in_practitioner: Any, draft: Any) -> None:
    answer_questions(draft, {"risk_of_significant_harm": "yes"})
    main = main_of(signed_in_practitioner.get(url("outcome", draft)).content.decode())
    assert SUMMARY not in main
    assert main.index(BANNER) < main.index("<h1")
