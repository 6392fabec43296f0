"""Small helpers shared by the partnership pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from infoshare.core.errors import DomainError, NotFound
from infoshare.partnerships import selectors
from infoshare.partnerships.models import Membership, Organisation


def organisation_or_404(request: HttpRequest, org_id: int) -> Organisation:
    try:
        return selectors.get_organisation_for(request.user, org_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def membership_or_404(request: HttpRequest, org: Organisation, membership_id: int) -> Membership:
    try:
        return selectors.get_membership_for(request.user, org, membership_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def actor(request: HttpRequest) -> Any:
    return request.user


def refused(request: HttpRequest, org: Organisation, refusal: DomainError) -> HttpResponse:
    """An action the person may not take, asked for by address (the staff list does not
    offer it): the reason on a 403 page when a rule says who may do it; otherwise (it no
    longer applies, such as an invitation already accepted) back to the staff list, which
    says why."""
    if refusal.status == 403:
        context = {"organisation": org, "message": refusal.message}
        return render(request, "partnerships/refused.html", context, status=403)
    messages.info(request, refusal.message)
    return redirect("partnerships:staff_list", org_id=org.pk)
