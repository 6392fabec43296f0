"""The register, its map and its exports."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from infoshare.agreements import exports, selectors, services
from infoshare.agreements.agreement_map import agreement_map_for
from infoshare.agreements.forms import RegisterFilterForm
from infoshare.agreements.models import Agreement
from infoshare.agreements.selectors import lead_organisation_choices
from infoshare.core.pages import paginate


def _filtered(request: HttpRequest) -> tuple[RegisterFilterForm, Any, dict[str, Any]]:
    """The filter form, the register it selects and the filters that chose it (those
    applied: ``selectors.register_for``'s arguments that narrow it, for the export's audit
    event); no register (None) while the filters are in error, so that nothing unfiltered
    is shown or exported under the error."""
    organisations = list(selectors.organisations_for_register(request.user))
    form = RegisterFilterForm(request.GET or None, organisations=organisations)
    filters: dict[str, Any] = {}
    if form.is_bound:
        if not form.is_valid():
            return form, None, {}
        data = form.cleaned_data
        filters = {
            "status": data.get("status") or "",
            "organisation_id": data.get("organisation"),
            "due_for_review": bool(data.get("due")),
            "owned_by_me": bool(data.get("mine")),
            "to_sign": bool(data.get("to_sign")),
        }
    applied = {name: value for name, value in filters.items() if value not in ("", None, False)}
    return form, selectors.register_for(request.user, **filters), applied


def _register_page(request: HttpRequest, form: RegisterFilterForm, items: Any) -> HttpResponse:
    in_error = items is None
    page = paginate(request, Agreement.objects.none() if in_error else items)
    context = {
        "filter_form": form,
        "has_errors": in_error,
        "can_create": bool(lead_organisation_choices(request.user)),
        # The filters without the page number, for the download links.
        "query": page["page_query"].rstrip("&"),
        **page,
    }
    return render(
        request, "agreements/agreement_list.html", context, status=400 if in_error else 200
    )


@require_GET
def agreement_list(request: HttpRequest) -> HttpResponse:
    form, items, _ = _filtered(request)
    return _register_page(request, form, items)


@require_GET
def agreement_map(request: HttpRequest) -> HttpResponse:
    return render(
        request, "agreements/agreement_map.html", {"map": agreement_map_for(request.user)}
    )


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    form, items, filters = _filtered(request)
    if items is None:  # never export the whole register when the filters are wrong
        return _register_page(request, form, items)
    text, count = exports.as_csv(items)
    services.record_register_export(
        actor=request.user,  # type: ignore[arg-type]
        file_format="csv",
        rows=count,
        filters=filters,
    )
    return _download(text, "text/csv; charset=utf-8", "agreements-register.csv")


@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    form, items, filters = _filtered(request)
    if items is None:  # never export the whole register when the filters are wrong
        return _register_page(request, form, items)
    content, count = exports.as_xlsx(items)
    services.record_register_export(
        actor=request.user,  # type: ignore[arg-type]
        file_format="xlsx",
        rows=count,
        filters=filters,
    )
    return _download(
        content,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "agreements-register.xlsx",
    )
