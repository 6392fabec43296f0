"""The rows of a decision record, for the finalise page, the record page and exports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format

from infoshare.decisions import engine, flow
from infoshare.decisions.content import CATEGORY_LABELS
from infoshare.decisions.engine import Edition, Evaluation
from infoshare.decisions.engine.lawful_bases import ARTICLE_6, ARTICLE_9, GATEWAYS, SCHEDULE_1
from infoshare.decisions.engine.rules import answered_by
from infoshare.decisions.models import (
    Direction,
    Method,
    Outcome,
    Person,
    SharingDecision,
    Status,
    Told,
)
from infoshare.decisions.models.decision import outcome_departs
from infoshare.decisions.selectors.people import sees_identifiers
from infoshare.decisions.selectors.scope import RECORDING_ROLES, orgs_where

BASIS_LABELS = {
    b.code: f"{b.reference}: {b.label}" for b in (*GATEWAYS, *ARTICLE_6, *ARTICLE_9, *SCHEDULE_1)
}
DIRECTION_SUMMARY: dict[str, str] = {
    Direction.SHARING_OUT: "Sharing information",
    Direction.REQUEST_RECEIVED: "Responding to a request for information",
}
RECOMMENDATION_LABELS = {
    "share": "Share",
    "do_not_share": "Do not share",
    "seek_advice": "Seek advice",
    "seek_consent": "Seek consent",
    "incomplete": "Not yet complete",
}


#: What each key question's Change link changes, for people using a screen reader
#: ("Change whether the information is confidential"), by question key.
QUESTION_CHANGES = {
    "risk_of_significant_harm": "whether a child or adult is at risk of harm",
    "purpose": "whether there is a clear and legitimate purpose for sharing",
    "legal_duty": "whether a statutory duty or court order requires sharing",
    "identifiable": "whether the information identifies a living person",
    "confidential": "whether the information is confidential",
    "consent": "whether you have consent to share",
    "consent_not_sought_reason": "why consent has not been sought",
    "public_interest": "whether there is sufficient public interest to share without consent",
    "appropriate_and_secure": "whether you are sharing appropriately and securely",
}
#: The same for the other rows of the record, by the row's label.
ROW_CHANGES = {
    "People the information is about": "the people the information is about",
    "Sharing or asked": "whether you are sharing or were asked",
    "Purpose": "the purpose",
    "What you decided": "what you decided",
    "Reasons for the decision": "the reasons for the decision",
    "Why it differs from the recommendation": "why your decision differs from the recommendation",
    "Common-law gateway": "the common-law gateway",
    "Article 6 basis": "the Article 6 basis",
    "Article 9 condition": "the Article 9 condition",
    "Schedule 1 condition": "the Schedule 1 condition",
    "Kinds of information": "the kinds of information shared",
    "Information shared": "the description of the information shared",
    "Facts": "the facts",
    "Opinion": "the opinion",
    "How it was shared": "how it was shared",
    "Date shared": "the date it was shared",
    "Was the person told": "whether the person was told",
    "Why the person was not told": "why the person was not told",
    "Advice from outside Infoshare": "the advice you got outside Infoshare",
}
#: The row of advice got outside Infoshare (who gave it and what they advised).
ADVICE_ELSEWHERE_ROW = "Advice from outside Infoshare"


def sees_advice(viewer: Any, decision: SharingDecision) -> bool:
    """Whether ``viewer`` may see the advice on a record, asked through Infoshare or got
    outside it: advice is internal to the recording organisation, so only its staff see it
    (the rule of ``selectors.advice.advice_shown_for``), never a receiving organisation."""
    return viewer is not None and decision.organisation_id in orgs_where(viewer, RECORDING_ROLES)


def advice_elsewhere_text(decision: SharingDecision) -> str:
    """Advice got outside Infoshare in words: "<who> advised: <what>"; empty without."""
    said = decision.advice_elsewhere_said
    who = decision.advice_elsewhere_from
    if who and said:
        return f"{who} advised: {said}"
    return who or said


RECIPIENT_HEADINGS: dict[str, tuple[str, str]] = {
    Direction.REQUEST_RECEIVED: ("Who asked for the information", "who asked for the information"),
}
SHARING_WITH = ("Receiving organisation or person", "who you are sharing with")
#: A decision not to share names whom the information would have gone to.
NOT_SHARED_WITH = ("Who you decided not to share with", "who you decided not to share with")

#: The rows as the author reads them (the flow's words, "What you decided") and as anyone
#: else does, on the record's page or in its PDF (read later, perhaps by an information
#: governance lead): never "you", which would mean the reader.
OUTCOME_ROW = "What you decided"
OUTCOME_ROW_FOR_OTHERS = "What was decided"
NOT_SHARED_WITH_FOR_OTHERS = "Who it was decided not to share with"
#: The key questions whose wording speaks to the practitioner answering ("Do you have
#: consent to share?"), as the record asks them of anyone else reading it, by question key.
#: Any other question is given as the edition words it.
QUESTIONS_FOR_OTHERS = {
    "purpose": "Is there a clear and legitimate purpose to share the information?",
    "consent": "Is there consent to share?",
    "appropriate_and_secure": "Is the information being shared appropriately and securely?",
}


#: The key question whose "No" leaves sharing recommended (the guidance's rules) but asks
#: the practitioner to put things right before sharing.
APPROPRIATE_AND_SECURE = "appropriate_and_secure"


@dataclass(frozen=True)
class SecurityCaution:
    """What to put right before sharing, when the practitioner answered "No" to the
    appropriate-and-secure question: its wording (the edition's) and the guidance's
    checklist (the engine's evaluation carries it whenever sharing is recommended)."""

    question: str
    checklist: tuple[str, ...]


def security_caution(
    answers: Mapping[str, str], edition: Edition, result: Evaluation, *, for_author: bool = True
) -> SecurityCaution | None:
    """The caution for the recommendation page and the record, or None. Its question is
    the one the record's rows give: as the author was asked it, or (``for_author=False``)
    as anyone else reads it (``QUESTIONS_FOR_OTHERS``)."""
    asked = any(question.key == APPROPRIATE_AND_SECURE for question in edition.questions)
    if not asked or answers.get(APPROPRIATE_AND_SECURE) != "no" or not result.checklist:
        return None
    question = edition.question(APPROPRIATE_AND_SECURE).text
    if not for_author:
        question = QUESTIONS_FOR_OTHERS.get(APPROPRIATE_AND_SECURE, question)
    return SecurityCaution(question=question, checklist=result.checklist)


def change_text(edition: Edition, key: str) -> str:
    """The visually hidden end of a key question's Change link."""
    return QUESTION_CHANGES.get(key) or f"your answer to {edition.quote(key)}"


def recipient_heading(decision: SharingDecision, *, for_author: bool = True) -> tuple[str, str]:
    """(the row's label, its Change link's end) for who receives the information or, for
    a request, who asked for it; on a decision not to share, whom it would have gone to
    (worded for the author, or ``for_author=False`` for anyone else)."""
    if decision.direction in RECIPIENT_HEADINGS:
        return RECIPIENT_HEADINGS[decision.direction]
    if decision.outcome != Outcome.NOT_SHARED:
        return SHARING_WITH
    return NOT_SHARED_WITH if for_author else (NOT_SHARED_WITH_FOR_OTHERS, NOT_SHARED_WITH[1])


def explanation_for(
    decision: SharingDecision, explanation: str, *, author_reading: bool, author_left: bool = False
) -> str:
    """The recommendation's explanation (``engine.evaluate``) as the record's page shows
    it: to its author as the flow worded it ("You answered ..."); to anyone else naming who
    answered ("Tom Hughes answered ..."), who may share first when someone is at risk (only
    the author can complete the record) and who is to work through the checklist. The
    guidance it gives besides ("If you are in any doubt, seek advice") is the guidance's,
    to whoever shares. ``author_left``: a draft whose author has left
    (``services.author_has_left``, as the safeguarding banner says): they cannot complete
    the record, so it does not say that they can; the safeguarding action still comes first."""
    if author_reading:
        return explanation
    who = str(decision.author)
    edition = engine.get_edition(decision.edition)
    for key in decision.answers:
        yours = answered_by(decision.answers, edition, key)
        if explanation.startswith(yours):
            named = answered_by(decision.answers, edition, key, who)
            explanation = named + explanation[len(yours) :]
            break
    if decision.is_draft:
        share_first = (
            "Information can be shared now to protect someone, but "
            f"{who} no longer records for your organisation, so they cannot complete the record."
            if author_left
            else f"{who} can share now and complete the record afterwards."
        )
        checklist = (
            f"Before sharing, {who} should work through the checklist so that the "
            "information is shared appropriately and securely."
        )
    else:
        share_first = f"{who} could share first and complete the record afterwards."
        checklist = (
            f"Before sharing, {who} was to work through the checklist so that the "
            "information was shared appropriately and securely."
        )
    return explanation.replace(engine.SHARE_NOW, share_first).replace(
        engine.NOT_YET_SECURE, checklist
    )


#: The list's wording for the other party of a record, by what happened (the outcome).
OTHER_PARTY_BY_OUTCOME: dict[str, str] = {
    Outcome.SHARED: "Shared with {}",
    Outcome.SHARED_IN_PART: "Shared with {}",
    Outcome.NOT_SHARED: "Not shared with {}",
}


def other_party(direction: str, outcome: str, party: str) -> str:
    """Who else a record concerns, in words true of every record (a list's cell): for a
    request, who asked, as the record page labels that row (``recipient_heading``);
    otherwise whom it was shared with, or not, or (undecided) whom the author is
    considering sharing with. Empty when nobody is named yet."""
    if not party:
        return ""
    if direction == Direction.REQUEST_RECEIVED:
        return f"Asked by {party}"
    return OTHER_PARTY_BY_OUTCOME.get(outcome, "Considering sharing with {}").format(party)


def compare_rows(
    rows: list[dict[str, Any]], earlier: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[str]]:
    """The rows of a version (``record_rows``), each with ``changed`` when its value differs
    from the earlier version's row of the same label (a row the earlier version did not
    have counts as empty there), and the labels of the earlier version's rows with
    something in them that this version no longer has."""
    before = {row["label"]: row["value"] for row in earlier}
    labels = {row["label"] for row in rows}
    marked = [row | {"changed": before.get(row["label"], "") != row["value"]} for row in rows]
    removed = [row["label"] for row in earlier if row["value"] and row["label"] not in labels]
    return marked, removed


def shows_departure_reason(decision: SharingDecision) -> bool:
    """The reason for departing is shown only while the outcome departs from the
    recommendation: the one stored with a final record, or a draft's current one."""
    if not decision.departure_reason:
        return False
    recommendation: str
    if decision.status == Status.DRAFT:
        recommendation = engine.evaluate(decision.answers, decision.edition).recommendation
        if recommendation == "incomplete":
            return True
    else:
        recommendation = decision.recommendation
    return outcome_departs(recommendation, decision.outcome)


def choice_label(choices: type, value: str) -> str:
    """The label of a stored choice ("Secure email" for "secure_email"); empty for none."""
    return str(dict(choices.choices).get(value, value)) if value else ""  # type: ignore[attr-defined]


def record_rows(
    decision: SharingDecision,
    *,
    viewer: Any,
    editable: bool = False,
    author_reading: bool = False,
    subject: Person | None = None,
    advice_elsewhere: bool | None = None,
) -> list[dict[str, str]]:
    """(label, value, change link) for every part of the record that has something in it,
    or that is still needed, as ``viewer`` may see it: a person's date of birth only to
    the staff of the organisation that recorded them (``sees_identifiers``; a receiving
    organisation sees names, as on the person's page and in the API). With a ``subject``
    (a subject access bundle), only the subject's date of birth is given: other people
    are named only.

    The labels speak to the author ("What you decided", the questions as the flow asked
    them) only on the author's pages: ``editable`` (their finalise page) or
    ``author_reading`` (their record's page). Anywhere else, a PDF included, they are
    worded for whoever reads them.

    Advice got outside Infoshare is given, as the advice asked through it is, only to the
    recording organisation's staff (``sees_advice``), or as ``advice_elsewhere`` says (a
    subject access bundle, which has no viewer); on the author's finalise page its row is
    there even when empty, with its Change link, as the question is optional."""
    shared = decision.outcome != Outcome.NOT_SHARED
    edition = engine.get_edition(decision.edition)
    for_author = editable or author_reading

    def href(step: str) -> str:
        if not editable:
            return ""
        # Back to the summary; a changed key question goes by "check your answers", the
        # recommendation (which it may change) and the outcome on the way (flow.step_after).
        return flow.step_url(decision, step, return_to="finalise")

    people = ", ".join(
        f"{p.full_name}"
        + (
            f" (born {date_format(p.date_of_birth, 'j F Y')})"
            if p.date_of_birth
            and (
                p.pk == subject.pk
                if subject is not None
                else viewer is not None and sees_identifiers(viewer, p)
            )
            else ""
        )
        for p in decision.people.all()
    )
    recipient, recipient_change = recipient_heading(decision, for_author=for_author)
    changes = dict(ROW_CHANGES) | {recipient: recipient_change}
    rows = [
        ("People the information is about", people, "people"),
        ("Sharing or asked", DIRECTION_SUMMARY.get(decision.direction, ""), "recipient"),
        (recipient, decision.recipient_label, "recipient"),
        ("Purpose", decision.purpose, "purpose"),
    ]
    for key in flow.questions_in_play(decision):
        if key in decision.answers:
            label = edition.question(key).text
            if not for_author:
                label = QUESTIONS_FOR_OTHERS.get(key, label)
            changes[label] = change_text(edition, key)
            rows.append((label, edition.label(key, decision.answers[key]), flow.question_step(key)))
    outcome_row = OUTCOME_ROW if for_author else OUTCOME_ROW_FOR_OTHERS
    rows.append((outcome_row, choice_label(Outcome, decision.outcome), "outcome"))
    rows.append(("Reasons for the decision", decision.reasons, "outcome"))
    if shows_departure_reason(decision):
        rows.append(
            ("Why it differs from the recommendation", decision.departure_reason, "outcome")
        )
    if shared:
        rows += [
            ("Common-law gateway", BASIS_LABELS.get(decision.gateway, ""), "bases"),
            ("Article 6 basis", "; ".join(BASIS_LABELS[c] for c in decision.article6), "bases"),
        ]
        if decision.special_category or decision.article9:
            rows.append(
                (
                    "Article 9 condition",
                    "; ".join(BASIS_LABELS[c] for c in decision.article9),
                    "bases",
                )
            )
        if decision.schedule1:
            rows.append(
                (
                    "Schedule 1 condition",
                    "; ".join(BASIS_LABELS[c] for c in decision.schedule1),
                    "bases",
                )
            )
        rows += [
            (
                "Kinds of information",
                ", ".join(CATEGORY_LABELS[c] for c in decision.information_categories),
                "information",
            ),
            ("Information shared", decision.information_description, "information"),
            ("Facts", decision.facts, "information"),
            ("Opinion", decision.opinion, "information"),
            (
                "How it was shared",
                ": ".join(
                    part
                    for part in (choice_label(Method, decision.method), decision.method_detail)
                    if part
                ),
                "sharing",
            ),
            (
                "Date shared",
                date_format(decision.shared_on, "j F Y") if decision.shared_on else "",
                "sharing",
            ),
            ("Was the person told", choice_label(Told, decision.person_told), "told"),
        ]
        if decision.reason_not_told:
            rows.append(("Why the person was not told", decision.reason_not_told, "told"))
    # Last, beside the advice asked through Infoshare, which the pages show after the rows.
    shows_advice = sees_advice(viewer, decision) if advice_elsewhere is None else advice_elsewhere
    given = advice_elsewhere_text(decision)
    if shows_advice and (given or editable):
        rows.append((ADVICE_ELSEWHERE_ROW, given or ("None" if editable else ""), "outcome"))
    return [
        {"label": label, "value": value, "href": href(step), "change": changes.get(label, label)}
        for label, value, step in rows
    ]


BASIS_NAMES = {
    "legal_duty": "Legal duty",
    "not_personal_data": "Not personal data",
    "not_confidential": "Not confidential",
    "consent": "Consent",
    "public_interest": "Public interest",
}
