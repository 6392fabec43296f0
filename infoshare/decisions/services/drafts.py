"""Writing a draft decision: started, changed step by step, never lost.

Drafts are database rows owned by their author (architecture pattern 5), saved at every
step of the flow so that nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from infoshare.audit.models import AuditEvent
from infoshare.audit.refused_ids import mark_refused
from infoshare.audit.services import for_change, record
from infoshare.core.errors import Conflict, NotFound, ValidationFailed
from infoshare.core.numbers import MAX_ID
from infoshare.decisions import engine, errors
from infoshare.decisions.audit import Action
from infoshare.decisions.models import Person, ReferenceSequence, SharingDecision, Status
from infoshare.decisions.selectors.decisions import own_records
from infoshare.decisions.selectors.scope import (
    RECORDING_ROLES,
    manages,
    orgs_where,
    recording_org,
)
from infoshare.decisions.services.changes import clean_changes
from infoshare.decisions.services.set_aside import (
    SET_ASIDE_FIELDS,
    details_in_play,
    details_out_of_play,
    echoed_empty,
    out_of_play,
    settle_answers,
    settle_share_details,
)
from infoshare.partnerships.models import Organisation

ANSWER_VALUE_MAX = 40

#: The question whose "yes" makes a record urgent (a flag question of every edition).
RISK = "risk_of_significant_harm"


def next_reference(year: int) -> str:
    """ISD-<year>-<number>, numbered from 1 each year. Call inside a transaction."""
    sequence, _ = for_change(ReferenceSequence.objects).get_or_create(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"ISD-{year}-{sequence.last:06d}"


def _check_answers(answers: object, edition: str) -> dict[str, str]:
    problems = engine.validate_answers(answers, edition)
    return {key[:60]: message[:300] for key, message in problems.items()}


#: The most people one record may be about.
MAX_PEOPLE = 50


def _are_person_ids(people: object) -> bool:
    return (
        isinstance(people, list)
        and len(people) <= MAX_PEOPLE
        and all(isinstance(p, int) and not isinstance(p, bool) and 0 < p <= MAX_ID for p in people)
    )


def apply_urgency(decision: SharingDecision, now: dt.datetime) -> None:
    """A risk of significant harm makes the record urgent: share now, record within the
    configured hours (golden rule 5; spec section 2, the urgent path)."""
    if decision.answers.get(RISK) == "yes":
        if not decision.urgent:
            hours = settings.INFOSHARE["URGENT_RECORD_HOURS"]
            decision.urgent = True
            decision.urgent_due_at = now + dt.timedelta(hours=hours)
    else:
        decision.urgent = False
        decision.urgent_due_at = None
        decision.reminded_at = None


def _recording_organisation(actor: Any, organisation_id: int | None) -> int:
    """The organisation the draft is for: the one named, or the only one where the actor
    records. Someone who records for several names one (refused otherwise, with the
    organisations they may choose): a draft is never filed under one of them unasked."""
    return recording_org(
        actor, organisation_id, refused="You cannot record decisions for that organisation"
    )


def start_draft(
    *,
    actor: Any,
    organisation_id: int | None = None,
    edition: str = engine.DEFAULT_EDITION,
    idempotency_key: str = "",
) -> tuple[SharingDecision, bool]:
    """Starts a decision record for the organisation named, or the only one where the
    actor records (``_recording_organisation``); returns (draft, created).

    With an idempotency key, a retry returns the draft the first request made; the same
    key sent with a different request (another organisation or edition) is refused (409)
    rather than answered with a draft that is not what was asked for.
    """
    if edition not in engine.EDITIONS:
        raise ValidationFailed({"edition": f"Unknown edition '{edition[:40]}'"})
    org_id = _recording_organisation(actor, organisation_id)
    if idempotency_key:
        existing = _made_with_key(actor, idempotency_key, org_id, edition)
        if existing is not None:
            return existing, False
    try:
        return _create_draft(actor, org_id, edition, idempotency_key), True
    except IntegrityError:
        # A concurrent request with the same key won the race: return its draft.
        if not idempotency_key:
            raise
        existing = _made_with_key(actor, idempotency_key, org_id, edition)
        if existing is None:
            raise
        return existing, False


def _made_with_key(
    actor: Any, idempotency_key: str, org_id: int, edition: str
) -> SharingDecision | None:
    """The draft an earlier request with this key made, if it asked for the same thing."""
    existing = SharingDecision.objects.filter(author=actor, idempotency_key=idempotency_key).first()
    if existing is not None and (existing.organisation_id, existing.edition) != (org_id, edition):
        raise Conflict(errors.IDEMPOTENCY_KEY_REUSED, errors.IDEMPOTENCY_KEY_REUSED_MESSAGE)
    return existing


def _create_draft(actor: Any, org_id: int, edition: str, idempotency_key: str) -> SharingDecision:
    with transaction.atomic():
        now = timezone.now()
        decision = SharingDecision.objects.create(
            reference=next_reference(timezone.localdate().year),
            organisation_id=org_id,
            author=actor,
            edition=edition,
            idempotency_key=idempotency_key,
            created_at=now,
            updated_at=now,
        )
        record(
            action=Action.DRAFT_STARTED,
            actor=actor,
            organisation_id=org_id,
            obj=decision,
            data={"reference": decision.reference},
        )
    return decision


class NotADraft(Conflict):
    """The actor's record is no longer a draft: finalised meanwhile (in another tab, or
    through the API): a state that forbids the change (409). Pages send its author to the
    final record (`views.common`)."""

    def __init__(self, decision_id: int) -> None:
        super().__init__(errors.NOT_A_DRAFT, errors.NOT_A_DRAFT_MESSAGE)
        self.decision_id = decision_id


def _locked_draft(actor: Any, decision_id: int) -> SharingDecision:
    """The actor's own draft, locked: not found unless they wrote it and still record for
    its organisation (see `selectors.decisions.own_records`)."""
    decision = for_change(own_records(actor)).filter(pk=decision_id).first()
    if decision is None:
        raise NotFound()
    if decision.status != Status.DRAFT:
        raise NotADraft(decision.pk)
    return decision


def update_draft(
    *,
    actor: Any,
    decision_id: int,
    changes: Mapping[str, Any] | None = None,
    answers: Mapping[str, Any] | None = None,
    people: Sequence[int] | None = None,
    step: str = "",
    check: Callable[[SharingDecision], None] | None = None,
) -> SharingDecision:
    """Saves a step of the flow: field changes and key-question answers, checked together.

    `answers` are merged into those given so far (a value of None removes an answer);
    `people`, when given, replaces the people the record is about (only people the
    recording organisation has recorded). Nothing is saved when anything is wrong; every
    bad field is named. What the change puts out of play is set aside, and what it puts
    back in play comes back (``services.set_aside``): nothing typed is lost.

    `check`, a page's, is called with the draft, locked, before anything is changed; what
    it raises refuses the change (``views.page_revisions``: what the page edits was
    changed in another tab since the page was drawn).
    """
    return _update_draft(
        actor=actor,
        decision_id=decision_id,
        changes=changes,
        answers=answers,
        people=people,
        step=step,
        refuse_out_of_play=False,
        check=check,
    ).decision


def answer_urgent_start(*, actor: Any, decision_id: int) -> SharingDecision:
    """The start page's "Start an urgent record", on the draft it started: the risk of
    significant harm answered yes, as its question page would answer it (urgent, with its
    deadline: ``apply_urgency``), and the draft marked ``started_urgently``, in the same
    transaction and audit event (the field named in its ``fields``). The flow never shows
    the question it answered, so Back links go past it (``views.common._back_url``)."""
    return _update_draft(
        actor=actor,
        decision_id=decision_id,
        changes=None,
        answers={RISK: "yes"},
        people=None,
        step="",
        refuse_out_of_play=False,
        started_urgently=True,
    ).decision


@dataclass(frozen=True)
class DraftChange:
    """A draft as a change left it, the questions whose answers, in play before the
    change, it set aside (their keys, in the edition's order), and the fields it set aside
    that held something before (``services.set_aside.SET_ASIDE_FIELDS``, in that order);
    then what it brought back by itself, set aside before and in play again: the answers
    (``restored``, not those the change gave) and the fields (``restored_fields``, not
    those the change gave a value)."""

    decision: SharingDecision
    set_aside: tuple[str, ...]
    set_aside_fields: tuple[str, ...] = ()
    restored: tuple[str, ...] = ()
    restored_fields: tuple[str, ...] = ()


def update_draft_exactly(
    *,
    actor: Any,
    decision_id: int,
    changes: Mapping[str, Any] | None = None,
    answers: Mapping[str, Any] | None = None,
    people: Sequence[int] | None = None,
    step: str = "",
) -> DraftChange:
    """``update_draft`` for a client that sends its answers itself (the API): what it sends
    is either stored or refused, never set aside unseen. An answer it sends to a question
    that the answers it results in take out of play is refused (named as
    ``answers.<question>``, saying why the question is not asked), with every other bad
    field; so is a field it sends that the change would set aside at once (a detail of a
    share with the outcome "not shared", a reason for departing from a recommendation the
    outcome is in line with: ``set_aside.details_out_of_play``). The answers and fields
    given earlier that the change takes out of play are set aside as ``update_draft``
    does, and named in what it returns."""
    return _update_draft(
        actor=actor,
        decision_id=decision_id,
        changes=changes,
        answers=answers,
        people=people,
        step=step,
        refuse_out_of_play=True,
    )


def _update_draft(
    *,
    actor: Any,
    decision_id: int,
    changes: Mapping[str, Any] | None,
    answers: Mapping[str, Any] | None,
    people: Sequence[int] | None,
    step: str,
    refuse_out_of_play: bool,
    started_urgently: bool = False,
    check: Callable[[SharingDecision], None] | None = None,
) -> DraftChange:
    with transaction.atomic():
        decision = _locked_draft(actor, decision_id)
        if check is not None:
            check(decision)
        organisation = Organisation.objects.get(pk=decision.organisation_id)
        cleaned, problems = clean_changes(changes or {}, organisation.partnership_id)
        in_play_before = set(decision.answers)
        details_before = details_in_play(decision)
        answers_held_before = set(decision.set_aside_answers)
        fields_held_before = set(decision.set_aside_details)
        merged = dict(decision.answers)
        set_aside = dict(decision.set_aside_answers)
        if answers is not None:
            if not isinstance(answers, Mapping):
                problems["answers"] = "Answers must be an object mapping questions to answers"
            else:
                for key, value in answers.items():
                    # A new answer, or its removal, wins over one set aside earlier.
                    set_aside.pop(key, None)
                    if value is None:
                        merged.pop(key, None)
                    else:
                        merged[key] = value
                # Named "answers.<key>": a question may share its key with a field.
                problems.update(
                    {
                        f"answers.{key}": message
                        for key, message in _check_answers(merged, decision.edition).items()
                    }
                )
                if refuse_out_of_play:
                    problems.update(
                        {
                            f"answers.{key}": message
                            for key, message in out_of_play(
                                answers, merged, set_aside, decision.edition
                            ).items()
                        }
                    )
        found_people: list[Person] = []
        if people is not None and not _are_person_ids(people):
            problems["people"] = f"Send a list of up to {MAX_PEOPLE} person ids"
        elif people is not None:
            found_people = list(
                Person.objects.filter(pk__in=people, organisation_id=decision.organisation_id)
            )
            if len(found_people) != len(set(people)):
                problems["people"] = _refuse_people(decision.organisation_id, people, found_people)
        if refuse_out_of_play:
            problems.update(
                details_out_of_play(
                    cleaned,
                    outcome=cleaned.get("outcome", decision.outcome),
                    recommendation=_recommendation_unless(problems, merged, set_aside, decision),
                )
            )
        if problems:
            raise ValidationFailed(problems)
        for field, value in cleaned.items():
            setattr(decision, field, value)
        # What was sent back empty for a field set aside is not a change (see
        # ``settle_share_details``): a value it brings back is restored, not replaced.
        fields_given = set(cleaned) - echoed_empty(decision, cleaned.keys())
        now = timezone.now()
        decision.answers, decision.set_aside_answers = settle_answers(
            merged, set_aside, decision.edition
        )
        settle_share_details(decision, given=cleaned.keys())
        apply_urgency(decision, now)
        if step:
            decision.draft_step = step[:60]
        marked = started_urgently and not decision.started_urgently
        if marked:
            decision.started_urgently = True
        decision.updated_at = now
        decision.save()
        if people is not None:
            decision.people.set(found_people)
        record(
            action=Action.DRAFT_UPDATED,
            actor=actor,
            organisation_id=decision.organisation_id,
            obj=decision,
            data={
                "step": step[:60],
                "fields": sorted([*cleaned, "started_urgently"] if marked else cleaned),
                "answers": sorted(str(key)[:60] for key in answers or {}),
                "people": sorted(set(people)) if people is not None else None,
            },
        )
    questions = engine.get_edition(decision.edition).questions
    return DraftChange(
        decision,
        tuple(
            question.key
            for question in questions
            if question.key in decision.set_aside_answers and question.key in in_play_before
        ),
        tuple(
            field
            for field in SET_ASIDE_FIELDS
            if field in decision.set_aside_details and field in details_before
        ),
        tuple(
            question.key
            for question in questions
            if question.key in answers_held_before
            and question.key in decision.answers
            and question.key not in (answers or {})
        ),
        tuple(
            field
            for field in SET_ASIDE_FIELDS
            if field in fields_held_before
            and field not in fields_given
            and field not in decision.set_aside_details
            and field in details_in_play(decision)
        ),
    )


def _recommendation_unless(
    problems: Mapping[str, str],
    answers: Mapping[str, Any],
    set_aside: Mapping[str, str],
    decision: SharingDecision,
) -> str | None:
    """What the guidance recommends on the answers a change results in, or None while any
    of them is refused (they are judged on their own account first)."""
    if any(name == "answers" or name.startswith("answers.") for name in problems):
        return None
    in_play, _ = settle_answers(answers, set_aside, decision.edition)
    return engine.evaluate(in_play, decision.edition).recommendation


def set_people(
    *, actor: Any, decision_id: int, add: Sequence[int] = (), remove: Sequence[int] = ()
) -> SharingDecision:
    """Adds or removes people the information is about. Only people the recording
    organisation has recorded can be added."""
    with transaction.atomic():
        decision = _locked_draft(actor, decision_id)
        if add:
            found = list(
                Person.objects.filter(pk__in=add, organisation_id=decision.organisation_id)
            )
            if len(found) != len(set(add)):
                raise ValidationFailed(
                    {"people": _refuse_people(decision.organisation_id, add, found)}
                )
            decision.people.add(*found)
        if remove:
            decision.people.remove(*remove)
        _people_changed(
            actor, decision, {"added": sorted(set(add)), "removed": sorted(set(remove))}
        )
    return decision


def _refuse_people(organisation_id: int, asked: Sequence[int], found: Sequence[Person]) -> str:
    """Why the people asked for and not found cannot be added. Read with the draft (and
    so the audit chain) locked, after any removal that went first has committed: those a
    colleague removed from the organisation's register since the page was opened
    (``services.people.remove_person``, audited) are named as just removed; the others,
    not recorded by the record's organisation (another organisation's, or nobody's), are
    refused: audited as a refusal of each by its id."""
    missing = set(asked) - {person.pk for person in found}
    removed = {
        int(object_id)
        for object_id in AuditEvent.objects.filter(
            action=Action.PERSON_REMOVED,
            organisation_id=organisation_id,
            object_type=Person._meta.label,
            object_id__in=[str(person_id) for person_id in missing],
        ).values_list("object_id", flat=True)
    }
    mark_refused("person_id", missing - removed)
    if missing <= removed:
        return errors.PERSON_JUST_REMOVED_MESSAGE
    return "Choose people your organisation has recorded"


def _people_changed(actor: Any, decision: SharingDecision, change: dict[str, Any]) -> None:
    """Marks the draft as changed at the people step, and audits what changed."""
    decision.updated_at = timezone.now()
    decision.draft_step = "people"
    decision.save(update_fields=["updated_at", "draft_step"])
    record(
        action=Action.DRAFT_UPDATED,
        actor=actor,
        organisation_id=decision.organisation_id,
        obj=decision,
        data={"step": "people", **change},
    )


def delete_draft(actor: Any, draft: SharingDecision, action: str, **data: Any) -> None:
    """Deletes a draft (locked by the caller, in its transaction) with the audit event
    that says who deleted it and why: its reference and version, and ``data``."""
    record(
        action=action,
        actor=actor,
        organisation_id=draft.organisation_id,
        obj=draft,
        data={"reference": draft.reference, "version": draft.version, **data},
    )
    draft.people.clear()
    draft.delete()


def discard_draft(*, actor: Any, decision_id: int) -> None:
    """Deletes a draft its author no longer needs. Finalised records are never deleted."""
    with transaction.atomic():
        delete_draft(actor, _locked_draft(actor, decision_id), Action.DRAFT_DISCARDED)


def add_new_person(*, actor: Any, decision_id: int, **identifiers: Any) -> Person:
    """Records a new person (see `create_person`) and adds them to the draft, together."""
    from infoshare.decisions.services.people import create_person

    with transaction.atomic():
        decision = _locked_draft(actor, decision_id)
        person = create_person(actor=actor, organisation_id=decision.organisation_id, **identifiers)
        decision.people.add(person)
        _people_changed(actor, decision, {"added": [person.pk]})
    return person


def author_has_left(draft: SharingDecision) -> bool:
    """Whether the draft's author no longer records for its organisation (they left, or
    their role there ended): they can no longer open, finish or delete it."""
    return draft.organisation_id not in orgs_where(draft.author, RECORDING_ROLES)


def may_delete_leavers_draft(actor: Any, draft: SharingDecision) -> bool:
    """A manager of the draft's organisation, when its author has left (a current
    colleague's draft is theirs to finish or delete)."""
    return (
        draft.status == Status.DRAFT
        and manages(actor, draft.organisation_id)
        and author_has_left(draft)
    )


def delete_leavers_draft(*, actor: Any, decision_id: int) -> SharingDecision:
    """A manager of its organisation deletes a draft whose author has left (nobody else
    could finish or delete it, and an urgent one would stay overdue for good), returning
    it; audited with its author and why. Finalised records are never deleted."""
    with transaction.atomic():
        draft = (
            for_change(SharingDecision.objects, of=("self",))
            .select_related("author")
            .filter(pk=decision_id, status=Status.DRAFT)
            .first()
        )
        if draft is None or not manages(actor, draft.organisation_id):
            raise NotFound()
        if not author_has_left(draft):
            raise Conflict(errors.AUTHOR_STILL_RECORDS, errors.AUTHOR_STILL_RECORDS_MESSAGE)
        delete_draft(
            actor,
            draft,
            Action.LEAVERS_DRAFT_DELETED,
            author_id=draft.author_id,
            urgent=draft.urgent,
            why="author_left",
        )
    return draft
