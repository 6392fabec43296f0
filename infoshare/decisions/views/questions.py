"""The key questions, one per page, and the check-answers page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET, require_http_methods

from infoshare.core.errors import DomainError
from infoshare.core.pages import add_domain_error
from infoshare.decisions import engine, flow
from infoshare.decisions.content import CATEGORY_LABELS
from infoshare.decisions.forms import QuestionForm
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.services import update_draft
from infoshare.decisions.summary import (
    APPROPRIATE_AND_SECURE,
    DIRECTION_SUMMARY,
    change_text,
    recipient_heading,
)
from infoshare.decisions.views.common import (
    continue_from,
    draft_for,
    not_found_as_404,
    posted,
    render_step,
    return_to,
)
from infoshare.decisions.views.page_revisions import ChangedMeanwhile, page_check


@not_found_as_404
@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, decision_id: int, key: str) -> HttpResponse:
    """One key question, with the guidance's hint and a route to advice if not sure."""
    decision = draft_for(request, decision_id)
    edition = engine.get_edition(decision.edition)
    if key not in {q.key for q in edition.questions}:
        raise Http404
    asked = edition.question(key)
    step = flow.question_step(key)
    form = QuestionForm(
        posted(request), initial={"answer": decision.answers.get(key)}, question=asked
    )
    # What the page saves (``page_revisions``): its question's answer.
    edits = (f"answers.{key}",)
    changed = None
    if request.method == "POST" and form.is_valid():
        answer = form.cleaned_data["answer"]
        try:
            decision = update_draft(
                actor=request.user,
                decision_id=decision.pk,
                answers={key: answer},
                step=step,
                check=page_check(request, edits, {edits[0]: answer}),
            )
            return continue_from(request, decision, step)
        except ChangedMeanwhile as meanwhile:
            changed = meanwhile
        except DomainError as problem:
            add_domain_error(form, problem)
    return render_step(
        request,
        "decisions/question.html",
        decision,
        step,
        status=400 if form.errors else 200,
        edits=edits,
        changed_meanwhile=changed,
        form=form,
        question=asked,
        # The list its hint asks the practitioner to check, on the page that asks it.
        checklist=edition.checklist if key == APPROPRIATE_AND_SECURE else (),
    )


def answer_rows(decision: SharingDecision, change_return: str = "check") -> list[dict[str, str]]:
    edition = engine.get_edition(decision.edition)
    rows = []
    for key in flow.questions_in_play(decision):
        if key in decision.answers:
            rows.append(
                {
                    "key": key,
                    "question": edition.question(key).text,
                    "answer": edition.label(key, decision.answers[key]),
                    "change": change_text(edition, key),
                    "href": flow.step_url(
                        decision, flow.question_step(key), return_to=change_return
                    ),
                }
            )
    return rows


@not_found_as_404
@require_GET
def check_answers(request: HttpRequest, decision_id: int) -> HttpResponse:
    """Every answer so far with a Change link; a change comes back here."""
    decision = draft_for(request, decision_id, "check")
    change_return = flow.change_return(return_to(request))
    return render_step(
        request,
        "decisions/check_answers.html",
        decision,
        "check",
        people=list(decision.people.all()),
        rows=answer_rows(decision, change_return),
        change_return=change_return,
        direction=DIRECTION_SUMMARY.get(decision.direction, ""),
        recipient_heading=recipient_heading(decision),
        categories=CATEGORY_LABELS,
    )
