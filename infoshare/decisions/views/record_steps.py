"""After the recommendation: what the practitioner did and the record of it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from infoshare.core.errors import DomainError, NotFound, ValidationFailed
from infoshare.core.pages import add_domain_error, form_status
from infoshare.decisions import engine, flow, services
from infoshare.decisions.dates import initial_for
from infoshare.decisions.engine.lawful_bases import (
    ARTICLE_10_NOTE,
    SPECIAL_CATEGORY_NOTE,
    likely_bases,
)
from infoshare.decisions.forms import (
    ADVICE_ELSEWHERE_NEEDED,
    AmendForm,
    BasesForm,
    InformationForm,
    OutcomeForm,
    SharingForm,
    ToldForm,
    departure_field,
)
from infoshare.decisions.models import Outcome, SharingDecision, Status
from infoshare.decisions.selectors import get_decision_for
from infoshare.decisions.selectors.advice import advice_for, advice_shown_to
from infoshare.decisions.selectors.countersign import someone_else_may_countersign
from infoshare.decisions.selectors.scope import manages
from infoshare.decisions.services.changes import SHARING_ONLY
from infoshare.decisions.services.records import (
    PROBLEM_STEPS,
    AdviceArrived,
    DraftChanged,
    review_problem,
    reviewed_revision,
)
from infoshare.decisions.summary import (
    APPROPRIATE_AND_SECURE,
    BASIS_NAMES,
    RECOMMENDATION_LABELS,
    record_rows,
    security_caution,
)
from infoshare.decisions.views.common import (
    continue_from,
    draft_for,
    is_urgent,
    not_found_as_404,
    posted,
    render_step,
    return_to,
)
from infoshare.decisions.views.page_revisions import ChangedMeanwhile, page_check


def _save_step(
    request: HttpRequest,
    decision: SharingDecision,
    form: forms.Form,
    step: str,
    template: str,
    changes: dict[str, Any] | None,
    edits: Sequence[str],
    **context: Any,
) -> HttpResponse:
    """Saves a valid form's changes and continues, or shows the page again with every
    value typed and the errors (nothing is lost, nothing half-saved); not over what the
    page ``edits`` when it was changed since the page was drawn (in another tab: the
    check is made with the draft locked, ``page_revisions``)."""
    changed = None
    if changes is not None:
        try:
            decision = services.update_draft(
                actor=request.user,
                decision_id=decision.pk,
                changes=changes,
                step=step,
                check=page_check(request, edits, changes),
            )
            return continue_from(request, decision, step)
        except ChangedMeanwhile as meanwhile:
            changed = meanwhile
        except DomainError as problem:
            add_domain_error(form, problem)
    status = form_status(form)
    return render_step(
        request,
        template,
        decision,
        step,
        status=status,
        edits=edits,
        changed_meanwhile=changed,
        form=form,
        **context,
    )


#: The recommendation page's heading (and title), by recommendation.
RECOMMENDATION_HEADINGS = {
    "share": "You can share the information",
    "do_not_share": "Do not share the information",
    "seek_advice": "Seek advice before you decide",
    "seek_consent": "Seek consent first",
}


@not_found_as_404
@require_GET
def recommendation(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = draft_for(request, decision_id, "recommendation")
    result = engine.evaluate(decision.answers, decision.edition)
    return render_step(
        request,
        "decisions/recommendation.html",
        decision,
        "recommendation",
        result=result,
        heading=RECOMMENDATION_HEADINGS.get(
            result.recommendation, "Answer the remaining questions"
        ),
        basis_name=BASIS_NAMES.get(result.basis or "", ""),
        advice=advice_for(request.user, decision.pk),
        caution=security_caution(decision.answers, engine.get_edition(decision.edition), result),
        caution_change_url=flow.step_url(
            decision, flow.question_step(APPROPRIATE_AND_SECURE), return_to=return_to(request)
        ),
        risk_change_url=flow.step_url(
            decision, flow.question_step(flow.RISK), return_to=return_to(request)
        ),
    )


@not_found_as_404
@require_http_methods(["GET", "POST"])
def outcome(request: HttpRequest, decision_id: int) -> HttpResponse:
    """What the practitioner decided, with what the guidance recommended; why the decision
    differs from the recommendation is asked under each outcome that departs from it, and
    required there (domain spec section 3)."""
    decision = draft_for(request, decision_id, "outcome")
    result = engine.evaluate(decision.answers, decision.edition)
    # The reason given for departing is in the box of each outcome that departs: the one it
    # was given for, and those it comes back for (the service brings a reason set aside
    # back whenever the outcome departs again), so that what comes back is what is shown.
    reason = decision.departure_reason or decision.set_aside_details.get("departure_reason", "")
    initial = {"outcome": decision.outcome, "reasons": decision.reasons}
    initial |= {departure_field(value): reason for value in Outcome.values}
    initial |= _advice_elsewhere_initial(decision)
    form = OutcomeForm(
        posted(request),
        initial=initial,
        recommendation=result.recommendation,
        recommended=_recommended(result),
    )
    changes = None
    if request.method == "POST" and form.is_valid():
        changes = {"outcome": form.cleaned_data["outcome"]}
        if form.cleaned_data["departure_reason"] is not None:
            # Only when the outcome departs: otherwise the reason given before is set aside
            # (services.set_aside), and comes back if the outcome departs again.
            changes["departure_reason"] = form.cleaned_data["departure_reason"]
        changes["reasons"] = form.cleaned_data["reasons"]
        if form.cleaned_data["advice_elsewhere"]:
            # "No" clears what was given before; unanswered (optional) changes nothing.
            changes |= {name: form.cleaned_data[name] for name in ADVICE_ELSEWHERE_NEEDED}
    return _save_step(
        request,
        decision,
        form,
        "outcome",
        "decisions/outcome.html",
        changes,
        OUTCOME_EDITS,
        result=result,
        departing=form.departing,
        keeps_share_details=_has_share_details(decision),
    )


#: What the outcome page saves (``page_revisions``).
OUTCOME_EDITS = ("outcome", "departure_reason", "reasons", *ADVICE_ELSEWHERE_NEEDED)


def _advice_elsewhere_initial(decision: SharingDecision) -> dict[str, str]:
    """Advice got outside Infoshare as the outcome page shows it again: "Yes" with who
    gave it and what they advised; otherwise nothing chosen (an optional question is never
    answered "No" for the practitioner: the record holds no difference between "No" and
    not answered)."""
    given = {name: getattr(decision, name) for name in ADVICE_ELSEWHERE_NEEDED}
    if any(given.values()):
        return given | {"advice_elsewhere": "yes"}
    return given | {"advice_elsewhere": ""}


def _recommended(result: engine.Evaluation) -> str:
    """What the guidance recommended, in the words of the recommendation page and the
    record ("The guidance recommended: Share. Basis: Consent."); empty without one."""
    if result.recommendation not in RECOMMENDATION_HEADINGS:
        return ""
    said = f"The guidance recommended: {RECOMMENDATION_LABELS[result.recommendation]}."
    basis = BASIS_NAMES.get(result.basis or "", "")
    return f"{said} Basis: {basis}." if basis else said


def _has_share_details(decision: SharingDecision) -> bool:
    """Whether the draft holds details of a share, in use or set aside while not shared."""
    given = any(getattr(decision, field) != empty for field, empty in SHARING_ONLY.items())
    return given or any(field in SHARING_ONLY for field in decision.set_aside_details)


@not_found_as_404
@require_http_methods(["GET", "POST"])
def bases(request: HttpRequest, decision_id: int) -> HttpResponse:
    """Lawful bases, with those the answers point to offered first."""
    decision = draft_for(request, decision_id, "bases")
    likely = likely_bases(decision.answers)
    initial = {
        "gateway": decision.gateway,
        "article6": decision.article6,
        "special_category": decision.special_category,
        "article9": decision.article9,
        "schedule1": decision.schedule1,
    }
    form = BasesForm(
        posted(request),
        initial=initial,
        likely=likely,
        categories=decision.information_categories,
    )
    changes = None
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in initial}
    return _save_step(
        request,
        decision,
        form,
        "bases",
        "decisions/bases.html",
        changes,
        tuple(initial),
        likely=likely,
        special_category_note=SPECIAL_CATEGORY_NOTE,
        article_10_note=ARTICLE_10_NOTE,
    )


@not_found_as_404
@require_http_methods(["GET", "POST"])
def information(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = draft_for(request, decision_id, "information")
    names = ("information_categories", "information_description", "facts", "opinion")
    initial = {name: getattr(decision, name) for name in names}
    form = InformationForm(posted(request), initial=initial)
    changes = None
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in names}
    return _save_step(
        request, decision, form, "information", "decisions/information.html", changes, names
    )


@not_found_as_404
@require_http_methods(["GET", "POST"])
def sharing(request: HttpRequest, decision_id: int) -> HttpResponse:
    """How and when the information was shared (GOV.UK date input). The date is empty
    until the practitioner gives it: never a guess such as today's date, which is wrong
    for a record completed on a later day and would be saved unnoticed."""
    decision = draft_for(request, decision_id, "sharing")
    initial = {"method": decision.method, "method_detail": decision.method_detail}
    initial |= initial_for("shared_on", decision.shared_on)
    form = SharingForm(posted(request), initial=initial)
    changes = None
    if request.method == "POST" and form.is_valid():
        changes = {
            "method": form.cleaned_data["method"],
            "method_detail": form.cleaned_data["method_detail"],
            "shared_on": form.cleaned_data["shared_on"],
        }
    return _save_step(
        request, decision, form, "sharing", "decisions/sharing.html", changes, SHARING_EDITS
    )


#: What the sharing page saves (``page_revisions``).
SHARING_EDITS = ("method", "method_detail", "shared_on")


@not_found_as_404
@require_http_methods(["GET", "POST"])
def told(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = draft_for(request, decision_id, "told")
    initial = {"person_told": decision.person_told, "reason_not_told": decision.reason_not_told}
    form = ToldForm(posted(request), initial=initial)
    changes = None
    if request.method == "POST" and form.is_valid():
        told_them = form.cleaned_data["person_told"]
        changes = {
            "person_told": told_them,
            "reason_not_told": "" if told_them == "yes" else form.cleaned_data["reason_not_told"],
        }
    return _save_step(
        request, decision, form, "told", "decisions/told.html", changes, tuple(initial)
    )


#: What the pages ask that a record made through the API may leave out: the risk of harm is
#: a flag that "may be set at any point" (domain spec section 2), but the flow asks it of
#: everyone, straight after the purpose, and the pages after the questions need it.
FLOW_PROBLEM_STEPS = {"risk": flow.question_step(flow.RISK)}


def _unasked_in_flow(decision: SharingDecision) -> dict[str, str]:
    if flow.RISK in decision.answers:
        return {}
    return {"risk": "Say whether a child or adult may be at risk of significant harm"}


@not_found_as_404
@require_http_methods(["GET", "POST"])
def finalise(request: HttpRequest, decision_id: int) -> HttpResponse:
    """The whole record to check, with Change links; Finalise makes it final."""
    decision = draft_for(request, decision_id)
    status, reviewed = 200, None
    if request.method == "POST":
        # The revision the page showed: a draft changed since it was opened (in another
        # tab, say), or whose advice did (a reply that arrived), is not finalised, so that
        # nothing is finalised unseen.
        reviewed = request.POST.get("reviewed", "")
        if not _unasked_in_flow(decision):
            try:
                services.finalise_decision(
                    actor=request.user, decision_id=decision.pk, reviewed=reviewed
                )
                return redirect("decisions:confirmation", decision_id=decision.pk)
            except (ValidationFailed, DraftChanged):
                # Shown again as it is now, with any change, to check before finalising.
                decision = draft_for(request, decision_id)
    advice = advice_shown_to(request.user, decision)
    changed = None if reviewed is None else review_problem(reviewed, decision, advice)
    problems = _unasked_in_flow(decision) | services.finalise_problems(decision)
    if request.method == "POST":
        status = 400 if problems or not changed else 409
    # Each link comes back to this summary once the problem is put right.
    problem_links = [
        {
            "text": message,
            "href": flow.step_url(
                decision,
                FLOW_PROBLEM_STEPS.get(field) or PROBLEM_STEPS.get(field, "check"),
                return_to="finalise",
            ),
        }
        for field, message in problems.items()
    ]
    result = engine.evaluate(decision.answers, decision.edition)
    return render_step(
        request,
        "decisions/finalise.html",
        decision,
        "finalise",
        status=status,
        problems=problem_links,
        changed=changed.message if changed else "",
        # Where the error summary leads: the advice that arrived, or the record's summary.
        changed_target=(
            "record-advice" if advice and isinstance(changed, AdviceArrived) else "record-summary"
        ),
        has_errors=status != 200,
        reviewed=reviewed_revision(decision, advice),
        rows=record_rows(decision, viewer=request.user, editable=True),
        result=result,
        recommended=RECOMMENDATION_LABELS.get(result.recommendation, result.recommendation),
        advice=advice,
    )


@not_found_as_404
@require_GET
def confirmation(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = get_decision_for(request.user, decision_id)
    if decision.status == Status.DRAFT or decision.author_id != request.user.pk:
        raise NotFound()
    return render(
        request,
        "decisions/confirmation.html",
        {
            "decision": decision,
            "record_url": reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk}),
            "countersigning": _countersigning(request.user, decision),
        },
    )


def _countersigning(user: Any, decision: SharingDecision) -> dict[str, bool] | None:
    """What the confirmation says of countersigning, where the organisation asks for it
    and the record waits for it (None otherwise): whether anyone may countersign it (a
    manager there other than its author; one query) and whether its author is a manager
    there ("another manager")."""
    if not decision.organisation.countersign_required or decision.countersigned_by_id:
        return None
    return {
        "someone_may": someone_else_may_countersign(decision),
        "author_manages": manages(user, decision.organisation_id),
    }


@not_found_as_404
@require_http_methods(["GET", "POST"])
def discard(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = draft_for(request, decision_id)
    if request.method == "POST":
        services.discard_draft(actor=request.user, decision_id=decision.pk)
        messages.success(request, f"Draft {decision.label} deleted")
        return redirect("core:home")
    return render(
        request,
        "decisions/discard.html",
        {
            "decision": decision,
            "safeguarding_alert": is_urgent(decision),
            "back_url": reverse("decisions:resume", kwargs={"decision_id": decision.pk}),
        },
    )


@not_found_as_404
@require_http_methods(["GET", "POST"])
def amendment_reason(request: HttpRequest, decision_id: int) -> HttpResponse:
    """The reason of one's own amendment in progress, changed (from its summary); back to
    the summary once saved."""
    decision = draft_for(request, decision_id)
    if decision.previous_id is None:
        raise NotFound()
    form = AmendForm(posted(request), initial={"reason": decision.amendment_reason})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_amendment_reason(
                actor=request.user, decision_id=decision.pk, reason=form.cleaned_data["reason"]
            )
            return redirect("decisions:finalise", decision_id=decision.pk)
        except DomainError as problem:
            add_domain_error(form, problem)
    return render(
        request,
        "decisions/amendment_reason.html",
        {
            "decision": decision,
            "form": form,
            "safeguarding_alert": is_urgent(decision),
            "back_url": reverse("decisions:finalise", kwargs={"decision_id": decision.pk}),
        },
        status=form_status(form),
    )
