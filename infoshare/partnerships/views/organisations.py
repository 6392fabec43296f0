"""Organisation list and detail, adding and editing organisations, creating teams."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from infoshare.core.errors import DomainError
from infoshare.core.pages import add_domain_error, form_status, paginate
from infoshare.partnerships import selectors, services
from infoshare.partnerships.forms import OrganisationForm, OrganisationSearchForm, TeamForm
from infoshare.partnerships.views.common import actor, organisation_or_404


@require_http_methods(["GET"])
def organisation_list(request: HttpRequest) -> HttpResponse:
    """The organisations the person can see, by name, searched by part of the name (a
    GET: the search and the page number stay in the address, and in the page links)."""
    search = OrganisationSearchForm(request.GET or None)
    searching = not search.is_bound or search.is_valid()
    q = search.cleaned_data["q"] if searching and search.is_bound else ""
    organisations = selectors.organisations_visible_to(request.user)
    if q:
        organisations = organisations.filter(name__icontains=q)
    if not searching:
        organisations = organisations.none()  # nothing is listed under an error
    context = {
        **paginate(request, organisations),
        "search": search,
        "form": search,  # the page's title says "Error:" while the search is in error
        "q": q,
        "can_add": bool(selectors.partnerships_administered_by(request.user)),
    }
    return render(
        request,
        "partnerships/organisation_list.html",
        context,
        status=200 if searching else 400,
    )


def _detail_context(request: HttpRequest, org_id: int) -> dict[str, object]:
    org = organisation_or_404(request, org_id)
    return {
        "organisation": org,
        "teams": list(selectors.teams_of(org)),
        "role_counts": selectors.role_counts(org),
        "can_see_staff": selectors.can_see_staff(request.user, org),
        "can_manage": selectors.can_manage_staff(request.user, org),
        "can_edit": selectors.is_partnership_admin_for(request.user, org),
    }


@require_http_methods(["GET"])
def organisation_detail(request: HttpRequest, org_id: int) -> HttpResponse:
    context = _detail_context(request, org_id)
    context["team_form"] = TeamForm()
    return render(request, "partnerships/organisation_detail.html", context)


@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    partnerships = selectors.partnership_choices(request.user)
    form = OrganisationForm(request.POST or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            org = services.create_organisation(
                actor=actor(request),
                name=data["name"],
                sector=data["sector"],
                identifier=data["identifier"],
                partnership_id=data.get("partnership"),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{org.name} added")
            return redirect("partnerships:organisation_detail", org_id=org.pk)
    context = {"form": form, "adding": True}
    return render(request, "partnerships/organisation_form.html", context, status=form_status(form))


@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, org_id: int) -> HttpResponse:
    org = organisation_or_404(request, org_id)
    initial = {
        "name": org.name,
        "sector": org.sector,
        "identifier": org.identifier,
        "countersign_required": "yes" if org.countersign_required else "no",
    }
    form = OrganisationForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(
                actor=actor(request), organisation=org, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Organisation details saved")
            return redirect("partnerships:organisation_detail", org_id=org.pk)
    context = {"form": form, "organisation": org, "adding": False}
    return render(request, "partnerships/organisation_form.html", context, status=form_status(form))


@require_http_methods(["GET", "POST"])
def team_create(request: HttpRequest, org_id: int) -> HttpResponse:
    org = organisation_or_404(request, org_id)
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.create_team(
                actor=actor(request), organisation=org, name=form.cleaned_data["name"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Team {team.name} created")
            return redirect("partnerships:organisation_detail", org_id=org.pk)
    context = {"form": form, "organisation": org}
    return render(request, "partnerships/team_form.html", context, status=form_status(form))
