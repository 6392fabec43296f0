"""Bulk staff import: upload, preview with problems, import, and a status page.

The import runs within the request that starts it, so the status page shows its result;
nothing runs in the background to poll."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from infoshare.core.errors import DomainError, NotFound
from infoshare.core.pages import add_domain_error, form_status, paginate
from infoshare.partnerships import selectors, services
from infoshare.partnerships.forms import RunImportForm, StaffImportForm
from infoshare.partnerships.models import Organisation, StaffImport
from infoshare.partnerships.views.common import actor, organisation_or_404

ROWS_PER_PAGE = 100


def _import_or_404(request: HttpRequest, org: Organisation, import_id: int) -> StaffImport:
    try:
        return selectors.get_staff_import_for(request.user, org, import_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@require_http_methods(["GET", "POST"])
def staff_import(request: HttpRequest, org_id: int) -> HttpResponse:
    org = organisation_or_404(request, org_id)
    form = StaffImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.preview_staff_import(
                actor=actor(request),
                organisation=org,
                filename=upload.name,
                content=upload.read(),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("partnerships:import_preview", org_id=org.pk, import_id=result.pk)
    context = {"form": form, "organisation": org}
    return render(request, "partnerships/import_upload.html", context, status=form_status(form))


@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, org_id: int, import_id: int) -> HttpResponse:
    org = organisation_or_404(request, org_id)
    found = _import_or_404(request, org, import_id)
    form = RunImportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            imported = services.run_staff_import(
                actor=actor(request),
                staff_import_id=found.pk,
                organisation=org,
                send_invitations=form.cleaned_data["send_invitations"],
            )
        except DomainError as error:
            if error.code != "import_not_pending":
                add_domain_error(form, error)
                found.refresh_from_db()
            else:
                return redirect("partnerships:import_status", org_id=org.pk, import_id=found.pk)
        else:
            if imported.invitations.failed:
                messages.warning(
                    request,
                    "The staff have been imported, but we could not email their "
                    "invitations. Use “Resend invitation” on the staff list for each person",
                )
            return redirect("partnerships:import_status", org_id=org.pk, import_id=found.pk)
    only_problems = request.GET.get("show") == "problems"
    rows = [row for row in found.rows if row["problems"]] if only_problems else found.rows
    context = {
        **paginate(request, rows, per_page=ROWS_PER_PAGE),
        "organisation": org,
        "staff_import": found,
        "form": form,
        "only_problems": only_problems,
    }
    return render(request, "partnerships/import_preview.html", context, status=form_status(form))


@require_http_methods(["GET"])
def import_status(request: HttpRequest, org_id: int, import_id: int) -> HttpResponse:
    """Shows whether the file was imported (or why not) and the counts."""
    org = organisation_or_404(request, org_id)
    found = _import_or_404(request, org, import_id)
    context = {"organisation": org, "staff_import": found}
    return render(request, "partnerships/import_status.html", context)
