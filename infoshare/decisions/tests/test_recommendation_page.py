"""The recommendation page: "seek advice" leads with asking for it; the practitioner may
still record what they decided (professional judgement comes first)."""

from __future__ import annotations

import re
from typing import Any

from infoshare.decisions.tests.test_flow import main_of, question, url


def buttons(body: str) -> list[tuple[str, str]]:
    """(class, text) of each button-styled link, in order."""
    return [
        (classes, text)
        for classes, text in re.findall(
            r'<a href="[^"]*" role="button" draggable="false" class="([^"]*)"[^>]*>([^<]*)</a>',
            body,
        )
    ]


def test_seek_advice_leads_with_asking_and_still_lets_the_practitioner_decide(
    signed_in_practitioner: Any, draft: Any
) -> None:
    signed_in_practitioner.post(question(draft, "risk_of_significant_harm"), {"answer": "no"})
    signed_in_practitioner.post(question(draft, "purpose"), {"answer": "not_sure"})
    body = main_of(signed_in_practitioner.get(url("recommendation", draft)).content.decode())
    assert buttons(body) == [
        ("govuk-button", "Ask for advice"),
        ("govuk-button govuk-button--secondary", "Record what you decided"),
    ]
    assert "If you must act now, or have had advice, record what you decided." in body


def test_any_other_recommendation_goes_on_to_record_the_decision(
    signed_in_practitioner: Any, draft: Any
) -> None:
    for key, value in {
        "risk_of_significant_harm": "no",
        "purpose": "yes",
        "legal_duty": "yes",
        "appropriate_and_secure": "yes",
    }.items():
        signed_in_practitioner.post(question(draft, key), {"answer": value})
    body = main_of(signed_in_practitioner.get(url("recommendation", draft)).content.decode())
    assert buttons(body) == [("govuk-button", "Record what you decided")]
