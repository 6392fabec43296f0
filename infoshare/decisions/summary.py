"""The rows of a decision record, for the finalise page, the record page and exports."""

from __future__ import annotations

from django.utils.formats import date_format

from infoshare.decisions import engine, flow
from infoshare.decisions.content import CATEGORY_LABELS
from infoshare.decisions.engine.lawful_bases import ARTICLE_6, ARTICLE_9, GATEWAYS, SCHEDULE_1
from infoshare.decisions.models import Direction, Method, Outcome, SharingDecision, Told

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


def _label(choices: type, value: str) -> str:
    return str(dict(choices.choices).get(value, value)) if value else ""  # type: ignore[attr-defined]


def record_rows(decision: SharingDecision, *, editable: bool = False) -> list[dict[str, str]]:
    """(label, value, change link) for every part of the record that has something in it,
    or that is still needed."""
    shared = decision.outcome != Outcome.NOT_SHARED
    edition = engine.get_edition(decision.edition)

    def href(step: str) -> str:
        if not editable:
            return ""
        # Back to the summary; a changed key question goes by "check your answers", the
        # recommendation (which it may change) and the outcome on the way (flow.step_after).
        return flow.step_url(decision, step, return_to="finalise")

    people = ", ".join(
        f"{p.full_name}"
        + (f" (born {date_format(p.date_of_birth, 'j F Y')})" if p.date_of_birth else "")
        for p in decision.people.all()
    )
    rows = [
        ("People the information is about", people, "people"),
        ("Sharing or asked", DIRECTION_SUMMARY.get(decision.direction, ""), "recipient"),
        ("Receiving organisation or person", decision.recipient_label, "recipient"),
        ("Purpose", decision.purpose, "purpose"),
    ]
    for key in flow.questions_in_play(decision):
        if key in decision.answers:
            rows.append(
                (
                    edition.question(key).text,
                    edition.label(key, decision.answers[key]),
                    flow.question_step(key),
                )
            )
    rows.append(("What you decided", _label(Outcome, decision.outcome), "outcome"))
    rows.append(("Reasons for the decision", decision.reasons, "outcome"))
    if decision.departure_reason:
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
                    for part in (_label(Method, decision.method), decision.method_detail)
                    if part
                ),
                "sharing",
            ),
            (
                "Date shared",
                date_format(decision.shared_on, "j F Y") if decision.shared_on else "",
                "sharing",
            ),
            ("Was the person told", _label(Told, decision.person_told), "told"),
        ]
        if decision.reason_not_told:
            rows.append(("Why the person was not told", decision.reason_not_told, "told"))
    return [{"label": label, "value": value, "href": href(step)} for label, value, step in rows]


BASIS_NAMES = {
    "legal_duty": "Legal duty",
    "not_personal_data": "Not personal data",
    "not_confidential": "Not confidential",
    "consent": "Consent",
    "public_interest": "Public interest",
}
