"""Helpers shared by the decision pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Subquery
from django.db.models.fields.json import KT
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from infoshare.audit.models import AuditEvent
from infoshare.core import kept_labels
from infoshare.core.errors import NotFound
from infoshare.core.times import datetime_text
from infoshare.decisions import flow
from infoshare.decisions.audit import Action
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.models.decision import decision_label
from infoshare.decisions.selectors import get_draft_for
from infoshare.decisions.selectors.decisions import own_records
from infoshare.decisions.services.drafts import NotADraft
from infoshare.decisions.views import flow_advice, page_revisions
from infoshare.decisions.views.page_revisions import ChangedMeanwhile

View = Callable[..., HttpResponse]


def not_found_as_404(view: View) -> View:
    """A selector's NotFound ("missing" or "not yours") becomes the GOV.UK 404 page; a
    page not yet reachable sends the person to the first page still needed."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except (AlreadyFinal, NotADraft) as final:
            # Finalised before this page was opened, or while it was open (another tab, the
            # API): the service found the author's record no longer a draft. What they sent
            # was not saved: an alert (focused); on opening a page, information.
            said = messages.warning if request.method == "POST" else messages.info
            said(
                request,
                "This record has been finalised, so it can no longer be changed here. "
                "To correct it, amend it.",
            )
            url = reverse("decisions:decision_detail", kwargs={"decision_id": final.decision_id})
            return redirect(url)
        except AmendmentWithdrawn as withdrawn:
            return _withdrawn_page(request, withdrawn)
        except NotYetReachable as early:
            if request.method == "POST":
                # Typically another tab changed an earlier answer while this page was open.
                messages.warning(
                    request,
                    "Your answers have changed since that page was opened, so what you "
                    "entered there was not saved. Answer this question first.",
                )
            return redirect(early.url)
        except NotFound:
            raise Http404 from None

    return wrapper


class AlreadyFinal(NotFound):
    """The page belongs to the flow of a draft that its author has since finalised."""

    def __init__(self, decision_id: int) -> None:
        super().__init__()
        self.decision_id = decision_id


class AmendmentWithdrawn(NotFound):
    """The page belongs to an amendment its author was writing that a manager of the
    organisation has since deleted (``services.withdraw_amendment``): for its author only,
    who was told by email who deleted it."""

    def __init__(self, *, label: str, manager: str, at: dt.datetime, record_id: int | None) -> None:
        super().__init__()
        self.label = label
        self.manager = manager
        self.at = at
        self.record_id = record_id


#: What was typed on the page of a deleted amendment is shown back whole, to copy.
SHOWN_WHOLE = 100_000


def _withdrawn_page(request: HttpRequest, withdrawn: AmendmentWithdrawn) -> HttpResponse:
    """A page of a deleted amendment: opened, the record it amended, saying so; sent, a
    page saying so too, with what was typed on it (nothing was saved) to copy."""
    said = (
        f"{withdrawn.manager} deleted your amendment of {withdrawn.label} on "
        f"{datetime_text(withdrawn.at)}, so that the record can be corrected again"
    )
    record_url = (
        reverse("decisions:decision_detail", kwargs={"decision_id": withdrawn.record_id})
        if withdrawn.record_id is not None
        else reverse("core:home")
    )
    if request.method != "POST":
        messages.info(request, f"{said}. The record itself has not changed.")
        return redirect(record_url)
    # The page cannot be drawn again (its draft has gone), so each answer is named by its
    # field, and only free text is shown (``kept_labels``: never an id or a code).
    typed = kept_labels.shown_answers(request, request.POST, SHOWN_WHOLE)
    context = {
        "withdrawn": withdrawn,
        "said": said,
        "typed": typed,
        "record_url": record_url,
    }
    return render(request, "decisions/amendment_withdrawn.html", context, status=409)


