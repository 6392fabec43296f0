from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from infoshare.agreements import permissions, selectors
from infoshare.agreements.models import Agreement
from infoshare.core.errors import NotFound


def not_found_as_404(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """ "Missing" and "not yours" are both the GOV.UK not-found page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except NotFound as error:
            raise Http404(error.message) from error

    return wrapper


def int_or_none(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def posted(request: HttpRequest) -> Any:
    """The POST data on a POST (even an empty one, so the form is bound), else None."""
    return request.POST if request.method == "POST" else None


def managed_agreement(request: HttpRequest, agreement_id: int) -> Agreement:
    """The agreement, for a person who may manage it: 404 when they cannot see it, 403 when
    they can see it but not manage it."""
    agreement = selectors.get_agreement_for(request.user, agreement_id)
    if not permissions.can_manage(request.user, agreement):
        raise PermissionDenied
    return agreement
