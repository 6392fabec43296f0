"""Small helpers shared by the partnership pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from infoshare.core.errors import NotFound
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