def _withdrawn_amendment(user: Any, decision_id: int) -> AmendmentWithdrawn | None:
    """The user's own amendment ``decision_id`` if a manager deleted it: who, when, and
    the record it amended now (in one query of the audit trail, the only place a deleted
    draft is remembered); None for any other id, so that it stays a plain 404."""
    current = SharingDecision.objects.filter(
        organisation_id=OuterRef("organisation_id"),
        reference=OuterRef("reference"),
        status=Status.FINAL,
    )
    manager = get_user_model().objects.filter(pk=OuterRef("actor_id"))
    found = (
        AuditEvent.objects.filter(
            action=Action.AMENDMENT_WITHDRAWN,
            object_type=SharingDecision._meta.label,
            object_id=str(decision_id),
            data__author_id=user.pk,
            data__why="withdrawn_by_manager",
        )
        .annotate(
            reference=KT("data__reference"),
            manager_name=Subquery(manager.values("full_name")[:1]),
            manager_email=Subquery(manager.values("email")[:1]),
            record_id=Subquery(current.values("pk")[:1]),
        )
        .order_by("-id")
        .values("occurred_at", "data", "manager_name", "manager_email", "actor_label", "record_id")
        .first()
    )
    if found is None:
        return None
    data = found["data"]
    return AmendmentWithdrawn(
        label=decision_label(str(data.get("reference", "")), int(data.get("version", 2)) - 1),
        manager=found["manager_name"] or found["manager_email"] or found["actor_label"],
        at=found["occurred_at"],
        record_id=found["record_id"],
    )


