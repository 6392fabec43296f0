"""What the decision engine returns.

`Outcome` is what a single rule decides; `Evaluation` is the full answer the engine gives,
in the shape of the HTTP contract (domain spec section 4).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

Recommendation: TypeAlias = Literal[
    "share", "do_not_share", "seek_advice", "seek_consent", "incomplete"
]
Basis: TypeAlias = Literal[
    "legal_duty", "not_personal_data", "not_confidential", "consent", "public_interest"
]
JSONValue: TypeAlias = str | bool | list[str] | None

RECOMMENDATIONS: tuple[Recommendation, ...] = (
    "share",
    "do_not_share",
    "seek_advice",
    "seek_consent",
    "incomplete",
)
BASES: tuple[Basis, ...] = (
    "legal_duty",
    "not_personal_data",
    "not_confidential",
    "consent",
    "public_interest",
)


@dataclass(frozen=True)
class Outcome:
    """The decision of one rule, before the edition-wide additions (checklist, alerts)."""

    rule: str
    recommendation: Recommendation
    explanation: str
    basis: Basis | None = None
    advice_on: str | None = None
    next_question: str | None = None


@dataclass(frozen=True)
class Evaluation:
    """The engine's answer for one set of answers (domain spec sections 3 and 4).

    `checklist` is non-empty only when `recommendation` is "share". `next_question` is set
    only when `recommendation` is "incomplete"; `advice_on` only when it is "seek_advice".
    """

    recommendation: Recommendation
    basis: Basis | None
    next_question: str | None
    advice_on: str | None
    safeguarding_alert: bool
    checklist: tuple[str, ...]
    explanation: str

    def as_dict(self) -> dict[str, JSONValue]:
        """The JSON body of `POST /api/v1/decision-support/evaluate`."""
        return {
            "recommendation": self.recommendation,
            "basis": self.basis,
            "next_question": self.next_question,
            "advice_on": self.advice_on,
            "safeguarding_alert": self.safeguarding_alert,
            "checklist": list(self.checklist),
            "explanation": self.explanation,
        }
