"""Versioned guidance content ("editions") as data.

An edition holds the question set in order, the golden rules, the appropriate-and-secure
checklist and the sequence of recommendation rules. A later edition (for example the
2018 or 2024 advice) is added by building another `Edition` and registering it; the flow
pages read whatever the edition holds and need no change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from infoshare.decisions.engine import rules
from infoshare.decisions.engine.result import Outcome

DEFAULT_EDITION = "hmg-2008"

Rule = Callable[[Mapping[str, str], "Edition"], Outcome | None]
Fallback = Callable[[Mapping[str, str], "Edition"], Outcome]
AskedWhen = Callable[[Mapping[str, str], "Edition"], bool]


class UnknownEditionError(LookupError):
    """No edition is registered under the code asked for."""

    def __init__(self, code: str) -> None:
        super().__init__(f"Unknown edition '{code}'")
        self.code = code


UnknownEdition = UnknownEditionError  # the name the engine's callers use


@dataclass(frozen=True)
class AnswerOption:
    value: str
    label: str


@dataclass(frozen=True)
class Question:
    """One question of an edition.

    `asked_when` says, from the answers so far, whether the flow asks this question. A
    `flag` question (risk of significant harm) may be answered at any point and is never
    offered as the next question.
    """

    key: str
    text: str
    hint: str
    answers: tuple[AnswerOption, ...]
    asked_when: AskedWhen
    flag: bool = False
    #: The error when the question is left unanswered, GOV.UK style, naming the question
    #: ("Select yes if ..."); an edition without one gets ``missing_message``'s default.
    missing: str = ""

    @property
    def missing_message(self) -> str:
        return self.missing or f"Select an answer to “{self.text}”"

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(option.value for option in self.answers)

    def label(self, value: str) -> str:
        return next(option.label for option in self.answers if option.value == value)


@dataclass(frozen=True)
class GoldenRule:
    title: str
    text: str


@dataclass(frozen=True)
class Edition:
    code: str
    title: str
    published: str
    questions: tuple[Question, ...]
    golden_rules: tuple[GoldenRule, ...]
    checklist: tuple[str, ...]
    valid_consent_not_sought_reasons: frozenset[str]
    rules: tuple[Rule, ...]
    fallback: Fallback

    @property
    def key_questions(self) -> tuple[Question, ...]:
        """The questions the flow asks one per page, in order (flags excluded)."""
        return tuple(question for question in self.questions if not question.flag)

    def question(self, key: str) -> Question:
        return next(question for question in self.questions if question.key == key)

    def label(self, key: str, value: str) -> str:
        return self.question(key).label(value)

    def quote(self, key: str) -> str:
        return f'"{self.question(key).text}"'

    def first_unanswered(self, answers: Mapping[str, str]) -> Question | None:
        """The first key question, in order, that is asked and not yet answered."""
        for question in self.key_questions:
            if question.key not in answers and question.asked_when(answers, self):
                return question
        return None


EDITIONS: dict[str, Edition] = {}


def register_edition(edition: Edition) -> Edition:
    """Make an edition available by its code. Codes are never reused for other content."""
    if edition.code in EDITIONS and EDITIONS[edition.code] is not edition:
        raise ValueError(f"Edition '{edition.code}' is already registered")
    EDITIONS[edition.code] = edition
    return edition


def get_edition(code: str) -> Edition:
    try:
        return EDITIONS[code]
    except KeyError:
        raise UnknownEditionError(code) from None


# When each question is asked. Each predicate reads only earlier answers, so an answer
# never stops its own question being asked.


def always(answers: Mapping[str, str], edition: Edition) -> bool:
    return True


def purpose_not_ruled_out(answers: Mapping[str, str], edition: Edition) -> bool:
    return answers.get("purpose") != "no"


def no_legal_duty_established(answers: Mapping[str, str], edition: Edition) -> bool:
    return purpose_not_ruled_out(answers, edition) and answers.get("legal_duty") != "yes"


def may_identify_a_person(answers: Mapping[str, str], edition: Edition) -> bool:
    return no_legal_duty_established(answers, edition) and answers.get("identifiable") != "no"


def may_be_confidential(answers: Mapping[str, str], edition: Edition) -> bool:
    return may_identify_a_person(answers, edition) and answers.get("confidential") != "no"


def consent_not_sought(answers: Mapping[str, str], edition: Edition) -> bool:
    return may_be_confidential(answers, edition) and answers.get("consent") == "not_sought"


def sharing_without_consent(answers: Mapping[str, str], edition: Edition) -> bool:
    if not may_be_confidential(answers, edition):
        return False
    consent = answers.get("consent")
    reason = answers.get("consent_not_sought_reason")
    return consent == "refused" or (
        consent == "not_sought" and reason in edition.valid_consent_not_sought_reasons
    )


def sharing_is_recommended(answers: Mapping[str, str], edition: Edition) -> bool:
    outcome = rules.first_outcome(answers, edition)
    return outcome is not None and outcome.recommendation == "share"


# The 2008 edition: HM Government, Information Sharing: Guidance for practitioners and
# managers. Question wording follows the guidance; hints and rule summaries are ours.

YES_NO_NOT_SURE = (
    AnswerOption("yes", "Yes"),
    AnswerOption("no", "No"),
    AnswerOption("not_sure", "Not sure"),
)

HMG_2008 = register_edition(
    Edition(
        code=DEFAULT_EDITION,
        title="Information Sharing: Guidance for practitioners and managers",
        published="2008",
        questions=(
            Question(
                key="risk_of_significant_harm",
                text=(
                    "Is a child at risk of significant harm, or an adult at risk of serious harm?"
                ),
                hint=(
                    "If so, or if you are not sure, follow your local safeguarding "
                    "procedures without delay: do not wait for advice. To share information "
                    "now to protect someone, answer yes: you can complete this record "
                    "afterwards."
                ),
                answers=YES_NO_NOT_SURE,
                asked_when=always,
                flag=True,
                missing=(
                    "Select yes if a child is at risk of significant harm, or an adult at "
                    "risk of serious harm"
                ),
            ),
            Question(
                key="purpose",
                text=(
                    "Is there a clear and legitimate purpose for you or your agency to "
                    "share the information?"
                ),
                hint=(
                    "Think about why you want to share and what it will achieve, for "
                    "example keeping someone safe or getting them the support they need."
                ),
                answers=YES_NO_NOT_SURE,
                asked_when=always,
                missing=(
                    "Select yes if there is a clear and legitimate purpose to share the information"
                ),
            ),
            Question(
                key="legal_duty",
                text=(
                    "Is there a statutory duty or a court order that requires the "
                    "information to be shared?"
                ),
                hint=(
                    "Some laws and court orders require information to be shared. If one "
                    "applies, you must share what it requires."
                ),
                answers=YES_NO_NOT_SURE,
                asked_when=purpose_not_ruled_out,
                missing=(
                    "Select yes if a statutory duty or court order requires the information to be shared"
                ),
            ),
            Question(
                key="identifiable",
                text="Does the information enable a living person to be identified?",
                hint=(
                    "It does if someone could work out who it is about, from the "
                    "information alone or together with other information they have."
                ),
                answers=YES_NO_NOT_SURE,
                asked_when=no_legal_duty_established,
                missing="Select yes if the information enables a living person to be identified",
            ),
            Question(
                key="confidential",
                text="Is the information confidential?",
                hint=(
                    "Information is usually confidential if it was given in confidence and "
                    "is not already public. Not all personal information is confidential."
                ),
                answers=YES_NO_NOT_SURE,
                asked_when=may_identify_a_person,
                missing="Select yes if the information is confidential",
            ),
            Question(
                key="consent",
                text="Do you have consent to share?",
                hint=(
                    "Consent must be informed and freely given: the person understands what "
                    "will be shared, with whom and why. Consent for one purpose does not "
                    "cover another."
                ),
                answers=(
                    AnswerOption("given", "Yes, consent has been given"),
                    AnswerOption("refused", "No, consent has been refused"),
                    AnswerOption("not_sought", "Consent has not been sought"),
                    AnswerOption("not_sure", "Not sure"),
                ),
                asked_when=may_be_confidential,
                missing="Select whether you have consent to share",
            ),
            Question(
                key="consent_not_sought_reason",
                text="Why has consent not been sought?",
                hint=(
                    "You need not seek consent if doing so would put someone at greater "
                    "risk of harm, prejudice work on serious crime, or cause undue delay in "
                    "enquiries about significant harm."
                ),
                answers=(
                    AnswerOption(
                        "increase_risk_of_harm",
                        "Seeking it would place a child at increased risk of significant "
                        "harm, or an adult at risk of serious harm",
                    ),
                    AnswerOption(
                        "prejudice_crime_prevention",
                        "Seeking it would prejudice the prevention, detection or "
                        "prosecution of serious crime",
                    ),
                    AnswerOption(
                        "undue_delay",
                        "Seeking it would cause undue delay in making enquiries about "
                        "allegations of significant harm",
                    ),
                    AnswerOption("cannot_be_obtained", "Consent cannot be obtained"),
                    AnswerOption("other", "Another reason"),
                ),
                asked_when=consent_not_sought,
                missing="Select why consent has not been sought",
            ),
            Question(
                key="public_interest",
                text="Is there sufficient public interest to share without consent?",
                hint=(
                    "Weigh the harm that not sharing could cause against the harm sharing "
                    "could cause, on the facts of this case, and record your reasons."
                ),
                answers=YES_NO_NOT_SURE,
                asked_when=sharing_without_consent,
                missing=(
                    "Select yes if there is sufficient public interest to share without consent"
                ),
            ),
            Question(
                key="appropriate_and_secure",
                text="Are you sharing appropriately and securely?",
                hint="Answer yes only if you can do everything on the checklist before you share.",
                answers=YES_NO_NOT_SURE,
                asked_when=sharing_is_recommended,
                missing="Select yes if you are sharing appropriately and securely",
            ),
        ),
        golden_rules=(
            GoldenRule(
                "Data protection law is a framework, not a barrier",
                "The Data Protection Act does not stop you sharing. It sets out how to "
                "share personal information about living people properly.",
            ),
            GoldenRule(
                "Be open and honest",
                "From the start, tell the person (and their family where appropriate) why, "
                "what, how and with whom their information will or could be shared, and ask "
                "whether they consent, unless that would be unsafe or inappropriate.",
            ),
            GoldenRule(
                "Seek advice if in any doubt",
                "If you are unsure, ask a supervisor, manager, your organisation's "
                "nominated advisor or a professional body. Where you can, do not reveal "
                "who the person is.",
            ),
            GoldenRule(
                "Share with consent where appropriate",
                "Where it is appropriate, share with consent, and where you can, respect "
                "the wishes of someone who does not consent to confidential information "
                "being shared. The public interest, judged on the facts of the case, can "
                "still justify sharing without consent.",
            ),
            GoldenRule(
                "Consider safety and well-being",
                "Base your decision on the safety and well-being of the person and of "
                "anyone else who may be affected by it.",
            ),
            GoldenRule(
                "Necessary, proportionate, relevant, accurate, timely and secure",
                "Share only what is needed for the purpose, only with those who need it, "
                "accurately and up to date, in good time and by a secure method.",
            ),
            GoldenRule(
                "Keep a record",
                "Record your decision and your reasons, whether or not you share. If you "
                "share, record what you shared, with whom and for what purpose.",
            ),
        ),
        checklist=(
            "Share only the information that is necessary for the purpose.",
            "Make clear what is fact and what is opinion.",
            "Check that the information is accurate and up to date.",
            "Give it to the right person.",
            "Share it in a timely way.",
            "Use a secure method to share it.",
            "Tell the person it has been shared, if they were not aware and telling them "
            "would not create or increase a risk of harm.",
        ),
        valid_consent_not_sought_reasons=frozenset(
            {
                "increase_risk_of_harm",
                "prejudice_crime_prevention",
                "undue_delay",
                "cannot_be_obtained",
            }
        ),
        rules=(
            rules.agreement_is_never_a_precondition,
            rules.seek_advice_if_in_any_doubt,
            rules.no_legitimate_purpose_do_not_share,
            rules.legal_duty_requires_sharing,
            rules.not_personal_data_can_be_shared,
            rules.not_confidential_can_be_shared,
            rules.share_with_consent,
            rules.seek_consent_unless_there_is_a_reason_not_to,
            rules.public_interest_can_override_lack_of_consent,
        ),
        fallback=rules.otherwise_incomplete,
    )
)
