"""The auditor's pages: search the trail of their partnerships, and export what the
search found (both scoped by ``selectors.search_events``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from infoshare.audit import labels, selectors, services
from infoshare.audit.export import csv_lines
from infoshare.audit.forms import EventSearchForm
from infoshare.core.pages import paginate


def _search_form(request: HttpRequest) -> EventSearchForm:
    data = (
        request.GET if any(request.GET.get(name) for name in EventSearchForm.base_fields) else None
    )
    return EventSearchForm(data, actions=selectors.actions_in_use(request.user))


def _filter_query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _render_list(
    request: HttpRequest, form: EventSearchForm, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    query = _filter_query(request)
    context = {"form": form, "export_query": f"?{query}" if query else "", **context}
    return render(request, "audit/event_list.html", context, status=status)


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    form = _search_form(request)
    if form.is_bound and not form.is_valid():
        return _render_list(request, form, {}, status=400)
    filters = form.filters() if form.is_bound else {}
    context = paginate(request, selectors.search_events(request.user, **filters))
    for event in context["page_obj"]:
        event.action_label = labels.label_for(event.action)  # type: ignore[attr-defined]
    return _render_list(request, form, {**context, "filtered": form.is_bound})


def _json_filters(filters: dict[str, Any]) -> dict[str, Any]:
    return {
        name: value.isoformat() if hasattr(value, "isoformat") else value
        for name, value in filters.items()
        if value not in (None, "")
    }


@require_GET
def event_export(request: HttpRequest) -> HttpResponseBase:
    form = _search_form(request)
    if form.is_bound and not form.is_valid():
        return _render_list(request, form, {}, status=400)
    filters = form.filters() if form.is_bound else {}
    services.record_export(actor=request.user, filters=_json_filters(filters))
    events = selectors.search_events(request.user, **filters).iterator(chunk_size=2000)
    response = StreamingHttpResponse(csv_lines(events), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-events-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response
