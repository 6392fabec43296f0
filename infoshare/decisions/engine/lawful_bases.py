"""The lawful bases a practitioner records with a decision (domain spec section 5).

Data only, plus `likely_bases`, which puts the options the answers point to first. The
practitioner still chooses: this orders the list, it does not decide. It also says which
bases the answers rule out (consent that was refused, say: `LikelyBases.conflicts`) and
which Schedule 1 condition an Article 9 condition needs (`schedule_1_problem`) and what
the kinds of information shared need (`information_problems`), for the bases page and for
finalising.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from infoshare.decisions.content import CATEGORY_LABELS


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


def _sch1(part: int, para: int, label: str, note: str = "") -> LawfulBasis:
    reference = f"Data Protection Act 2018 Schedule 1 Part {part} paragraph {para}"
    return LawfulBasis(f"sch1_p{part}_{para}", reference, label, note)


#: Part 3 conditions meet Article 10 only (Data Protection Act 2018 section 10(5)), never
#: what an Article 9 condition needs (section 10(2) and (3)).
_ARTICLE_10_ONLY = "For criminal offence data (Article 10) only."


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
    _sch1(3, 29, "Consent", _ARTICLE_10_ONLY),
    _sch1(3, 30, "Protecting individual's vital interests", _ARTICLE_10_ONLY),
    _sch1(
        3,
        36,
        "Extension of conditions in Part 2 referring to substantial public interest",
        _ARTICLE_10_ONLY,
    ),
)

SPECIAL_CATEGORY_NOTE = (
    "Special category data includes information about health, ethnicity, religion and sex "
    "life. Sharing it needs an Article 9(2) condition as well as an Article 6(1) basis."
)
ARTICLE_10_NOTE = (
    "Criminal offence data (UK GDPR Article 10) may be shared only under official authority "
    "(Article 6(1)(e) public task) or where a condition in Data Protection Act 2018 "
    "Schedule 1 is met."
)

#: The kinds of information shared (``decisions.content``) that are special category data
#: (UK GDPR Article 9(1)), and criminal offence data (Article 10: shared under official
#: authority, recorded as Article 6(1)(e), or with a Schedule 1 condition of any Part:
#: Data Protection Act 2018 section 10(5)).
SPECIAL_CATEGORY_INFORMATION = frozenset({"health"})
CRIMINAL_OFFENCE_INFORMATION = frozenset({"offending"})
OFFICIAL_AUTHORITY = "art6_1_e"
CRIMINAL_OFFENCE_NEEDS_CONDITION = (
    "Criminal offence data needs official authority (Article 6(1)(e)) "
    "or a Schedule 1 condition (Article 10)"
)


def information_problems(
    categories: Iterable[str],
    *,
    special_category: bool,
    article6: Iterable[str],
    schedule1: Iterable[str],
) -> dict[str, str]:
    """What the kinds of information shared need that the bases chosen do not give, by
    field: special category data needs the box ticked (and so an Article 9 condition),
    criminal offence data official authority or a Schedule 1 condition. For personal data
    only: the caller asks only when the information identifies a living person."""
    kinds = [kind for kind in CATEGORY_LABELS if kind in set(categories)]
    problems: dict[str, str] = {}
    special = [kind for kind in kinds if kind in SPECIAL_CATEGORY_INFORMATION]
    if special and not special_category:
        problems["special_category"] = (
            f"{CATEGORY_LABELS[special[0]]} is special category data: "
            "select an Article 9 condition for it"
        )
    offending = CRIMINAL_OFFENCE_INFORMATION.intersection(kinds)
    if offending and OFFICIAL_AUTHORITY not in set(article6) and not list(schedule1):
        problems["schedule1"] = CRIMINAL_OFFENCE_NEEDS_CONDITION
    return problems


# The Schedule 1 condition each Article 9(2) condition needs (Data Protection Act 2018
# section 10(2) and (3)): the conditions that meet it, and what to say when none is chosen.
_PART_2 = tuple(basis.code for basis in SCHEDULE_1 if basis.code.startswith("sch1_p2_"))
_SCHEDULE_1_NEEDED: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        "art9_2_b",
        ("sch1_p1_1",),
        "Employment, social security and social protection needs Schedule 1 Part 1 paragraph 1",
    ),
    ("art9_2_g", _PART_2, "Substantial public interest needs a Schedule 1 Part 2 condition"),
    ("art9_2_h", ("sch1_p1_2",), "Health or social care needs Schedule 1 Part 1 paragraph 2"),
    ("art9_2_i", ("sch1_p1_3",), "Public health needs Schedule 1 Part 1 paragraph 3"),
)


def schedule_1_problem(article9: Iterable[str], schedule1: Iterable[str]) -> str:
    """What to say when an Article 9(2) condition chosen lacks the Schedule 1 condition it
    needs (the first such, in the order of the list); empty when none does."""
    chosen, conditions = set(article9), set(schedule1)
    for code, meets, message in _SCHEDULE_1_NEEDED:
        if code in chosen and not conditions.intersection(meets):
            return message
    return ""


_CONSENT_SAID = {
    "refused": "you said consent has been refused",
    "not_sought": "you said consent has not been sought",
    "not_sure": "you said you are not sure whether you have consent",
}


def _ruled_out(answers: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """The bases the answers contradict, each with the answer that rules it out. A
    practitioner may rely on a basis the answers do not point to, but not on consent that
    was not given, a legal requirement they said there is not, or "not confidential" for
    information they said is confidential. The public interest is never ruled out: it is
    the practitioner's judgement on the facts, and a share against the recommendation (its
    reason for departing recorded) must still be recordable, with some gateway open."""
    ruled: list[tuple[str, str]] = []
    if answers.get("consent") != "given":
        said = _CONSENT_SAID.get(
            answers.get("consent", ""), "your answers do not say consent has been given"
        )
        ruled += [(code, said) for code in ("consent", "art6_1_a", "art9_2_a")]
    if answers.get("legal_duty") == "no":
        ruled.append(
            (
                "legal_requirement",
                "you said no statutory duty or court order requires the information to be shared",
            )
        )
    if answers.get("confidential") == "yes":
        ruled.append(("not_confidential", "you said the information is confidential"))
    return tuple(ruled)


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
    #: The bases the answers rule out, each with why (``_ruled_out``).
    ruled_out: tuple[tuple[str, str], ...] = ()

    def is_likely(self, code: str) -> bool:
        return code in self.likely

    def why_ruled_out(self, code: str) -> str:
        """Why the answers rule the basis out ("you said consent has been refused"), or
        empty when they do not."""
        return dict(self.ruled_out).get(code, "")

    def conflicts(
        self, gateway: str, article6: Iterable[str], article9: Iterable[str]
    ) -> dict[str, str]:
        """For each field (gateway, article6, article9) holding a basis the answers rule
        out, what to say: the first such basis of the field, in the order of its list."""
        found: dict[str, str] = {}
        for field, chosen, options, kind in (
            ("gateway", {gateway}, GATEWAYS, "a gateway"),
            ("article6", set(article6), ARTICLE_6, "an Article 6 basis"),
            ("article9", set(article9), ARTICLE_9, "an Article 9 condition"),
        ):
            for basis in options:
                why = self.why_ruled_out(basis.code) if basis.code in chosen else ""
                if why:
                    found[field] = f"Choose {kind} other than “{basis.label}”: {why}"
                    break
        return found


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
        ruled_out=_ruled_out(answers),
    )
