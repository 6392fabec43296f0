"""The order of the pages of the decision flow (one question per page).

Who the information is about, who is asking or receiving, the purpose, the risk of
significant harm (asked early, so that the urgent path starts at once), then the key
questions in the edition's order, skipping those the engine says are not needed; then
check answers, the recommendation, the outcome and, if shared, the lawful bases, what
was shared, how and when, whether the person was told; then finalise.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from infoshare.decisions import engine
from infoshare.decisions.models import Outcome, SharingDecision

RISK = "risk_of_significant_harm"
BEFORE_QUESTIONS = ("people", "recipient", "purpose")
AFTER_CHECK = ("check", "recommendation", "outcome")
WHEN_SHARED = ("bases", "information", "sharing", "told")
#: Where a Change link comes back to: check answers, the finalise summary, or check
#: answers and from there on to the summary (a change made on check answers that was itself
#: reached from the summary keeps the way back to it).
CHECK_THEN_FINALISE = "check-finalise"
RETURN_TO = ("check", "finalise", CHECK_THEN_FINALISE)

URL_NAMES = {
    "people": "decisions:people",
    "recipient": "decisions:recipient",
    "purpose": "decisions:purpose",
    "check": "decisions:check_answers",
    "recommendation": "decisions:recommendation",
    "outcome": "decisions:outcome",
    "bases": "decisions:bases",
    "information": "decisions:information",
    "sharing": "decisions:sharing",
    "told": "decisions:told",
    "finalise": "decisions:finalise",
}


def question_step(key: str) -> str:
    return f"question:{key}"


def return_target(return_to: str) -> tuple[str, str]:
    """(the page a change comes back to, the return setting that page keeps)."""
    if return_to == CHECK_THEN_FINALISE:
        return "check", "finalise"
    return (return_to, "") if return_to in RETURN_TO else ("", "")


def change_return(return_to: str) -> str:
    """The return setting of the Change links of the check answers page, shown with
    `return_to`: back to check answers, and on to the summary if it was reached from there."""
    return CHECK_THEN_FINALISE if return_to in ("finalise", CHECK_THEN_FINALISE) else "check"


def step_url(decision: SharingDecision, step: str, *, return_to: str = "") -> str:
    if step == CHECK_THEN_FINALISE:
        step, return_to = "check", "finalise"
    if step.startswith("question:"):
        url = reverse("decisions:question", kwargs={"decision_id": decision.pk, "key": step[9:]})
    else:
        url = reverse(URL_NAMES.get(step, "decisions:people"), kwargs={"decision_id": decision.pk})
    return f"{url}?return={return_to}" if return_to in RETURN_TO else url


def questions_in_play(decision: SharingDecision) -> list[str]:
    """The key questions the flow asks for these answers, in order, up to the first
    unanswered one (flags first). Each question is judged on the answers before it, as the
    flow asked it (and as ``prune_answers`` keeps it): a "not sure" to a question asked only
    when sharing is recommended stops that recommendation, but the question and its answer
    are still shown, with a Change link to settle the doubt."""
    edition = engine.get_edition(decision.edition)
    answers = decision.answers
    keys = [q.key for q in edition.questions if q.flag]
    so_far = {key: answers[key] for key in keys if key in answers}
    for question in edition.key_questions:
        if question.asked_when(so_far, edition):
            keys.append(question.key)
            if question.key not in answers:
                break
        if question.key in answers:
            so_far[question.key] = answers[question.key]
    return keys


def steps_for(decision: SharingDecision) -> list[str]:
    steps = list(BEFORE_QUESTIONS)
    steps += [question_step(key) for key in questions_in_play(decision)]
    steps += list(AFTER_CHECK)
    if decision.outcome != Outcome.NOT_SHARED:
        steps += list(WHEN_SHARED)
    steps.append("finalise")
    return steps


def at_risk(answers: object) -> bool:
    """A child (or adult) may be at risk of significant harm: the record is urgent and every
    page shows the safeguarding banner (golden rule 5)."""
    return isinstance(answers, dict) and answers.get(RISK) == "yes"


def next_question_step(decision: SharingDecision) -> str | None:
    key = engine.next_unanswered(decision.answers, decision.edition)
    return None if key is None else question_step(key)


def pending_question_step(decision: SharingDecision) -> str | None:
    """The question the flow asks next: the risk of harm while it is unanswered (asked
    first, straight after the purpose, so that the urgent path starts at once), then the
    next key question the engine needs."""
    if RISK not in decision.answers:
        return question_step(RISK)
    return next_question_step(decision)


#: The pages that open only once the questions in play are answered (check answers and
#: every page after it but the finalise summary, which lists what is missing instead).
NEEDS_ANSWERS = (*AFTER_CHECK, *WHEN_SHARED)


def first_needed_step(decision: SharingDecision, step: str) -> str | None:
    """The first page still needed before `step` can open, or None when it can (GOV.UK: a
    page not yet reachable, typed in, bookmarked or reached with Back, sends the person to
    the first page they still need to complete). The people, the recipient and the purpose
    are not needed first: check answers shows them as not given and the summary lists them.
    The pages about the sharing need an outcome that says it was shared."""
    if step not in NEEDS_ANSWERS:
        return None
    pending = pending_question_step(decision)
    if pending is not None:
        return pending
    if step in WHEN_SHARED and not decision.shared:
        return "outcome"
    return None


def unfinished_steps(decision: SharingDecision) -> set[str]:
    """The pages where something finalising needs is still missing (the finalise
    page's own checks, so that the two agree)."""
    from infoshare.decisions.services.records import PROBLEM_STEPS, finalise_problems

    return {PROBLEM_STEPS.get(field, "check") for field in finalise_problems(decision)}


def steps_to_revisit(decision: SharingDecision) -> set[str]:
    """The pages a change made from the finalise summary goes back by: those where
    something is missing or no longer fits the answers (``unfinished_steps``: lawful bases
    a changed answer rules out, such as consent now refused), and the lawful bases while
    UK GDPR bases are recorded for information now said not to identify a living person
    (the bases page says they are not needed; the practitioner decides)."""
    steps = unfinished_steps(decision)
    not_personal_data = decision.answers.get("identifiable") == "no"
    data_protection = (decision.article6, decision.article9, decision.schedule1)
    if not_personal_data and (decision.special_category or any(data_protection)):
        steps.add("bases")
    return steps


def step_after(decision: SharingDecision, step: str, return_to: str = "") -> str:
    """Where "Continue" leads from `step`. After a change made from check answers or the
    finalise summary, back there (by way of any question the change made necessary, and
    of any later page the change left unanswered or out of step with the answers, such as
    the lawful bases after consent was changed to refused: ``steps_to_revisit``)."""
    is_question = step.startswith("question:")
    return_to = return_target(return_to)[0]
    if return_to == "check" and (step in BEFORE_QUESTIONS or is_question):
        return pending_question_step(decision) or "check"
    if return_to == "finalise" and is_question:
        # The answer may change the recommendation: show it again on the way back.
        return pending_question_step(decision) or "check"
    if return_to == "finalise" and not is_question and step not in BEFORE_QUESTIONS:
        # Shared after all: the pages about the sharing are needed before the summary.
        steps = steps_for(decision)
        if step in steps:
            unfinished = steps_to_revisit(decision)
            later = steps[steps.index(step) + 1 : -1]
            return next(
                (later_step for later_step in later if later_step in unfinished), "finalise"
            )
        return "finalise"
    if return_to == "finalise":
        return pending_question_step(decision) or "finalise"
    if step == "purpose":
        return pending_question_step(decision) or "check"
    if is_question:
        return next_question_step(decision) or "check"
    steps = steps_for(decision)
    position = steps.index(step) if step in steps else -1
    return steps[position + 1] if 0 <= position < len(steps) - 1 else "finalise"


def resume_step(decision: SharingDecision) -> str:
    """Where a draft picks up again: the page after the last one saved. A draft never saved
    starts with the people; a check or finalise page (where an amendment starts) is shown
    again; a draft last changed elsewhere (through the API) opens the summary, which lists
    what is still needed."""
    saved = decision.draft_step
    if not saved:
        return "people"
    if saved in ("check", "finalise"):
        return saved
    if saved not in steps_for(decision):
        return "finalise"
    return step_after(decision, saved)


def step_before(decision: SharingDecision, step: str) -> str | None:
    """Where Back leads from `step`: the page before it that the person has been through.
    A question still unanswered is skipped: after a "not sure" the flow goes straight to
    check answers, past the next question in play, which Back must not open."""
    steps = steps_for(decision)
    if step not in steps:
        return None
    for earlier in reversed(steps[: steps.index(step)]):
        if earlier.startswith("question:") and earlier[9:] not in decision.answers:
            continue
        return earlier
    return None


def advice_return(step: str, return_to: str = "") -> str:
    """What the advice request page carries to say which page of the flow a question was
    asked from ("Return to your decision" and its Back link come back there): the step's
    name, with the return setting the page was opened with ("outcome,finalise"). Only a
    name of a step, never an address: ``advice_return_target`` checks it."""
    return f"{step},{return_to}" if return_to in RETURN_TO else step


def advice_return_target(decision: SharingDecision, value: str) -> tuple[str, str] | None:
    """(the step, its return setting) that an ``advice_return`` value names, when it is one
    of the draft's steps now; None for anything else (a made-up or out-of-date value)."""
    step, _, back_to = value.partition(",")
    if step not in steps_for(decision) or (back_to and back_to not in RETURN_TO):
        return None
    return step, back_to


def advice_url(decision: SharingDecision, step: str = "", return_to: str = "") -> str | None:
    """The advice request page, when the advice app provides one: for this decision and,
    given the page it is asked from, with the way back to that page."""
    try:
        url = reverse("advice:request_new")
    except NoReverseMatch:
        return None
    query: dict[str, str | int] = {"decision": decision.pk}
    if step:
        query["return"] = advice_return(step, return_to)
    return f"{url}?{urlencode(query)}"
