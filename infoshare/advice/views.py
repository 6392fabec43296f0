"""Advice pages: thin views that parse a form, call one service or selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from infoshare.advice import selectors, services
from infoshare.advice.formatting import age_text
from infoshare.advice.forms import AdviceRequestForm, ReplyForm
from infoshare.advice.links import DecisionLink, decision_link
from infoshare.advice.models import AdviceRequest
from infoshare.core.errors import DomainError, NotFound
from infoshare.core.numbers import parse_id
from infoshare.core.pages import add_domain_error, paginate


def _decision_from_query(request: HttpRequest) -> int | None:
    # A malformed link is ignored rather than refused.
    return parse_id(request.GET.get("decision", ""))


def _decision_link(request: HttpRequest, advice_request: AdviceRequest) -> DecisionLink | None:
    return decision_link(
        request.user, advice_request.asked_by_id, advice_request.context_decision_id
    )


def _fetch(request: HttpRequest, request_id: int) -> AdviceRequest:
    try:
        return selectors.get_advice_request_for(request.user, request_id)
    except NotFound as error:
        raise Http404(error.message) from error


@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    organisations = selectors.asking_organisations_for(request.user)
    if request.method == "POST":
        form = AdviceRequestForm(request.POST, organisations=organisations)
        if form.is_valid():
            data = form.cleaned_data
            named = data["name_person"] == "yes"
            try:
                created = services.ask_for_advice(
                    actor=request.user,
                    question=data["question"],
                    addressed_to=data["addressed_to"],
                    organisation_id=data.get("organisation"),
                    about_person_named=named,
                    person_description=data["person_description"] if named else "",
                    urgent=data["urgent"],
                    context_decision_id=data["decision"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                return redirect("advice:request_sent", request_id=created.pk)
    else:
        form = AdviceRequestForm(
            initial={"decision": _decision_from_query(request)}, organisations=organisations
        )
    status = 400 if form.errors else 200
    return render(request, "advice/request_new.html", {"form": form}, status=status)


def request_sent(request: HttpRequest, request_id: int) -> HttpResponse:
    advice_request = _fetch(request, request_id)
    if advice_request.asked_by_id != request.user.pk:
        raise Http404("Advice request not found")
    context = {
        "advice_request": advice_request,
        "decision_link": _decision_link(request, advice_request),
    }
    return render(request, "advice/request_sent.html", context)


def my_requests(request: HttpRequest) -> HttpResponse:
    context = paginate(request, selectors.my_advice_requests(request.user))
    return render(request, "advice/my_requests.html", context)


def queue(request: HttpRequest) -> HttpResponse:
    context = paginate(request, selectors.queue_for(request.user))
    now = timezone.now()
    context["rows"] = [
        {"item": item, "age": age_text(item.created_at, now)} for item in context["page_obj"]
    ]
    return render(request, "advice/queue.html", context)


@require_http_methods(["GET", "POST"])
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    advice_request = _fetch(request, request_id)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_to_advice(
                actor=request.user, request_id=advice_request.pk, body=form.cleaned_data["body"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Your reply has been sent")
            return redirect("advice:request_detail", request_id=advice_request.pk)
    context = _detail_context(request, advice_request, form)
    status = 400 if form.errors else 200
    return render(request, "advice/request_detail.html", context, status=status)


def _detail_context(
    request: HttpRequest, advice_request: AdviceRequest, form: ReplyForm
) -> dict[str, Any]:
    is_asker = advice_request.asked_by_id == request.user.pk
    answers = selectors.can_answer(request.user, advice_request)
    return {
        "advice_request": advice_request,
        "replies": selectors.replies_to(advice_request),
        "form": form,
        "is_asker": is_asker,
        "can_reply": not advice_request.is_closed and (is_asker or answers),
        "can_close": is_asker and not advice_request.is_closed,
        "age": age_text(advice_request.created_at, timezone.now()),
        "decision_link": _decision_link(request, advice_request),
    }


@require_POST
def request_close(request: HttpRequest, request_id: int) -> HttpResponse:
    advice_request = _fetch(request, request_id)
    try:
        services.close_advice_request(actor=request.user, request_id=advice_request.pk)
    except DomainError as error:
        form = ReplyForm()
        context = _detail_context(request, advice_request, form)
        context["close_error"] = error.message
        return render(request, "advice/request_detail.html", context, status=400)
    messages.success(request, "You have closed this advice request")
    return redirect("advice:request_detail", request_id=advice_request.pk)
