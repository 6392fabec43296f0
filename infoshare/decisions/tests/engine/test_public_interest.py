"""Rule 8: without consent, the public interest decides."""

import pytest

from infoshare.decisions.engine import evaluate, get_edition

EDITION = get_edition("hmg-2008")
CONFIDENTIAL = {"purpose": "yes", "legal_duty": "no", "identifiable": "yes", "confidential": "yes"}
WITHOUT_CONSENT = [
    {"consent": "refused"},
    *(
        {"consent": "not_sought", "consent_not_sought_reason": reason}
        for reason in sorted(EDITION.valid_consent_not_sought_reasons)
    ),
]


def test_refused_consent_with_public_interest_recommends_share() -> None:
    result = evaluate({**CONFIDENTIAL, "consent": "refused", "public_interest": "yes"})

    assert result.recommendation == "share"
    assert result.basis == "public_interest"
    assert result.checklist == EDITION.checklist
    assert EDITION.question("public_interest").text in result.explanation


def test_refused_consent_without_public_interest_recommends_do_not_share() -> None:
    result = evaluate({**CONFIDENTIAL, "consent": "refused", "public_interest": "no"})

    assert result.recommendation == "do_not_share"
    assert result.basis is None
    assert result.checklist == ()


@pytest.mark.parametrize("consent", WITHOUT_CONSENT)
def test_sufficient_public_interest_overrides_lack_of_consent(consent: dict[str, str]) -> None:
    result = evaluate({**CONFIDENTIAL, **consent, "public_interest": "yes"})

    assert (result.recommendation, result.basis) == ("share", "public_interest")


@pytest.mark.parametrize("consent", WITHOUT_CONSENT)
def test_insufficient_public_interest_respects_lack_of_consent(consent: dict[str, str]) -> None:
    result = evaluate({**CONFIDENTIAL, **consent, "public_interest": "no"})

    assert result.recommendation == "do_not_share"


def test_public_interest_is_not_weighed_before_consent_is_answered() -> None:
    result = evaluate({**CONFIDENTIAL, "public_interest": "yes"})

    assert result.recommendation == "incomplete"
    assert result.next_question == "consent"
