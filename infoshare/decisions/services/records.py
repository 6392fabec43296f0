"""Finalising, amending and countersigning decision records.

A final record never changes (architecture pattern 5). A correction is an amendment: a
new version, with a reason, that replaces the earlier one when it is finalised; the
earlier version is kept, marked superseded, and shown in the record's history.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from infoshare.audit.services import for_change, record
from infoshare.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from infoshare.core.roles import Role
from infoshare.decisions import engine, errors
from infoshare.decisions.audit import Action
from infoshare.decisions.engine.lawful_bases import (
    information_problems,
    likely_bases,
    schedule_1_problem,
)
from infoshare.decisions.models import Method, SharingDecision, Status, Told
from infoshare.decisions.models.decision import TEXT_MAX, outcome_departs
from infoshare.decisions.selectors.advice import advice_for
from infoshare.decisions.selectors.scope import RECORDING_ROLES, manages, orgs_where
from infoshare.decisions.services.drafts import (
    _locked_draft,
    apply_urgency,
    author_has_left,
    delete_draft,
)
from infoshare.decisions.text import has_visible, text_problem

#: The flow page where each finalising problem is put right.
PROBLEM_STEPS = {
    "people": "people",
    "recipient": "recipient",
    "purpose": "purpose",
    "answers": "check",
    "outcome": "outcome",
    "reasons": "outcome",
    "departure_reason": "outcome",
    "advice_elsewhere_from": "outcome",
    "advice_elsewhere_said": "outcome",
    "gateway": "bases",
    "article6": "bases",
    "special_category": "bases",
    "article9": "bases",
    "schedule1": "bases",
    "information_categories": "information",
    "information_description": "information",
    "method": "sharing",
    "method_detail": "sharing",
    "shared_on": "sharing",
    "person_told": "told",
    "reason_not_told": "told",
}


def finalise_problems(decision: SharingDecision) -> dict[str, str]:
    """What still has to be recorded before the record can be finalised (golden rule 7:
    record the decision and the reasons; if shared, what, with whom and why)."""
    problems: dict[str, str] = {}
    if not decision.people.exists():
        problems["people"] = "Add the person or people the information is about"
    if not decision.recipient_organisation_id and not has_visible(decision.external_recipient):
        problems["recipient"] = "Say who you are sharing with or who asked"
    if not has_visible(decision.purpose):
        problems["purpose"] = "Describe the purpose of sharing"
    answers = decision.answers
    next_key = engine.next_unanswered(answers, decision.edition)
    if next_key is not None:
        # Named: through the API the engine's own "next question" can be empty here (a
        # later "not sure" is kept while an earlier question is unanswered).
        text = engine.get_edition(decision.edition).question(next_key).text
        problems["answers"] = f"Answer the key questions: next, “{text}”"
    if not decision.outcome:
        problems["outcome"] = "Say whether you shared the information"
        return problems
    result = engine.evaluate(answers, decision.edition)
    if not has_visible(decision.reasons):
        problems["reasons"] = "Give your reasons for the decision"
    # While key questions are unanswered there is no recommendation yet to depart from.
    departs = "answers" not in problems and outcome_departs(result.recommendation, decision.outcome)
    if departs and not has_visible(decision.departure_reason):
        problems["departure_reason"] = (
            "Give the reason your decision differs from the recommendation"
        )
    problems |= advice_elsewhere_problems(decision)
    if not decision.shared:
        return problems
    personal_data = answers.get("identifiable") != "no"
    if not decision.gateway and personal_data:
        problems["gateway"] = "Select the common-law gateway you relied on"
    if personal_data and not decision.article6:
        problems["article6"] = "Select at least one UK GDPR Article 6 basis"
    if decision.special_category and not decision.article9:
        problems["article9"] = "Select an Article 9 condition for special category data"
    # Never a basis the answers rule out, such as consent that was refused: a final record
    # never changes, so it must not contradict itself.
    bases_ruled_out = likely_bases(answers).conflicts(
        decision.gateway, decision.article6, decision.article9
    )
    problems |= {field: text for field, text in bases_ruled_out.items() if field not in problems}
    # Special category and criminal offence data about a living person need their
    # conditions, and an Article 9 condition its Schedule 1 condition (said first). The
    # bases page checks the same (``BasesForm``).
    needs = (
        information_problems(
            decision.information_categories,
            special_category=decision.special_category,
            article6=decision.article6,
            schedule1=decision.schedule1,
        )
        if personal_data
        else {}
    )
    if needs_condition := schedule_1_problem(decision.article9, decision.schedule1):
        needs["schedule1"] = needs_condition
    problems |= {field: text for field, text in needs.items() if field not in problems}
    if not decision.information_categories:
        problems["information_categories"] = "Select the categories of information shared"
    if not has_visible(decision.information_description):
        problems["information_description"] = "Describe the information shared"
    if not decision.method:
        problems["method"] = "Select how you shared the information"
    elif decision.method == Method.OTHER and not has_visible(decision.method_detail):
        problems["method_detail"] = errors.OTHER_METHOD_MISSING
    if not decision.shared_on:
        problems["shared_on"] = "Enter the date you shared the information"
    if not decision.person_told:
        problems["person_told"] = "Say whether the person was told"
    elif decision.person_told == Told.NO and not has_visible(decision.reason_not_told):
        problems["reason_not_told"] = "Give the reason the person was not told"
    return problems


def advice_elsewhere_problems(decision: SharingDecision) -> dict[str, str]:
    """Advice got outside Infoshare is optional, but a record that gives it says both from
    whom and what was said (domain spec section 6): one without the other (a client of
    the API may send one) is not finalised."""
    given_from = has_visible(decision.advice_elsewhere_from)
    given_said = has_visible(decision.advice_elsewhere_said)
    if given_from and not given_said:
        return {"advice_elsewhere_said": "Enter what they advised"}
    if given_said and not given_from:
        return {"advice_elsewhere_from": "Enter who gave the advice"}
    return {}


#: Finalising a draft changed after its summary was shown (``finalise_decision(reviewed=)``).
DRAFT_CHANGED = "draft_changed"
DRAFT_CHANGED_MESSAGE = (
    "This draft was changed (in another tab or window) after you opened this page. "
    "Check the answers below, then finalise"
)


class DraftChanged(Conflict):
    """The draft is no longer what the practitioner reviewed before finalising (409)."""

    def __init__(self) -> None:
        super().__init__(DRAFT_CHANGED, DRAFT_CHANGED_MESSAGE)


def draft_revision(decision: SharingDecision) -> str:
    """Which state of the draft a page showed: every change to a draft moves its
    ``updated_at`` on (``services.drafts``), so this differs once anything is changed."""
    return str((decision.updated_at - _EPOCH) // dt.timedelta(microseconds=1))


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def digits_of(value: Any, count: int) -> str:
    """``count`` digits standing for ``value`` (its JSON digested), appended to a
    ``draft_revision`` to say what else a page showed: digits only, so a revision is never
    shown as something typed (``reviewed_revision``, ``views.page_revisions``)."""
    text = json.dumps(value, default=str, sort_keys=True)
    code = int(hashlib.sha256(text.encode()).hexdigest(), 16) % 10**count
    return f"{code:0{count}d}"


#: Finalising a draft whose advice (a question asked from it, a reply) is not what its
#: summary showed: advice that arrived meanwhile would be sealed into the record unread.
ADVICE_ARRIVED = "advice_arrived"
ADVICE_ARRIVED_MESSAGE = (
    "New advice has arrived since you checked this record: read it before you finalise"
)


class AdviceArrived(DraftChanged):
    """The advice kept with the record is not what the practitioner read (409)."""

    def __init__(self) -> None:
        Conflict.__init__(self, ADVICE_ARRIVED, ADVICE_ARRIVED_MESSAGE)


#: The digits at the end of ``reviewed_revision`` that stand for the advice shown.
ADVICE_DIGITS = 12


def reviewed_revision(decision: SharingDecision, advice: Sequence[Mapping[str, Any]]) -> str:
    """What the finalise summary showed, for ``finalise_decision(reviewed=)``: the draft's
    ``draft_revision`` followed by ``ADVICE_DIGITS`` digits standing for the advice shown
    with it (``selectors.advice.advice_shown_to``, which is what finalising keeps: each
    question asked from it and each reply), so that it differs once the draft changes or
    a question or reply arrives. Digits only, as it always was."""
    shown = [
        [
            item.get("asked_at"),
            item.get("question"),
            [[reply.get("at"), reply.get("text")] for reply in item.get("replies", [])],
        ]
        for item in advice
    ]
    return f"{draft_revision(decision)}{digits_of(shown, ADVICE_DIGITS)}"


def review_problem(
    reviewed: str, decision: SharingDecision, advice: Sequence[Mapping[str, Any]]
) -> DraftChanged | None:
    """Why the draft may not be finalised as ``reviewed`` (``reviewed_revision``) showed
    it: the draft changed since (`DraftChanged`), or, the draft as it was, the advice
    asked from it did (`AdviceArrived`); None when it is still what was shown."""
    if reviewed == reviewed_revision(decision, advice):
        return None
    if reviewed[:-ADVICE_DIGITS] == draft_revision(decision):
        return AdviceArrived()
    return DraftChanged()


def finalise_decision(
    *, actor: Any, decision_id: int, reviewed: str | None = None
) -> SharingDecision:
    """Makes the draft a final record: stores what the engine recommended, and from then
    on the record never changes. Finalising an amendment supersedes the earlier version.

    `reviewed`, from a page that showed the whole draft first (the finalise summary), is
    the ``reviewed_revision`` it showed: a draft changed since (in another tab, say) is
    not finalised (`DraftChanged`), nor one whose advice did (a reply, or a question,
    that arrived since: `AdviceArrived`), so that nothing is finalised that its author did
    not see. What a change set aside (``services.set_aside``) is dropped: it is never part
    of a record."""
    with transaction.atomic():
        decision = _locked_draft(actor, decision_id)
        problems = finalise_problems(decision)
        if problems:
            raise ValidationFailed(problems, "The record is not complete")
        # What the record keeps of the advice, as the summary shows it (``advice_shown_to``).
        advice = [*decision.advice_record, *advice_for(actor, decision.pk)]
        if reviewed is not None and (problem := review_problem(reviewed, decision, advice)):
            raise problem
        result = engine.evaluate(decision.answers, decision.edition)
        now = timezone.now()
        decision.recommendation = result.recommendation
        decision.basis = result.basis or ""
        decision.advice_on = result.advice_on or ""
        decision.safeguarding_alert = result.safeguarding_alert
        decision.consent_position = decision.answers.get("consent", "")
        decision.consent_not_sought_reason = decision.answers.get("consent_not_sought_reason", "")
        decision.advice_record = advice
        decision.set_aside_answers = {}
        decision.set_aside_details = {}
        decision.status = Status.FINAL
        decision.finalised_at = now
        decision.updated_at = now
        if decision.previous_id is not None:
            SharingDecision.objects.filter(pk=decision.previous_id).update(
                status=Status.SUPERSEDED, updated_at=now
            )
            record(
                action=Action.SUPERSEDED,
                actor=actor,
                organisation_id=decision.organisation_id,
                object_type=SharingDecision._meta.label,
                object_id=decision.previous_id,
                # The superseded version's reference and version, as the other events
                # about a record hold them (an amendment is the next version).
                data={
                    "reference": decision.reference,
                    "version": decision.version - 1,
                    "by_version": decision.version,
                },
            )
        decision.save()
        record(
            action=Action.FINALISED,
            actor=actor,
            organisation_id=decision.organisation_id,
            obj=decision,
            data={
                "reference": decision.reference,
                "version": decision.version,
                "recommendation": decision.recommendation,
                "outcome": decision.outcome,
                "urgent": decision.urgent,
            },
        )
    return decision


COPIED_FIELDS = (
    "organisation_id",
    "edition",
    "answers",
    "direction",
    "recipient_organisation_id",
    "recipient_name",
    "external_recipient",
    "purpose",
    "information_categories",
    "information_description",
    "facts",
    "opinion",
    "outcome",
    "reasons",
    "departure_reason",
    "gateway",
    "special_category",
    "article6",
    "article9",
    "schedule1",
    "person_told",
    "reason_not_told",
    "method",
    "method_detail",
    "shared_on",
    "advice_record",
    "advice_elsewhere_from",
    "advice_elsewhere_said",
)


def may_amend(actor: Any, decision: SharingDecision) -> bool:
    """Whether the actor may amend the record (whatever its status): a manager of its
    organisation, or its author while they still record for that organisation."""
    if decision.organisation_id in orgs_where(actor, frozenset({Role.MANAGER})):
        return True
    return decision.author_id == actor.pk and decision.organisation_id in orgs_where(
        actor, RECORDING_ROLES
    )


def amend_decision(*, actor: Any, decision_id: int, reason: str) -> tuple[SharingDecision, bool]:
    """Starts a correction of a final record: a new draft version holding the same
    content and the reason; returns (amendment, created). The record's author (while they
    still record for its organisation), or a manager of its organisation, may amend it; the
    final version stays in force until the amendment is finalised.

    Asked again while the actor's own amendment is in progress (a second press, a retry),
    it returns that amendment, unchanged and not created (nor audited) again; someone
    else's is a conflict, unless its author may no longer amend the record (they left the
    organisation): then it is withdrawn (audited) and the new one starts, so a leaver's
    amendment never stops the record being corrected."""
    problem = text_problem(
        reason, label="The reason for the amendment", max_length=TEXT_MAX, required=True
    )
    if problem:
        raise ValidationFailed({"reason": problem})
    with transaction.atomic():
        original = for_change(SharingDecision.objects).filter(pk=decision_id).first()
        if original is None or not may_amend(actor, original):
            raise NotFound()
        if original.status != Status.FINAL:
            raise Conflict(errors.NOT_FINAL, errors.NOT_FINAL_MESSAGE)
        in_progress = SharingDecision.objects.filter(previous=original).first()
        if in_progress is not None and in_progress.author_id == actor.pk:
            return in_progress, False
        if in_progress is not None and author_has_left(in_progress):
            _withdraw(actor, in_progress, why="author_left")
        elif in_progress is not None:
            raise Conflict(errors.AMENDMENT_IN_PROGRESS, errors.AMENDMENT_IN_PROGRESS_MESSAGE)
        now = timezone.now()
        amendment = SharingDecision(
            reference=original.reference,
            author=actor,
            version=original.version + 1,
            previous=original,
            amendment_reason=reason.strip(),
            draft_step="finalise",
            created_at=now,
            updated_at=now,
        )
        for field in COPIED_FIELDS:
            setattr(amendment, field, getattr(original, field))
        # Like any draft that says a child is at risk of significant harm, the amendment is
        # urgent, with the configured hours to finalise it.
        apply_urgency(amendment, now)
        amendment.save()
        amendment.people.set(original.people.all())
        record(
            action=Action.AMENDED,
            actor=actor,
            organisation_id=original.organisation_id,
            obj=amendment,
            data={"reference": original.reference, "version": amendment.version},
        )
    return amendment, True


def _withdraw(actor: Any, amendment: SharingDecision, *, why: str) -> None:
    delete_draft(
        actor,
        amendment,
        Action.AMENDMENT_WITHDRAWN,
        author_id=amendment.author_id,
        reason=amendment.amendment_reason,
        why=why,
    )


def withdraw_amendment(*, actor: Any, decision_id: int) -> SharingDecision:
    """A manager of the record's organisation deletes someone else's amendment in progress
    of the final record ``decision_id`` (so that it can be corrected again), returning the
    amendment withdrawn; audited with its author and reason. Its author deletes their own
    as any draft (``discard_draft``)."""
    with transaction.atomic():
        original = for_change(SharingDecision.objects).filter(pk=decision_id).first()
        if original is None or not manages(actor, original.organisation_id):
            raise NotFound()
        amendment = (
            for_change(SharingDecision.objects, of=("self",))
            .select_related("author")
            .filter(previous=original, status=Status.DRAFT)
            .exclude(author=actor)
            .first()
        )
        if amendment is None:
            raise Conflict(errors.NO_AMENDMENT_IN_PROGRESS, errors.NO_AMENDMENT_IN_PROGRESS_MESSAGE)
        _withdraw(actor, amendment, why="withdrawn_by_manager")
        _tell_author_withdrawn(actor, amendment, original)
    return amendment


def _tell_author_withdrawn(
    manager: Any, amendment: SharingDecision, original: SharingDecision
) -> None:
    """Emails the author of an amendment a manager deleted (once it is committed): their
    work is gone from their home page, and they should know why and by whom."""
    path = reverse("decisions:decision_detail", kwargs={"decision_id": original.pk})
    body = render_to_string(
        "decisions/emails/amendment_withdrawn.txt",
        {
            "manager": manager,
            "label": original.label,
            "link": f"{settings.SITE_URL.rstrip('/')}{path}",
        },
    )
    subject = f"Your amendment of {original.label} was deleted"
    address = amendment.author.email
    # Robust: the deletion has committed, so a mail server that is down is logged (by
    # Django) and the manager still sees the amendment withdrawn, not an error page.
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address]), robust=True
    )


def change_amendment_reason(*, actor: Any, decision_id: int, reason: str) -> SharingDecision:
    """Gives an amendment in progress (the actor's own draft of a later version) another
    reason; the earlier reason is kept in the audit event. Nothing else of the draft
    changes."""
    problem = text_problem(
        reason, label="The reason for the amendment", max_length=TEXT_MAX, required=True
    )
    if problem:
        raise ValidationFailed({"reason": problem})
    with transaction.atomic():
        amendment = _locked_draft(actor, decision_id)
        if amendment.previous_id is None:
            raise NotFound()
        earlier = amendment.amendment_reason
        amendment.amendment_reason = reason.strip()
        if amendment.amendment_reason == earlier:
            return amendment
        amendment.updated_at = timezone.now()
        amendment.save(update_fields=["amendment_reason", "updated_at"])
        record(
            action=Action.AMENDMENT_REASON_CHANGED,
            actor=actor,
            organisation_id=amendment.organisation_id,
            obj=amendment,
            data={"reference": amendment.reference, "version": amendment.version, "was": earlier},
        )
    return amendment


def countersign_decision(*, actor: Any, decision_id: int, comment: str = "") -> SharingDecision:
    """A manager of the recording organisation countersigns a final record, where local
    policy asks for it (`Organisation.countersign_required`), with an optional comment.
    Nobody countersigns their own record."""
    problem = text_problem(comment, label="Comment", max_length=TEXT_MAX)
    if problem:
        raise ValidationFailed({"comment": problem})
    with transaction.atomic():
        decision = (
            for_change(SharingDecision.objects)
            .select_related("organisation")
            .filter(pk=decision_id)
            .first()
        )
        managed = orgs_where(actor, frozenset({Role.MANAGER}))
        if decision is None or decision.organisation_id not in managed:
            raise NotFound()
        if (
            decision.status != Status.FINAL
            or not decision.organisation.countersign_required
            or decision.author_id == actor.pk
        ):
            raise DomainError(
                errors.COUNTERSIGN_NOT_ALLOWED, errors.COUNTERSIGN_NOT_ALLOWED_MESSAGE
            )
        if decision.countersigned_by_id is not None:
            raise Conflict(errors.ALREADY_COUNTERSIGNED, errors.ALREADY_COUNTERSIGNED_MESSAGE)
        decision.countersigned_by = actor
        decision.countersigned_at = timezone.now()
        decision.countersign_comment = (comment or "").strip()
        decision.save(update_fields=["countersigned_by", "countersigned_at", "countersign_comment"])
        record(
            action=Action.COUNTERSIGNED,
            actor=actor,
            organisation_id=decision.organisation_id,
            obj=decision,
            data={"reference": decision.reference, "version": decision.version},
        )
    return decision
