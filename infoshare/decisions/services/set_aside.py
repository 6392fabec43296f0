"""What a change to a draft sets aside, and brings back: nothing typed is lost.

A changed answer can put later key questions out of play (a legal duty makes consent
irrelevant), and an outcome of "not shared" makes the details of a share meaningless. What
no longer applies must not steer the recommendation nor appear on the record, but the
practitioner may change their mind: so it is set aside on the draft
(``SharingDecision.set_aside_answers`` and ``set_aside_details``), out of sight of the
engine, the pages and the API, and comes back, by itself, when it applies again. A new
answer or value given for the same question or field wins over what was set aside.
Finalising clears both: what was set aside is never part of a record.

That is for what was given earlier. A client that sends its answers itself (the API) is
refused an answer it sends to a question they take out of play (``out_of_play``, with why
it is not asked), and a detail of a share it sends for a record of information not shared,
or a reason for departing from a recommendation the outcome matches
(``details_out_of_play``), rather than have them set aside unseen; and it is told which
earlier answers and details a change set aside (``services.drafts.update_draft_exactly``).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any

from infoshare.decisions import engine
from infoshare.decisions.engine.rules import NOT_SURE
from infoshare.decisions.models import Outcome, SharingDecision
from infoshare.decisions.models.decision import outcome_departs
from infoshare.decisions.services.changes import SHARING_ONLY

DEPARTURE_REASON = "departure_reason"
#: The fields of a draft a change may set aside (``settle_share_details``), in the order
#: they are named: the details of a share, then the reason for departing.
SET_ASIDE_FIELDS: tuple[str, ...] = (*SHARING_ONLY, DEPARTURE_REASON)


def prune_answers(answers: Mapping[str, str], edition: str) -> dict[str, str]:
    """The answers to key questions the flow would still ask (flags are always kept).

    When an earlier answer changes (consent given instead of not sought, say), a later
    answer may no longer apply; a stale answer must not steer the recommendation. Each
    question is judged on the answers before it, in the edition's order.

    An answer is dropped only when the answers before it rule its question out. While an
    earlier answer is "not sure" (spec section 3, rule 1: seek advice) or an earlier
    question is unanswered, a later question may still be asked once that is settled: its
    answer is kept, so that settling the doubt, or answering the question a change asks,
    does not wipe it (and the practitioner is not asked it again). That holds for a "not
    sure" too: the flow stops at a "not sure" only once it reaches its question
    (``engine.next_unanswered``), so the questions before it are still asked.
    """
    found = engine.get_edition(edition)
    kept = {q.key: answers[q.key] for q in found.questions if q.flag and q.key in answers}
    for question in found.key_questions:
        if question.key not in answers:
            continue
        if question.asked_when(kept, found) or _may_yet_be_asked(question, kept, found):
            kept[question.key] = answers[question.key]
    return kept


def settle_answers(
    answers: Mapping[str, str], set_aside: Mapping[str, str], edition: str
) -> tuple[dict[str, str], dict[str, str]]:
    """(the answers in play, the answers set aside) once `answers` have changed.

    An answer set aside earlier comes back when its question is in play again; as each
    question is judged only on the answers before it, one pass in the edition's order
    brings back, too, the answers that a restored one puts back in play (legal duty "no"
    again: whether the person is identifiable, then whether it is confidential, consent,
    and so on), and the result is stable. An answer in `answers` wins over one set aside
    for the same question.
    """
    every = {**set_aside, **answers}
    in_play = prune_answers(every, edition)
    return in_play, {key: value for key, value in every.items() if key not in in_play}


def out_of_play(
    sent: Mapping[str, Any], answers: Mapping[str, Any], set_aside: Mapping[str, str], edition: str
) -> dict[str, str]:
    """The answers in ``sent`` (a client's own, as it sent them) that the answers they
    result in (``answers``: those given so far with ``sent`` merged in) take out of play,
    each with why its question is not asked: for a client that sends answers itself, which
    must be told rather than have them set aside unseen. Only answers that are themselves
    valid are judged, and on the valid answers alone (the others are refused on their own
    account); a removal (None) is never out of play."""
    questions = {question.key: question for question in engine.get_edition(edition).questions}
    valid = {
        key: value
        for key, value in answers.items()
        if key in questions and value in questions[key].values
    }
    in_play, _ = settle_answers(valid, set_aside, edition)
    return {
        key: why_not_asked(key, in_play, edition)
        for key, value in sent.items()
        if value is not None and key in valid and key not in in_play
    }


def why_not_asked(key: str, answers: Mapping[str, str], edition: str) -> str:
    """Why the flow does not ask question ``key`` with these answers (those in play), for a
    client that answered it: the earliest answer after which it is not asked, whatever the
    questions still open are answered."""
    found = engine.get_edition(edition)
    question = found.question(key)
    settled = {q.key: answers[q.key] for q in found.questions if q.flag and q.key in answers}
    for earlier in found.key_questions:
        if earlier.key == key:
            break
        if earlier.key not in answers:
            continue
        settled[earlier.key] = answers[earlier.key]
        if not question.asked_when(settled, found) and not _may_yet_be_asked(
            question, settled, found
        ):
            return f"{key} is not asked when {earlier.key} is {settled[earlier.key]}: leave it out"
    return f"{key} is not asked with the other answers given: leave it out"


def details_out_of_play(
    given: Mapping[str, Any], *, outcome: str, recommendation: str | None
) -> dict[str, str]:
    """The fields in ``given`` (a client's own, cleaned) that ``settle_share_details``
    would set aside at once, each with why: a detail of a share with the outcome (the one
    the change results in) "not shared", and a reason for departing when the outcome
    matches the ``recommendation`` (None, or "incomplete", while there is none to depart
    from: the reason is then kept). An empty value is never refused: it clears a field in
    play, and leaves one set aside alone (``echoed_empty``)."""
    problems: dict[str, str] = {}
    if outcome == Outcome.NOT_SHARED:
        for field, empty in SHARING_ONLY.items():
            if field in given and given[field] != empty:
                problems[field] = f"{field} is not recorded when nothing was shared: leave it out"
    if (
        given.get(DEPARTURE_REASON)
        and outcome
        and recommendation not in (None, "incomplete")
        and not outcome_departs(str(recommendation), outcome)
    ):
        problems[DEPARTURE_REASON] = (
            f"{DEPARTURE_REASON} is not recorded when the outcome ({outcome}) is in line "
            f"with the recommendation ({recommendation}): leave it out"
        )
    return problems


def details_in_play(decision: SharingDecision) -> frozenset[str]:
    """The fields of ``SET_ASIDE_FIELDS`` that hold something on the draft."""
    return frozenset(
        field for field in SET_ASIDE_FIELDS if getattr(decision, field) != _EMPTY[field]
    )


_EMPTY: dict[str, Any] = {**SHARING_ONLY, DEPARTURE_REASON: ""}


def settle_share_details(decision: SharingDecision, given: Collection[str]) -> None:
    """Sets aside what the outcome makes meaningless, so that pages and the API agree, and
    brings it back when it applies again; the fields in `given` were just changed, and
    their new values win over any set aside.

    - not shared: the details of a share (lawful bases, what, how and when, told) are set
      aside (golden rule 7: if shared, record what, how and when), and come back once the
      outcome is shared (in full or in part) again;
    - an outcome that matches the recommendation: the reason for departing from it (spec
      section 3 asks for one only when they differ) is set aside, and comes back when they
      differ again. While questions are unanswered there is no recommendation yet, and the
      reason is kept.

    A field set aside reads empty; the empty value sent back for it (a client that reads
    a draft and sends the whole of it back) is what it was shown, not a change: it leaves
    the value set aside alone (``echoed_empty``).
    """
    changed = set(given) - echoed_empty(decision, given)
    kept = {key: value for key, value in decision.set_aside_details.items() if key not in changed}
    if decision.outcome == Outcome.NOT_SHARED:
        for field, empty in SHARING_ONLY.items():
            _set_aside(decision, field, empty, kept)
    elif decision.shared:
        for field, empty in SHARING_ONLY.items():
            _bring_back(decision, field, empty, kept)
    departs = _departs(decision)
    if departs is False:
        _set_aside(decision, DEPARTURE_REASON, "", kept)
    elif departs:
        _bring_back(decision, DEPARTURE_REASON, "", kept)
    decision.set_aside_details = kept


def echoed_empty(decision: SharingDecision, given: Collection[str]) -> frozenset[str]:
    """The fields in ``given`` (just changed on ``decision``) that were set aside and were
    sent empty: what the API shows for them while set aside, sent back unchanged."""
    return frozenset(
        field
        for field in given
        if field in decision.set_aside_details
        and field in _EMPTY
        and getattr(decision, field) == _EMPTY[field]
    )


def _departs(decision: SharingDecision) -> bool | None:
    """Whether the outcome departs from the recommendation; None while either is unknown."""
    if not decision.outcome:
        return None
    recommendation = engine.evaluate(decision.answers, decision.edition).recommendation
    if recommendation == "incomplete":
        return None
    return outcome_departs(recommendation, decision.outcome)


def _set_aside(decision: SharingDecision, field: str, empty: Any, kept: dict[str, Any]) -> None:
    value = getattr(decision, field)
    if value != empty:
        kept[field] = value.isoformat() if isinstance(value, dt.date) else value
    setattr(decision, field, copy.copy(empty))


def _bring_back(decision: SharingDecision, field: str, empty: Any, kept: dict[str, Any]) -> None:
    if field not in kept:
        return
    value = kept.pop(field)
    if getattr(decision, field) == empty:
        setattr(decision, field, dt.date.fromisoformat(value) if field == "shared_on" else value)


def _may_yet_be_asked(
    question: engine.Question, kept: Mapping[str, str], found: engine.Edition
) -> bool:
    """Whether some way of settling the doubts ("not sure") and the unanswered questions
    before `question` (each tried with every definite answer) leads the flow to ask it."""
    before = _keys_before(question, found)
    earlier = [q for q in found.questions if q.flag or q.key in before]

    def asked(position: int, settled: dict[str, str]) -> bool:
        if position == len(earlier):
            return bool(question.asked_when(settled, found))
        current = earlier[position]
        if not current.flag and not current.asked_when(settled, found):
            return asked(position + 1, settled)
        given = kept.get(current.key)
        if current.flag and given is None:
            return asked(position + 1, settled)
        if given is not None and given != NOT_SURE:
            return asked(position + 1, settled | {current.key: given})
        return any(
            asked(position + 1, settled | {current.key: value})
            for value in current.values
            if value != NOT_SURE
        )

    return asked(0, {})


def _keys_before(question: engine.Question, found: engine.Edition) -> set[str]:
    keys = [q.key for q in found.key_questions]
    return set(keys[: keys.index(question.key)])