class NotYetReachable(Exception):
    """The page needs answers not yet given: the person goes to the first page still
    needed instead (nothing posted to the page is saved)."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def draft_for(request: HttpRequest, decision_id: int, step: str = "") -> SharingDecision:
    """The person's own draft; with the `step` of a page that opens only once the answers
    it needs are given (`flow.NEEDS_ANSWERS`), NotYetReachable when they are not, naming
    the first page still needed (with the page's return setting, so a change still comes
    back where it started)."""
    try:
        decision = get_draft_for(request.user, decision_id)
    except NotFound:
        # Back, in the browser, after finalising: the author's own record, now final.
        finalised = own_records(request.user).filter(pk=decision_id).exclude(status=Status.DRAFT)
        if finalised.exists():
            raise AlreadyFinal(decision_id) from None
        # An amendment a manager deleted while its author had its page open.
        withdrawn = _withdrawn_amendment(request.user, decision_id)
        if withdrawn is not None:
            raise withdrawn from None
        raise
    needed = flow.first_needed_step(decision, step) if step else None
    if needed is not None:
        raise NotYetReachable(flow.step_url(decision, needed, return_to=return_to(request)))
    # The page as it was left when asking for advice, if something on it was not saved.
    flow_advice.note_kept_page(request, decision)
    return decision


def return_to(request: HttpRequest) -> str:
    value = request.GET.get("return", "")
    return value if value in flow.RETURN_TO else ""


def is_urgent(decision: SharingDecision) -> bool:
    return flow.at_risk(decision.answers)


def render_step(
    request: HttpRequest,
    template: str,
    decision: SharingDecision,
    step: str,
    *,
    status: int = 200,
    edits: Sequence[str] = (),
    changed_meanwhile: ChangedMeanwhile | None = None,
    **context: Any,
) -> HttpResponse:
    """A page of the flow, with its Back link and its way to ask for advice. Its form
    sent with "Not sure — ask for advice" and shown again (not complete) goes to the advice
    request page instead, once what can be saved is saved (``flow_advice``); a page left
    that way is shown again as it was left, without its problems.

    A page whose form saves the draft names what it ``edits`` (as
    ``page_revisions.stored`` names them): its form carries the revision it was drawn
    from, and a save refused because they were changed meanwhile (``changed_meanwhile``, in
    another tab or window) shows the page again (409) with what was typed, what is
    stored now, and a fresh revision."""
    form: Any = context.get("form")
    changed = changed_meanwhile
    if flow_advice.asks_advice(request) and changed is None:
        try:
            return _ask_advice(request, decision, step, form, edits)
        except ChangedMeanwhile as meanwhile:
            changed = meanwhile
    if flow_advice.shown_as_left(request, form):
        form.errors.clear()
        status = 200
    if edits:
        context["revision"] = page_revisions.shown_revision(request, decision, edits, changed)
    if changed is not None and isinstance(form, forms.BaseForm):
        context["saved_meanwhile"] = page_revisions.show_changed(form, changed)
        status = 409
    back_to = return_to(request)
    base = {
        "decision": decision,
        "step": step,
        "back_url": _back_url(decision, step, back_to),
        "safeguarding_alert": is_urgent(decision),
        "advice_url": flow.advice_url(decision, step, back_to),
        "advice_form": "",
        "return_to": back_to,
    }
    if isinstance(form, forms.BaseForm) and flow_advice.asks_through_form(step):
        # The page's own form (its template names it PAGE_FORM_ID) is sent with the question.
        base["advice_form"] = flow_advice.PAGE_FORM_ID
    # Otherwise nothing to submit with the question: a link to the advice request page.
    return render(request, template, base | context, status=status)


def _back_url(decision: SharingDecision, step: str, back_to: str) -> str:
    """Back to the page a change came from; for an amendment not yet changed, from the
    summary it starts on, to the record it amends; else to the page before in the flow
    that the practitioner was shown: past the risk of harm question of a draft started
    with "Start an urgent record" (``SharingDecision.started_urgently``, kept on the
    draft), which the flow never showed (only check answers' Change link opens it)."""
    if back_to:
        return flow.step_url(decision, back_to)
    if step == "finalise" and is_unchanged_amendment(decision):
        return reverse("decisions:decision_detail", kwargs={"decision_id": decision.previous_id})
    back = flow.step_before(decision, step)
    if back == flow.question_step(flow.RISK) and decision.started_urgently:
        back = flow.step_before(decision, back)
    return flow.step_url(decision, back) if back else ""


def is_unchanged_amendment(decision: SharingDecision) -> bool:
    """An amendment nothing has been changed in since it was started (from the record's
    "Amend this record"): every change to a draft moves its ``updated_at`` on."""
    return decision.previous_id is not None and decision.updated_at == decision.created_at


def _ask_advice(
    request: HttpRequest, decision: SharingDecision, step: str, form: Any, edits: Sequence[str]
) -> HttpResponse:
    """What is on the page saved as far as it can be (the rest kept as typed), then the
    advice request page, which leads back to this page; not when what the page edits was
    changed meanwhile (``ChangedMeanwhile``, which the page shows)."""
    decision = flow_advice.save_page(request, decision, step, form, edits)
    return _to_advice(request, decision, step)


def _to_advice(request: HttpRequest, decision: SharingDecision, step: str) -> HttpResponse:
    back_to = return_to(request)
    url = flow.advice_url(decision, step, back_to)
    return redirect(url or flow.step_url(decision, step, return_to=back_to))


def continue_from(request: HttpRequest, decision: SharingDecision, step: str) -> HttpResponse:
    """On to the next page; after a change, the return setting goes along until the page
    it names is reached, which keeps the rest of it (check answers, then the summary). A
    page sent, complete, with "Not sure — ask for advice" is saved, as with Continue, and
    goes to the advice request page, which leads back to it."""
    if flow_advice.asks_advice(request):
        return _to_advice(request, decision, step)
    back_to = return_to(request)
    nxt = flow.step_after(decision, step, back_to)
    target, onward = flow.return_target(back_to)
    keep = onward if nxt == target else back_to
    return redirect(flow.step_url(decision, nxt, return_to=keep))


def posted(request: HttpRequest) -> Any:
    """The form data of a POST (bound even when empty, so that nothing is an error-free
    no-op), or None for a GET; for a GET of a page left with something not saved when
    asking for advice, what was on it then (``flow_advice``)."""
    return request.POST if request.method == "POST" else flow_advice.kept_page(request)
