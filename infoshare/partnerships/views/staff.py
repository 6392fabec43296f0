"""Staff of an organisation: the list, inviting, changing roles and deactivating."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from infoshare.core.errors import DomainError, NotFound
from infoshare.core.pages import add_domain_error, paginate
from infoshare.core.roles import Role
from infoshare.partnerships import selectors, services
from infoshare.partnerships.forms import ChangeRoleForm, ConfirmForm, InviteForm, StaffSearchForm
from infoshare.partnerships.models import Invitation, Membership
from infoshare.partnerships.views.common import actor, membership_or_404, organisation_or_404


@require_http_methods(["GET"])
def staff_list(request: HttpRequest, org_id: int) -> HttpResponse:
    org = organisation_or_404(request, org_id)
    search = StaffSearchForm(request.GET or None)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    try:
        people = selectors.staff_of(request.user, org, q)
    except NotFound as error:
        raise PermissionDenied from error
    context = {
        **paginate(request, people),
        "organisation": org,
        "search": search,
        "form": search,
        "q": q,
        "can_manage": selectors.can_manage_staff(request.user, org),
    }
    return render(request, "partnerships/staff_list.html", context)


@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, org_id: int) -> HttpResponse:
    org = organisation_or_404(request, org_id)
    teams = list(org.teams.order_by("name"))
    roles = services.grantable_roles(request.user, org)
    form = InviteForm(request.POST or None, roles=roles, teams=teams)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        team = next((t for t in teams if str(t.pk) == data["team"]), None)
        try:
            invited = services.invite_person(
                actor=actor(request),
                organisation=org,
                full_name=data["full_name"],
                email=data["email"],
                role=data["role"],
                team=team,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            url = reverse(
                "partnerships:invite_sent",
                kwargs={"org_id": org.pk, "membership_id": invited.membership.pk},
            )
            # Everything is saved even when the mail server refused the email: the page
            # says so, and offers a new invitation.
            return redirect(url + ("?email=failed" if invited.delivery.failed else ""))
    return render(request, "partnerships/invite.html", {"form": form, "organisation": org})


@require_http_methods(["GET"])
def invite_sent(request: HttpRequest, org_id: int, membership_id: int) -> HttpResponse:
    org = organisation_or_404(request, org_id)
    membership = membership_or_404(request, org, membership_id)
    invited = Invitation.objects.filter(
        person_id=membership.person_id, organisation=org, used_at__isnull=True
    ).exists()
    context = {
        "organisation": org,
        "membership": membership,
        "invitation_sent": invited,
        "email_failed": request.GET.get("email") == "failed",
    }
    return render(request, "partnerships/invite_sent.html", context)


@require_http_methods(["GET", "POST"])
def change_role(request: HttpRequest, org_id: int, membership_id: int) -> HttpResponse:
    org = organisation_or_404(request, org_id)
    membership = membership_or_404(request, org, membership_id)
    roles = services.grantable_roles(request.user, org) - {membership.role}
    form = ChangeRoleForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.change_role(
                actor=actor(request), membership=membership, role=form.cleaned_data["role"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            name = membership.person.full_name or membership.person.email
            messages.success(request, f"{name} is now {Role(new.role).label}")
            return redirect("partnerships:staff_list", org_id=org.pk)
    context = {"form": form, "organisation": org, "membership": membership}
    return render(request, "partnerships/change_role.html", context)


@require_http_methods(["GET", "POST"])
def deactivate(request: HttpRequest, org_id: int, membership_id: int) -> HttpResponse:
    org = organisation_or_404(request, org_id)
    membership = membership_or_404(request, org, membership_id)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            ended = services.deactivate_membership(actor=actor(request), membership=membership)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            name = ended.person.full_name or ended.person.email
            if ended.person.is_active:
                messages.success(
                    request, f"{name} no longer has the role {ended.get_role_display()}"
                )
            else:
                messages.success(request, f"{name} has been deactivated")
            return redirect("partnerships:staff_list", org_id=org.pk)
    last_role = not (
        Membership.objects.active().filter(person_id=membership.person_id).exclude(pk=membership.pk)
    ).exists()
    context = {"form": form, "organisation": org, "membership": membership, "last_role": last_role}
    return render(request, "partnerships/deactivate.html", context)
