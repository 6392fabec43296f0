"""The lawful bases a practitioner records with a decision (domain spec section 5).

Data only, plus `likely_bases`, which puts the options the answers point to first. The
practitioner still chooses: this orders the list, it does not decide.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class LawfulBasis:
    code: str
    reference: str
    label: str
    note: str = ""


def _gateway(code: str, label: str, note: str = "") -> LawfulBasis:
    return LawfulBasis(code, "Common-law duty of confidence", label, note)


def _art6(letter: str, label: str, note: str = "") -> LawfulBasis:
    return LawfulBasis(f"art6_1_{letter}", f"UK GDPR Article 6(1)({letter})", label, note)


def _art9(letter: str, label: str, note: str = "") -> LawfulBasis:
    return LawfulBasis(f"art9_2_{letter}", f"UK GDPR Article 9(2)({letter})", label, note)


def _sch1(part: int, para: int, label: str) -> LawfulBasis:
    reference = f"Data Protection Act 2018 Schedule 1 Part {part} paragraph {para}"
    return LawfulBasis(f"sch1_p{part}_{para}", reference, label)


GATEWAYS = (
    _gateway("consent", "Consent"),
    _gateway("public_interest", "Public interest", "Judged on the facts of the case."),
    _gateway("legal_requirement", "Legal requirement", "A statutory duty or a court order."),
    _gateway("not_confidential", "Not confidential"),
)

ARTICLE_6 = (
    _art6("a", "Consent"),
    _art6("b", "Contract"),
    _art6("c", "Legal obligation"),
    _art6("d", "Vital interests"),
    _art6("e", "Public task"),
    _art6(
        "f",
        "Legitimate interests",
        "Not available to public authorities for processing in performance of their tasks.",
    ),
)

ARTICLE_9 = (
    _art9("a", "Explicit consent"),
    _art9(
        "b",
        "Employment, social security and social protection",
        "Needs Schedule 1 Part 1 paragraph 1.",
    ),
    _art9(
        "c",
        "Vital interests",
        "Where the person is physically or legally incapable of giving consent.",
    ),
    _art9("g", "Substantial public interest", "Needs a Schedule 1 Part 2 condition."),
    _art9("h", "Health or social care", "Needs Schedule 1 Part 1 paragraph 2."),
    _art9("i", "Public health", "Needs Schedule 1 Part 1 paragraph 3."),
)

SCHEDULE_1 = (
    _sch1(1, 1, "Employment, social security and social protection"),
    _sch1(1, 2, "Health or social care purposes"),
    _sch1(1, 3, "Public health"),
    _sch1(2, 6, "Statutory and government purposes"),
    _sch1(2, 7, "Administration of justice and parliamentary purposes"),
    _sch1(2, 10, "Preventing or detecting unlawful acts"),
    _sch1(2, 18, "Safeguarding of children and of individuals at risk"),
)

SPECIAL_CATEGORY_NOTE = (
    "Special category data includes information about health, ethnicity, religion and sex "
    "life. Sharing it needs an Article 9(2) condition as well as an Article 6(1) basis."
)
ARTICLE_10_NOTE = (
    "Criminal offence data (UK GDPR Article 10) may be shared only under official authority "
    "or where a condition in Data Protection Act 2018 Schedule 1 is met."
)

# Answers that point to particular bases, in priority order: safety first (golden rule 5).
_SUGGESTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "risk_of_significant_harm",
        "yes",
        ("art6_1_d", "art6_1_e", "art9_2_c", "art9_2_g", "sch1_p2_18"),
    ),
    ("legal_duty", "yes", ("legal_requirement", "art6_1_c")),
    ("confidential", "no", ("not_confidential",)),
    ("consent", "given", ("consent", "art6_1_a", "art6_1_e", "art9_2_a")),
    ("public_interest", "yes", ("public_interest", "art6_1_e", "art9_2_g", "sch1_p2_18")),
)


@dataclass(frozen=True)
class LikelyBases:
    """Each group of bases, with those the answers point to first (in `likely`)."""

    gateways: tuple[LawfulBasis, ...]
    article_6: tuple[LawfulBasis, ...]
    article_9: tuple[LawfulBasis, ...]
    schedule_1: tuple[LawfulBasis, ...]
    likely: tuple[str, ...]
    personal_data: bool

    def is_likely(self, code: str) -> bool:
        return code in self.likely


def _likely_first(
    options: tuple[LawfulBasis, ...], likely: tuple[str, ...]
) -> tuple[LawfulBasis, ...]:
    rank = {code: position for position, code in enumerate(likely)}
    return tuple(sorted(options, key=lambda basis: rank.get(basis.code, len(rank))))


def likely_bases(answers: Mapping[str, str]) -> LikelyBases:
    """All bases, ordered so that those the answers point to come first.

    A risk of significant harm points first to vital interests, public task, substantial
    public interest and the safeguarding condition; then a legal duty, confidentiality,
    consent and public interest answers add their own. When the information does not
    identify a living person, `personal_data` is False and the UK GDPR bases are not needed.
    """
    likely: list[str] = []
    for key, value, codes in _SUGGESTIONS:
        if answers.get(key) == value:
            likely.extend(code for code in codes if code not in likely)
    ordered = tuple(likely)
    return LikelyBases(
        gateways=_likely_first(GATEWAYS, ordered),
        article_6=_likely_first(ARTICLE_6, ordered),
        article_9=_likely_first(ARTICLE_9, ordered),
        schedule_1=_likely_first(SCHEDULE_1, ordered),
        likely=ordered,
        personal_data=answers.get("identifiable") != "no",
    )
