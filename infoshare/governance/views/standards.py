"""Common standards with their adoption at a glance, recording adoption, and the
Children and Young People's Plan priorities."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from infoshare.core.errors import DomainError
from infoshare.core.pages import add_domain_error, paginate
from infoshare.core.roles import Role
from infoshare.governance import permissions, selectors, services
from infoshare.governance.forms import AdoptionForm, PriorityForm, StandardForm
from infoshare.governance.views._helpers import form_page, found, posted
from infoshare.partnerships.selectors import partnership_choices


def standard_list(request: HttpRequest) -> HttpResponse:
    organisations = list(selectors.organisations_of_partnerships(request.user))
    page = paginate(request, selectors.standards_visible_to(request.user))
    table = selectors.adoption_table(list(page["page_obj"].object_list), organisations)
    may_record = {
        org.pk for org in organisations if permissions.can_record_adoption(request.user, org.pk)
    }
    return render(
        request,
        "governance/standard_list.html",
        {
            "organisations": organisations,
            "table": table,
            "may_record": may_record,
            "can_publish": bool(
                permissions.partnerships_where(request.user, Role.PARTNERSHIP_ADMIN)
            ),
            **page,
        },
    )


@require_http_methods(["GET", "POST"])
def standard_create(request: HttpRequest) -> HttpResponse:
    form = StandardForm(posted(request), partnerships=partnership_choices(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            standard = services.publish_common_standard(
                actor=request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                partnership_id=form.cleaned_data.get("partnership"),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"'{standard.title}' is published to every organisation")
            return redirect("governance:standard_list")
    return form_page(request, "governance/standard_form.html", form, {})


@require_http_methods(["GET", "POST"])
def adoption_record(request: HttpRequest, org_id: int, standard_id: int) -> HttpResponse:
    organisation = found(selectors.get_organisation_for, request.user, org_id)
    standard = found(selectors.get_standard_for, request.user, standard_id)
    if standard.partnership_id != organisation.partnership_id:
        from django.http import Http404

        raise Http404("Standard not found")
    adoption = selectors.adoption_of(standard, organisation)
    initial = (
        {"status": adoption.status, "target_date": adoption.target_date, "reason": adoption.reason}
        if adoption
        else {}
    )
    form = AdoptionForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_adoption(
                actor=request.user,
                standard_id=standard.pk,
                organisation_id=organisation.pk,
                status=form.cleaned_data["status"],
                target_date=form.cleaned_data["target_date"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, f"Adoption of '{standard.title}' recorded for {organisation.name}"
            )
            return redirect("governance:standard_list")
    return form_page(
        request,
        "governance/adoption_form.html",
        form,
        {"organisation": organisation, "standard": standard, "adoption": adoption},
    )


def priority_list(request: HttpRequest) -> HttpResponse:
    priorities = selectors.plan_priorities_visible_to(request.user)
    return render(
        request,
        "governance/priority_list.html",
        {
            "can_add": bool(permissions.partnerships_where(request.user, Role.PARTNERSHIP_ADMIN)),
            **paginate(request, priorities),
        },
    )


@require_http_methods(["GET", "POST"])
def priority_create(request: HttpRequest) -> HttpResponse:
    form = PriorityForm(posted(request), partnerships=partnership_choices(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_plan_priority(
                actor=request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                order=form.cleaned_data["order"],
                partnership_id=form.cleaned_data.get("partnership"),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Priority added")
            return redirect("governance:priority_list")
    return form_page(request, "governance/priority_form.html", form, {})
