"""Staff of an organisation: the list, inviting, changing roles and deactivating."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from infoshare.core.errors import DomainError, NotFound
from infoshare.core.page_keys import success_once
from infoshare.core.pages import add_domain_error, form_status, paginate
from infoshare.core.roles import Role
from infoshare.core.times import datetime_text
from infoshare.partnerships import selectors, services
from infoshare.partnerships.forms import ChangeRoleForm, ConfirmForm, InviteForm, StaffSearchForm
from infoshare.partnerships.models import Membership, Organisation
from infoshare.partnerships.role_names import role_in_sentence
from infoshare.partnerships.services.rules import ensure_another_org_admin
from infoshare.partnerships.views.common import (
    actor,
    membership_or_404,
    organisation_or_404,
    refused,
)

#: The session key naming the membership ``invite`` has just added, so that its
#: confirmation page says what was done then, and only then.
JUST_ADDED = "partnerships_just_added"


def _offer_actions(viewer: Any, org: Organisation, people: Any) -> None:
    """Marks on each person of the page the actions ``viewer`` may take, by the rules the
    services apply (``services.*_refusal``), so that nothing offered is then refused. The
    organisations where each person works are read in one query for the page."""
    people = list(people)
    where = (
        services.organisations_of_people(person.pk for person in people)
        if people and selectors.can_manage_staff(viewer, org)
        else {}
    )
    for person in people:
        for membership in person.org_memberships:
            membership.may_change = services.role_change_refusal(viewer, org, membership) is None
            membership.may_remove = services.change_refusal(viewer, org, membership.role) is None
        works_for = where.get(person.pk, frozenset())
        person.may_resend = (
            services.resend_refusal(viewer, org, person, person_organisations=works_for) is None
        )
        person.may_reset_two_factor = (
            services.two_factor_reset_refusal(
                viewer,
                org,
                person.pk,
                partnership_wide=person.partnership_wide,
                has_two_factor=person.has_mfa,
                person_organisations=works_for,
            )
            is None
        )


@require_http_methods(["GET"])
def staff_list(request: HttpRequest, org_id: int) -> HttpResponse:
    org = organisation_or_404(request, org_id)
    search = StaffSearchForm(request.GET or None)
    searching = not search.is_bound or search.is_valid()
    q = search.cleaned_data["q"] if searching and search.is_bound else ""
    try:
        people = selectors.staff_of(request.user, org, q)
    except NotFound as error:
        raise PermissionDenied from error
    if not searching:
        people = people.none()  # nobody is listed while the search cannot be used
    context = {
        **paginate(request, people),
        "organisation": org,
        "search": search,
        "form": search,
        "q": q,
        "can_manage": selectors.can_manage_staff(request.user, org),
    }
    _offer_actions(request.user, org, context["page_obj"])
    return render(
        request, "partnerships/staff_list.html", context, status=200 if searching else 400
    )


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
            request.session[JUST_ADDED] = invited.membership.pk
            url = reverse(
                "partnerships:invite_sent",
                kwargs={"org_id": org.pk, "membership_id": invited.membership.pk},
            )
            # Everything is saved even when the mail server refused the email: the page
            # says so, and offers a new invitation.
            return redirect(url + ("?email=failed" if invited.delivery.failed else ""))
    context = {"form": form, "organisation": org}
    return render(request, "partnerships/invite.html", context, status=form_status(form))


@require_http_methods(["GET"])
def invite_sent(request: HttpRequest, org_id: int, membership_id: int) -> HttpResponse:
    """What ``invite`` did, straight after it (the role added, and the email sent or not);
    opened again later, how things stand now: an invitation link that still works, or the
    role alone, claiming no email."""
    org = organisation_or_404(request, org_id)
    membership = membership_or_404(request, org, membership_id)
    just_added = request.session.pop(JUST_ADDED, None) == membership.pk
    person = membership.person
    context = {
        "organisation": org,
        "membership": membership,
        "just_added": just_added,
        "invitation_live": selectors.live_invitation_exists(person.pk, org),
        "email_failed": just_added and request.GET.get("email") == "failed",
        "may_resend": services.resend_refusal(
            actor(request),
            org,
            person,
            person_organisations=services.organisations_of(person.pk),
        )
        is None,
    }
    return render(request, "partnerships/invite_sent.html", context)


@require_http_methods(["GET", "POST"])
def change_role(request: HttpRequest, org_id: int, membership_id: int) -> HttpResponse:
    """A role that has ended meanwhile (this change sent twice, or someone else's change)
    is answered by ``_role_ended``, not as a role that never was."""
    org = organisation_or_404(request, org_id)
    try:
        membership = membership_or_404(request, org, membership_id)
    except Http404:
        return _role_ended(request, org, membership_id)
    if request.method == "GET":  # a refused POST is answered by the service's message
        refusal = services.role_change_refusal(actor(request), org, membership)
        if refusal is not None:
            return refused(request, org, refusal)
    roles = services.grantable_roles(request.user, org) - {membership.role}
    form = ChangeRoleForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.change_role(
                actor=actor(request), membership=membership, role=form.cleaned_data["role"]
            )
        except DomainError as error:
            if error.code == "membership_ended":  # changed while this form was sent
                return _role_ended(request, org, membership.pk)
            add_domain_error(form, error)
        else:
            return _role_changed(request, org, membership.person, new.role)
    context = {"form": form, "organisation": org, "membership": membership}
    return render(request, "partnerships/change_role.html", context, status=form_status(form))


def _role_changed(request: HttpRequest, org: Organisation, person: Any, role: str) -> HttpResponse:
    """After a change of role, and after the same change sent again: the staff list,
    saying what the role is now (once, when the first answer's message is still to be
    shown)."""
    name = person.full_name or person.email
    success_once(request, f"{name} is now {role_in_sentence(role)}")
    return redirect("partnerships:staff_list", org_id=org.pk)


def _role_ended(
    request: HttpRequest, org: Organisation, membership_id: int, *, removing: bool = False
) -> HttpResponse:
    """A role's page after the role ended, for a staff administrator of the organisation
    (anyone else gets the same not-found as for a role that never was). The same change
    sent again by the person who made it (a double press) is answered as the first was;
    otherwise the staff list says who changed or removed the role, to what and when, and
    that this change was not made."""
    ended = services.ended_role(actor(request), org, membership_id)
    if ended is None:
        raise Http404("Membership not found")
    person = ended.membership.person
    sent = request.method == "POST"
    by_them = ended.by_id == request.user.pk
    if sent and by_them and ended.successor and request.POST.get("role") == ended.new_role:
        return _role_changed(request, org, person, ended.new_role)
    if sent and by_them and removing and not ended.new_role:
        # "Yes, remove this role" pressed twice: answered as the first press was.
        is_self = person.pk == request.user.pk
        return _deactivated(request, org, ended.membership, is_self=is_self)
    name = person.full_name or person.email
    was = "had already been" if sent else "was"
    if ended.new_role:
        what = f"{name}'s role {was} changed to {role_in_sentence(ended.new_role)}"
    else:
        what = f"{name}'s role as {role_in_sentence(ended.role)} {was} removed"
    by = "you" if by_them else ended.by
    text = f"{what} by {by} on {datetime_text(ended.at)}"
    messages.info(request, f"Your change was not made: {text}" if sent else text)
    return redirect("partnerships:staff_list", org_id=org.pk)


@require_http_methods(["GET", "POST"])
def deactivate(request: HttpRequest, org_id: int, membership_id: int) -> HttpResponse:
    """A role removed meanwhile (this removal sent twice, or someone else's change) is
    answered by ``_role_ended``, as on the change-role page."""
    org = organisation_or_404(request, org_id)
    try:
        membership = membership_or_404(request, org, membership_id)
    except Http404:
        return _role_ended(request, org, membership_id, removing=True)
    if request.method == "GET":  # a refused POST is answered by the service's message
        refusal = services.change_refusal(actor(request), org, membership.role)
        if refusal is not None:
            return refused(request, org, refusal)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    is_self = membership.person_id == request.user.pk
    if request.method == "POST" and form.is_valid():
        try:
            ended = services.deactivate_membership(actor=actor(request), membership=membership)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return _deactivated(request, org, ended, is_self=is_self)
    last_role = not (
        Membership.objects.active().filter(person_id=membership.person_id).exclude(pk=membership.pk)
    ).exists()
    context = {
        "form": form,
        "organisation": org,
        "membership": membership,
        "last_role": last_role,
        # The person removing the role is the person who has it: the page says "your".
        "is_self": is_self,
        # The service would refuse it (the last organisation administrator): the page says
        # so before anything is asked, rather than after "Yes, remove this role".
        "last_org_admin": request.method == "GET" and _is_last_org_admin(org, membership),
    }
    return render(request, "partnerships/deactivate.html", context, status=form_status(form))


def _is_last_org_admin(org: Organisation, membership: Membership) -> bool:
    """Whether removing this role would leave the organisation with no administrator (the
    rule ``deactivate_membership`` applies: ``ensure_another_org_admin``)."""
    if membership.role != Role.ORG_ADMIN:
        return False
    try:
        ensure_another_org_admin(org, membership)
    except DomainError:
        return True
    return False


def _deactivated(
    request: HttpRequest, org: Organisation, ended: Membership, *, is_self: bool
) -> HttpResponse:
    """After a role is removed: back to the staff list; someone who removed the last role
    of their own has no account to use any more, so they are signed out, as the page said."""
    name = ended.person.full_name or ended.person.email
    if is_self and not ended.person.is_active:
        logout(request)
        messages.success(request, "Your account has been deactivated and you have been signed out")
        return redirect(settings.LOGIN_URL)
    if is_self:
        success_once(request, f"You no longer have the role {role_in_sentence(ended.role)}")
        if not selectors.can_manage_staff(ended.person, org):
            return redirect("core:home")  # the staff list is theirs no longer
    elif ended.person.is_active:
        success_once(request, f"{name} no longer has the role {role_in_sentence(ended.role)}")
    else:
        success_once(request, f"{name} has been deactivated")
    return redirect("partnerships:staff_list", org_id=org.pk)
