"""The recommendation rules, one named function per rule (domain spec section 3).

Each rule takes the answers given so far and the edition they answer, and returns an
`Outcome` when it applies or `None` when it does not. An edition lists its rules in order
and the first that applies wins (`first_outcome`); when none applies the edition's
fallback, `otherwise_incomplete`, names the next question to ask.

Citations are to HM Government, *Information Sharing: Guidance for practitioners and
managers* (2008): its seven golden rules and its seven key questions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from infoshare.decisions.engine.result import Outcome

if TYPE_CHECKING:
    from infoshare.decisions.engine.editions import Edition

NOT_SURE = "not_sure"

_ADVISORS = (
    "your supervisor or manager, your organisation's nominated advisor, or a professional body"
)


def answered_by(answers: Mapping[str, str], edition: Edition, key: str, who: str = "You") -> str:
    """The opening of an explanation: the question quoted, and the answer ``who`` gave.

    The rules word it for the person answering ("You answered"). A record read by anyone
    else names who answered instead ("Tom Hughes answered"): it opens with this same text
    for the author, so ``summary.explanation_for`` can put the name in its place.
    """
    label = edition.label(key, answers[key])
    return f'{edition.quote(key)} {who} answered "{label}".'


def _you_answered(answers: Mapping[str, str], edition: Edition, key: str) -> str:
    return answered_by(answers, edition, key)


def agreement_is_never_a_precondition(answers: Mapping[str, str], edition: Edition) -> None:
    """Agreements and protocols are never a precondition for sharing.

    Golden rule 1: data protection law "is not a barrier to sharing; it is a framework for
    sharing". The embedding toolkit asks for confidence in professional judgement "rather
    than reliance on protocols". So the lack of an information-sharing agreement or
    protocol is never a reason not to share. This rule therefore never decides anything:
    no question asks about agreements, no other rule looks at them, and an `agreement`
    answer is rejected as an unknown question rather than quietly weighed.
    """


def seek_advice_if_in_any_doubt(answers: Mapping[str, str], edition: Edition) -> Outcome | None:
    """Rule 1: any answer is "not sure" -> seek advice, naming the question.

    Golden rule 3: "Seek advice if in any doubt, without disclosing the identity of the
    person where possible." The question named is the first answered "not sure" in the
    edition's question order; an answer counts even if a later answer made it moot, because
    the practitioner has said they are in doubt.
    """
    for question in edition.questions:
        if answers.get(question.key) == NOT_SURE:
            return Outcome(
                rule="seek_advice_if_in_any_doubt",
                recommendation="seek_advice",
                advice_on=question.key,
                explanation=(
                    f"{_you_answered(answers, edition, question.key)} If you are in any doubt, "
                    f"seek advice from {_ADVISORS}, without revealing who the person is "
                    "where you can."
                ),
            )
    return None


def no_legitimate_purpose_do_not_share(
    answers: Mapping[str, str], edition: Edition
) -> Outcome | None:
    """Rule 2: no clear and legitimate purpose -> do not share.

    Key question 1: "Is there a clear and legitimate purpose for you or your agency to
    share the information?" Without one, the information should not be shared.
    """
    if answers.get("purpose") != "no":
        return None
    return Outcome(
        rule="no_legitimate_purpose_do_not_share",
        recommendation="do_not_share",
        explanation=(
            f"{_you_answered(answers, edition, 'purpose')} Without a clear and legitimate "
            "purpose, do not share the information. Record your decision and your reasons."
        ),
    )


def legal_duty_requires_sharing(answers: Mapping[str, str], edition: Edition) -> Outcome | None:
    """Rule 3: a statutory duty or court order requires sharing -> share (basis: legal duty).

    Asked with key question 1: where a statutory duty or a court order requires the
    information to be shared, it must be shared, whatever the person's wishes.
    """
    if answers.get("legal_duty") != "yes":
        return None
    return Outcome(
        rule="legal_duty_requires_sharing",
        recommendation="share",
        basis="legal_duty",
        explanation=(
            f"{_you_answered(answers, edition, 'legal_duty')} A statutory duty or court "
            "order requires the information to be shared, so share what it requires."
        ),
    )


def not_personal_data_can_be_shared(answers: Mapping[str, str], edition: Edition) -> Outcome | None:
    """Rule 4: the information does not identify a living person -> share (not personal data).

    Key question 2: "Does the information enable a living person to be identified?" If not,
    it is not personal data, and the Data Protection Act does not restrict sharing it.
    """
    if answers.get("identifiable") != "no":
        return None
    return Outcome(
        rule="not_personal_data_can_be_shared",
        recommendation="share",
        basis="not_personal_data",
        explanation=(
            f"{_you_answered(answers, edition, 'identifiable')} Information that does not "
            "identify a living person is not personal data, so it can be shared."
        ),
    )


def not_confidential_can_be_shared(answers: Mapping[str, str], edition: Edition) -> Outcome | None:
    """Rule 5: the information is not confidential -> share (basis: not confidential).

    Key question 3: "Is the information confidential?" Information that is not confidential
    can be shared for a legitimate purpose without needing consent.
    """
    if answers.get("confidential") != "no":
        return None
    return Outcome(
        rule="not_confidential_can_be_shared",
        recommendation="share",
        basis="not_confidential",
        explanation=(
            f"{_you_answered(answers, edition, 'confidential')} Information that is not "
            "confidential can be shared for a legitimate purpose."
        ),
    )


def share_with_consent(answers: Mapping[str, str], edition: Edition) -> Outcome | None:
    """Rule 6: consent has been given -> share (basis: consent).

    Key question 4 and golden rule 4: "Share with consent where appropriate." Share in line
    with what the person understood and agreed would be shared.
    """
    if answers.get("consent") != "given":
        return None
    return Outcome(
        rule="share_with_consent",
        recommendation="share",
        basis="consent",
        explanation=(
            f"{_you_answered(answers, edition, 'consent')} Share in line with the consent "
            "the person gave: what, with whom and why."
        ),
    )


def seek_consent_unless_there_is_a_reason_not_to(
    answers: Mapping[str, str], edition: Edition
) -> Outcome | None:
    """Rule 7: consent not sought and no valid reason (other, or missing) -> seek consent.

    Golden rule 2: be open and honest with the person and seek their consent, unless that
    is unsafe or inappropriate. The guidance's reasons not to seek it are: it would place
    a child at increased risk of significant harm (or an adult at risk of serious harm),
    prejudice the prevention, detection or prosecution of serious crime, or cause undue
    delay in enquiries about significant harm. The edition lists which reasons are valid.
    """
    if answers.get("consent") != "not_sought":
        return None
    if answers.get("consent_not_sought_reason") in edition.valid_consent_not_sought_reasons:
        return None
    return Outcome(
        rule="seek_consent_unless_there_is_a_reason_not_to",
        recommendation="seek_consent",
        explanation=(
            f"{_you_answered(answers, edition, 'consent')} No valid reason has been given "
            "for not seeking consent. Be open and honest with the person about what you "
            "want to share, with whom and why, and ask for their consent, unless that would "
            "be unsafe or inappropriate."
        ),
    )


def public_interest_can_override_lack_of_consent(
    answers: Mapping[str, str], edition: Edition
) -> Outcome | None:
    """Rule 8: no consent (refused, or not sought for a valid reason) -> public interest decides.

    Key question 5 and golden rule 4: "Lack of consent can be overridden in the public
    interest", judged on the facts of the case. Sufficient public interest -> share (basis:
    public interest); not sufficient -> do not share, respecting the person's wishes.
    Until the public interest question is answered this rule does not apply.
    """
    consent = answers.get("consent")
    reason = answers.get("consent_not_sought_reason")
    without_consent = consent == "refused" or (
        consent == "not_sought" and reason in edition.valid_consent_not_sought_reasons
    )
    public_interest = answers.get("public_interest")
    if not without_consent or public_interest not in ("yes", "no"):
        return None
    answered = _you_answered(answers, edition, "public_interest")
    if public_interest == "yes":
        return Outcome(
            rule="public_interest_can_override_lack_of_consent",
            recommendation="share",
            basis="public_interest",
            explanation=(
                f"{answered} Lack of consent can be overridden in the public interest. "
                "Record the facts you weighed and why sharing is justified."
            ),
        )
    return Outcome(
        rule="public_interest_can_override_lack_of_consent",
        recommendation="do_not_share",
        explanation=(
            f"{answered} Without consent and without sufficient public interest, respect "
            "the person's wishes and do not share. Record your decision and your reasons."
        ),
    )


def otherwise_incomplete(answers: Mapping[str, str], edition: Edition) -> Outcome:
    """Rule 9: no rule applies yet -> incomplete, naming the next question to ask.

    The next question is the first in the edition's order that is asked, given the
    answers so far, and not yet answered.
    """
    question = edition.first_unanswered(answers)
    if question is None:
        explanation = "More answers are needed before a recommendation can be made."
        return Outcome(
            rule="otherwise_incomplete", recommendation="incomplete", explanation=explanation
        )
    return Outcome(
        rule="otherwise_incomplete",
        recommendation="incomplete",
        next_question=question.key,
        explanation=(
            "More answers are needed before a recommendation can be made. "
            f"The next question is {edition.quote(question.key)}"
        ),
    )


def first_outcome(answers: Mapping[str, str], edition: Edition) -> Outcome | None:
    """The outcome of the first of the edition's rules that applies, if any does."""
    for rule in edition.rules:
        outcome = rule(answers, edition)
        if outcome is not None:
            return outcome
    return None
