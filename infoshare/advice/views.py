"""Advice pages: thin views that parse a form, call one service or selector, render."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from infoshare.advice import errors, notifications, page_keys, selectors, services
from infoshare.advice.formatting import age_text, response_time_text
from infoshare.advice.forms import AdviceRequestForm, ReferenceSearchForm, ReplyForm
from infoshare.advice.links import (
    RETURN_STEP_MAX,
    DecisionLink,
    decision_link,
    may_see_decision,
)
from infoshare.advice.models import AdviceRequest, Status
from infoshare.advice.policy import ANSWER_ROLES
from infoshare.audit.refused_ids import mark_refused
from infoshare.core.access import roles_held
from infoshare.core.errors import DomainError, NotFound
from infoshare.core.numbers import parse_id
from infoshare.core.pages import add_domain_error, form_status, paginate


def _decision_from_query(request: HttpRequest) -> int | None:
    # A malformed link is ignored rather than refused.
    return parse_id(request.GET.get("decision", ""))


#: The page of the draft a question is asked from (``?return=``, and the new-question
#: form's hidden field): "Return to your decision" and the Back link lead back to it. The
#: decisions app names the page and checks the name (``links.decision_link``).
RETURN = "return"


#: The new-question form's hidden field saying it was shown for the asker's own draft,
#: which keeps the question (``services.ask_for_advice(for_draft=)``).
FOR_DRAFT = "for_draft"


def _return_step(data: QueryDict) -> str:
    return str(data.get(RETURN, ""))[:RETURN_STEP_MAX]


def _decision_link(
    request: HttpRequest, advice_request: AdviceRequest, return_step: str = ""
) -> DecisionLink | None:
    if not selectors.is_asker(request.user, advice_request):
        return None
    return decision_link(
        request.user, advice_request.asked_by_id, advice_request.context_decision_id, return_step
    )


def _fetch(request: HttpRequest, request_id: int) -> AdviceRequest:
    try:
        return selectors.get_advice_request_for(request.user, request_id)
    except NotFound as error:
        raise Http404(error.message) from error


def _asked_from(
    request: HttpRequest, decision_id: int | None, return_step: str = ""
) -> dict[str, Any]:
    """The decision the question is asked from, for the page: the way back to it (to the
    page of the draft it was asked from) and, when it says a child may be at risk of
    significant harm, the safeguarding banner."""
    link = decision_link(request.user, request.user.pk or 0, decision_id, return_step)
    return {"decision_link": link, "safeguarding_alert": bool(link and link.urgent)}


@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    organisations = selectors.asking_organisations_for(request.user)
    advisors = selectors.nameable_advisors_for(request.user)
    # Who answers for each of their organisations: "my organisation" is offered only where
    # someone does (``policy``).
    routes = selectors.who_answers_for(request.user, organisations)
    offered: dict[str, Any] = {
        "organisations": organisations,
        "advisors": advisors,
        "routes": routes,
    }
    # The page of the draft it is asked from: in the link's query, then in the form's field.
    return_step = _return_step(request.POST if request.method == "POST" else request.GET)
    if request.method == "POST":
        form = AdviceRequestForm(request.POST, **offered)
        decision_id = parse_id(request.POST.get("decision", ""))
        if form.is_valid():
            data = form.cleaned_data
            named = data["name_person"] == "yes"
            try:
                created = services.ask_for_advice(
                    actor=request.user,
                    question=data["question"],
                    addressed_to=data["addressed_to"],
                    advisor_id=data.get("advisor"),
                    organisation_id=data.get("organisation"),
                    about_person_named=named,
                    person_description=data["person_description"] if named else "",
                    urgent=data["urgent"],
                    context_decision_id=data["decision"],
                    idempotency_key=page_keys.posted_key(request, "question", data),
                    # Sent from a page shown for the asker's draft, which keeps the
                    # question: not asked if the draft was finalised since (the page shown
                    # again says so, without this field: sent again, it is asked anyway).
                    for_draft=request.POST.get(FOR_DRAFT) == "yes",
                )
            except NotFound:
                # The decision has gone (a discarded draft) or was never theirs: the same
                # answer for both. The question is kept; sent again, it is asked without it.
                form = _without_decision(request, offered)
                decision_id = None
            except DomainError as error:
                add_domain_error(form, error)
            else:
                return _sent(created, return_step)
    else:
        decision_id = _decision_from_query(request)
    asked_from = _asked_from(request, decision_id, return_step)
    # Their own decision is one they may see: only another's needs the second look.
    if (
        request.method != "POST"
        and decision_id is not None
        and asked_from["decision_link"] is None
        and not may_see_decision(request.user, decision_id)
    ):
        mark_refused("decision_id", [decision_id])  # audited as a refusal
        raise Http404("Decision not found")
    if request.method != "POST":
        # Asked from an urgent draft: the question is urgent too, unless they untick it.
        initial = {"decision": decision_id, "urgent": asked_from["safeguarding_alert"]}
        form = AdviceRequestForm(initial=initial, **offered)
    context = {"form": form, "page_key": page_keys.new_page_key(), **asked_from}
    status = 400 if form.errors else 200
    return render(request, "advice/request_new.html", context, status=status)


def _sent(created: AdviceRequest, return_step: str) -> HttpResponse:
    """The page after sending, keeping the page of the draft the question was asked from
    (its "Return to your decision" leads back there)."""
    url = reverse("advice:request_sent", kwargs={"request_id": created.pk})
    if return_step and created.context_decision_id is not None:
        url = f"{url}?{urlencode({RETURN: return_step})}"
    return redirect(url)


def _without_decision(request: HttpRequest, offered: dict[str, Any]) -> AdviceRequestForm:
    data = request.POST.copy()
    data["decision"] = ""
    form = AdviceRequestForm(data, **offered)
    form.is_valid()
    form.add_error(None, errors.DECISION_GONE)
    return form


def request_sent(request: HttpRequest, request_id: int) -> HttpResponse:
    advice_request = _fetch(request, request_id)
    if not selectors.is_asker(request.user, advice_request):
        raise Http404("Advice request not found")
    context = {
        "advice_request": advice_request,
        "decision_link": _decision_link(request, advice_request, _return_step(request.GET)),
        # Whom it was emailed to, as the email was addressed (``notifications``), and who
        # else at the organisation sees it too (a named advisor's question): its advisors,
        # or its managers where it has no advisor.
        "emailed": notifications.addressees(advice_request),
        "also_seen": selectors.who_answers_in(
            request.user, advice_request.organisation, besides=advice_request.advisor_id
        ),
    }
    return render(request, "advice/request_sent.html", context)


def index(request: HttpRequest) -> HttpResponse:
    """``/advice/``: advisors and managers to the queue they answer, others to their own
    requests."""
    if roles_held(request.user) & set(ANSWER_ROLES):
        return redirect("advice:queue")
    return redirect("advice:my_requests")


def my_requests(request: HttpRequest) -> HttpResponse:
    """The asker's requests with their questions and replies: those that name the person
    are audited as read (the queue shows neither for them, so it needs no audit)."""
    context = paginate(request, selectors.my_advice_requests(request.user))
    page = context["page_obj"]
    selectors.record_listed(request.user, page, via="page", scope="mine", page=page.number)
    return render(request, "advice/my_requests.html", context)


def queue(request: HttpRequest) -> HttpResponse:
    context = paginate(request, selectors.queue_for(request.user))
    now = timezone.now()
    # Waiting since the last question not yet answered: a follow-up counts from when the
    # asker sent it (time to first response, for measurement, still counts from the first).
    context["rows"] = [
        {"item": item, "age": age_text(item.waiting_since, now)} for item in context["page_obj"]
    ]
    context["tab"] = Status.OPEN
    return render(request, "advice/queue.html", context)


#: The lists beside the queue: their heading and what they say when empty.
_HANDLED = {
    Status.ANSWERED: ("Answered advice requests", "No advice requests have been answered yet."),
    Status.CLOSED: ("Closed advice requests", "No advice requests have been closed yet."),
}


def queue_answered(request: HttpRequest) -> HttpResponse:
    return _handled(request, Status.ANSWERED)


def queue_closed(request: HttpRequest) -> HttpResponse:
    return _handled(request, Status.CLOSED)


def _handled(request: HttpRequest, status: Status) -> HttpResponse:
    """The requests answered (or closed) that the person answers: the queue's scope, newest
    first, with the time each took to its first response, and a search by reference. Like
    the queue, it shows neither the description of the person nor the question of a
    request that names them, so it needs no audit (their page is audited when opened)."""
    form = ReferenceSearchForm(request.GET)
    valid = form.is_valid()
    request_id = form.cleaned_data["reference"] if valid else None
    items = (
        selectors.handled_for(request.user, status, request_id=request_id)
        if valid
        else AdviceRequest.objects.none()
    )
    context = paginate(request, items)
    context["rows"] = [
        {
            "item": item,
            "response_time": response_time_text(
                item.created_at, item.first_response_at, closed=item.is_closed
            ),
        }
        for item in context["page_obj"]
    ]
    heading, empty = _HANDLED[status]
    context |= {
        "tab": status,
        "heading": heading,
        "empty": "No advice request here has that reference." if request_id else empty,
        "form": form,
        "searched": request_id is not None,
    }
    return render(request, "advice/queue_handled.html", context, status=form_status(form))


@require_http_methods(["GET", "POST"])
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    advice_request = _fetch(request, request_id)
    form = ReplyForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            started = timezone.now()
            try:
                reply = services.reply_to_advice(
                    actor=request.user,
                    request_id=advice_request.pk,
                    body=form.cleaned_data["body"],
                    idempotency_key=page_keys.posted_key(request, "reply", form.cleaned_data),
                )
            except DomainError as error:
                advice_request = _fetch(request, request_id)  # as it is now
                if not advice_request.is_closed:
                    add_domain_error(form, error)
            else:
                if reply.created_at >= started:  # not the same page sent again
                    messages.success(request, "Your reply has been sent")
                return redirect("advice:request_detail", request_id=advice_request.pk)
        if advice_request.is_closed:
            # No reply box on a closed request, so the message links to nothing. What they
            # wrote (closed while they were writing it) is shown back, to copy.
            message = errors.closed_message(
                is_asker=selectors.is_asker(request.user, advice_request)
            )
            typed = str(request.POST.get("body", "")).strip()
            return _detail_with_error(request, advice_request, message, not_sent=typed)
    return _render_detail(request, advice_request, form, status=400 if form.errors else 200)


def _detail_with_error(
    request: HttpRequest, advice_request: AdviceRequest, message: str, *, not_sent: str = ""
) -> HttpResponse:
    """The request's page with a problem that belongs to no field on it (GOV.UK error
    summary without a link; "Error: " in the title). ``not_sent``: a reply the request was
    closed before, shown as it was typed (escaped) so that it can be copied."""
    extra = {"page_error": message, "has_errors": True, "not_sent": not_sent}
    return _render_detail(request, advice_request, ReplyForm(), status=400, extra=extra)


def _render_detail(
    request: HttpRequest,
    advice_request: AdviceRequest,
    form: ReplyForm,
    *,
    status: int,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """The request's page, however it is reached: each showing of a request that names
    the person is audited (a redirect after a reply is audited by the page it leads to)."""
    context = _detail_context(request, advice_request, form) | (extra or {})
    selectors.record_viewed(request.user, advice_request, via="page")
    return render(request, "advice/request_detail.html", context, status=status)


def _detail_context(
    request: HttpRequest, advice_request: AdviceRequest, form: ReplyForm
) -> dict[str, Any]:
    is_asker = selectors.is_asker(request.user, advice_request)
    answers = selectors.can_answer(request.user, advice_request)
    return {
        "advice_request": advice_request,
        "replies": selectors.replies_to(advice_request),
        "form": form,
        "is_asker": is_asker,
        "can_reply": not advice_request.is_closed and (is_asker or answers),
        # Someone who answers closes it only once it has been answered: a reply tells the
        # asker why (``services.close_advice_request``).
        "can_close": not advice_request.is_closed
        and (is_asker or (answers and advice_request.first_response_at is not None)),
        "reply_before_closing": errors.REPLY_BEFORE_CLOSING,
        "answers": answers,
        "back": _back_to_list(advice_request),
        "age": age_text(advice_request.created_at, timezone.now()),
        # Time to first response, kept for measurement: shown to those who answer.
        "response_time": response_time_text(
            advice_request.created_at,
            advice_request.first_response_at,
            closed=advice_request.is_closed,
        ),
        "decision_link": _decision_link(request, advice_request),
        "page_key": page_keys.new_page_key(),
    }


#: For those who answer: the list a request is in, by its status.
_LISTS: dict[str, tuple[str, str]] = {
    Status.OPEN: ("advice:queue", "Advice requests waiting"),
    Status.ANSWERED: ("advice:queue_answered", "Answered advice requests"),
    Status.CLOSED: ("advice:queue_closed", "Closed advice requests"),
}


def _back_to_list(advice_request: AdviceRequest) -> dict[str, str]:
    name, label = _LISTS.get(advice_request.status, _LISTS[Status.OPEN])
    return {"url": reverse(name), "label": label}


@require_POST
def request_close(request: HttpRequest, request_id: int) -> HttpResponse:
    advice_request = _fetch(request, request_id)
    try:
        services.close_advice_request(actor=request.user, request_id=advice_request.pk)
    except DomainError as error:
        advice_request = _fetch(request, request_id)  # as it is now
        if error.code == errors.Code.CLOSED and advice_request.closed_by_id == request.user.pk:
            # Pressed twice, or sent again from the page as it was: they closed it already,
            # so it is done (the first press's "You have closed" is still to be shown).
            return redirect("advice:request_detail", request_id=advice_request.pk)
        return _detail_with_error(request, advice_request, error.message)
    messages.success(request, "You have closed this advice request")
    return redirect("advice:request_detail", request_id=advice_request.pk)
