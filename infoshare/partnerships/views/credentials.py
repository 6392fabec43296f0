"""Helping a person back into their account: a new invitation link, or a reset of their
two-factor authentication. Each asks for confirmation first, and is not offered (nor its
confirmation shown) to someone the service would refuse."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from infoshare.core.errors import DomainError
from infoshare.core.pages import add_domain_error, form_status
from infoshare.partnerships import selectors, services
from infoshare.partnerships.forms import ConfirmForm
from infoshare.partnerships.views.common import (
    actor,
    membership_or_404,
    organisation_or_404,
    refused,
)


@require_http_methods(["GET", "POST"])
def resend_invitation(request: HttpRequest, org_id: int, membership_id: int) -> HttpResponse:
    org = organisation_or_404(request, org_id)
    membership = membership_or_404(request, org, membership_id)
    if request.method == "GET":  # a refused POST is answered by the service's message
        refusal = services.resend_refusal(
            actor(request),
            org,
            membership.person,
            person_organisations=services.organisations_of(membership.person_id),
        )
        if refusal is not None:
            return refused(request, org, refusal)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.resend_invitation(actor=actor(request), membership=membership)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            person = sent.person
            if sent.delivery.failed:
                messages.warning(
                    request,
                    f"We could not email the new invitation to {person.email}. "
                    "Try again later: each new invitation replaces the one before",
                )
            else:
                messages.success(
                    request,
                    f"We have emailed {person.email} a new invitation. "
                    "Links sent to them before no longer work",
                )
            return redirect("partnerships:staff_list", org_id=org.pk)
    context = {"form": form, "organisation": org, "membership": membership}
    return render(request, "partnerships/resend_invitation.html", context, status=form_status(form))


@require_http_methods(["GET", "POST"])
def reset_two_factor(request: HttpRequest, org_id: int, membership_id: int) -> HttpResponse:
    org = organisation_or_404(request, org_id)
    membership = membership_or_404(request, org, membership_id)
    if request.method == "GET":  # a refused POST is answered by the service's message
        refusal = services.two_factor_reset_refusal(
            actor(request),
            org,
            membership.person_id,
            partnership_wide=selectors.holds_partnership_role(membership.person_id),
            has_two_factor=selectors.has_two_factor(membership.person_id),
            person_organisations=services.organisations_of(membership.person_id),
        )
        if refusal is not None:
            return refused(request, org, refusal)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            reset = services.reset_two_factor(actor=actor(request), membership=membership)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            name = reset.person.full_name or reset.person.email
            if reset.delivery.failed:
                messages.warning(
                    request,
                    f"{name}'s two-factor authentication has been reset, but we could not "
                    "email them. Tell them they will set up an authenticator app again "
                    "when they next sign in",
                )
            else:
                messages.success(
                    request,
                    f"{name}'s two-factor authentication has been reset. We have emailed them",
                )
            return redirect("partnerships:staff_list", org_id=org.pk)
    context = {"form": form, "organisation": org, "membership": membership}
    return render(request, "partnerships/reset_two_factor.html", context, status=form_status(form))
