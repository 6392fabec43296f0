"""The auditor's pages: search the trail of their partnerships, read one event in full,
and export what the search found (all scoped by ``selectors.events_visible_to``)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from infoshare.audit import details, labels, selectors, services
from infoshare.audit.export import csv_lines
from infoshare.audit.forms import EventSearchForm
from infoshare.audit.mentions import Mention
from infoshare.core.pages import paginate


def _search_form(request: HttpRequest, organisations: list[tuple[int, str]]) -> EventSearchForm:
    """The search form, its lists limited to what the auditor may read (``organisations``:
    ``selectors.organisations_visible_to``)."""
    data = (
        request.GET if any(request.GET.get(name) for name in EventSearchForm.base_fields) else None
    )
    actions, object_types = selectors.choices_in_use(request.user)
    return EventSearchForm(
        data, actions=actions, object_types=object_types, organisations=organisations
    )


def _filter_query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _list_query(request: HttpRequest) -> str:
    """The list's filters and page, from an event's address, for its back link (only the
    list's own parameters, so that the link leads back to the same search)."""
    query = QueryDict(mutable=True)
    for name in (*EventSearchForm.base_fields, "page"):
        value = request.GET.get(name)
        if value:
            query[name] = value
    return query.urlencode()


def _render_list(
    request: HttpRequest, form: EventSearchForm, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    query = _filter_query(request)
    context = {"form": form, "export_query": f"?{query}" if query else "", **context}
    return render(request, "audit/event_list.html", context, status=status)


def _organisation_name(names: dict[int, str], organisation_id: int | None) -> str:
    """The organisation's name, or "" (the page shows its id instead) for none, or for
    one the auditor is not offered (there is none: their events are not in scope)."""
    return "" if organisation_id is None else names.get(organisation_id, "")


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisations_visible_to(request.user)
    form = _search_form(request, organisations)
    if form.is_bound and not form.is_valid():
        return _render_list(request, form, {}, status=400)
    filters = form.filters() if form.is_bound else {}
    context = paginate(request, selectors.search_events(request.user, **filters))
    names = dict(organisations)
    for event in context["page_obj"]:
        event.action_label = labels.label_for(event.action)  # type: ignore[attr-defined]
        event.organisation_name = _organisation_name(names, event.organisation_id)  # type: ignore[attr-defined]
        event.object_type_label = labels.object_type_label(event.object_type)  # type: ignore[attr-defined]
        event.details = details.details(event.data, short=True)  # type: ignore[attr-defined]
    return _render_list(request, form, {**context, "filtered": form.is_bound})


@require_GET
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    """One event in full, with all its details; as the list, read within the auditor's
    partnerships only: any other event is not found."""
    event = selectors.event_for(request.user, event_id)
    if event is None:
        raise Http404("No such audit event")
    query = _list_query(request)
    names = dict(selectors.organisations_visible_to(request.user))
    context = {
        "event": event,
        "organisation_name": _organisation_name(names, event.organisation_id),
        "action_label": labels.label_for(event.action),
        "object_type_label": labels.object_type_label(event.object_type),
        "details": details.details(event.data),
        "data_json": details.compact_json(event.data),
        "list_query": f"?{query}" if query else "",
    }
    return render(request, "audit/event_detail.html", context)


def _json_value(value: Any) -> Any:
    if isinstance(value, Mention):
        return str(value)  # as the auditor would type it again: "2", "ISD-2026-000005"
    return value.isoformat() if hasattr(value, "isoformat") else value


def _json_filters(filters: dict[str, Any]) -> dict[str, Any]:
    return {name: _json_value(value) for name, value in filters.items() if value not in (None, "")}


@require_GET
def event_export(request: HttpRequest) -> HttpResponseBase:
    form = _search_form(request, selectors.organisations_visible_to(request.user))
    if form.is_bound and not form.is_valid():
        return _render_list(request, form, {}, status=400)
    filters = form.filters() if form.is_bound else {}
    # The events that match now, read before the export's own event is written: the CSV
    # holds exactly these (not its own event, nor any written while it streams), and the
    # export's event says how many and up to which, so that an auditor can tell later
    # what it contained.
    snapshot = selectors.as_it_stands(selectors.search_events(request.user, **filters))
    services.record_export(
        actor=request.user,
        filters=_json_filters(filters),
        rows=snapshot.rows,
        up_to_event_id=snapshot.up_to_event_id,
    )
    events = snapshot.events.iterator(chunk_size=2000)
    response = StreamingHttpResponse(csv_lines(events), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-events-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response
