from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

from infoshare.agreements import errors, permissions, selectors
from infoshare.agreements.models import IN_FORCE, Agreement, AgreementParty, Status
from infoshare.core.errors import DomainError, NotFound
from infoshare.core.pages import add_domain_error


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


def add_errors(form: forms.BaseForm, error: DomainError) -> None:
    """A service's messages on the form, then every error in the order of the fields on
    the page (a service names its problems in the order it checks them), so that the
    error summary reads down the page. Each form declares its fields in page order."""
    add_domain_error(form, error)
    found = form.errors
    for name in (NON_FIELD_ERRORS, *form.fields):
        if name in found:
            found[name] = found.pop(name)


# --- What each page can do to the agreement in its present state -------------------
# The services refuse these on POST; the pages check on GET too, so that nobody fills
# in a form that would then be refused.


def change_problem(agreement: Agreement) -> str | None:
    """Why the draft pages (edit, parties, signatories, send) cannot be used, if so."""
    if agreement.status == Status.DRAFT:
        return None
    if agreement.status == Status.AWAITING_SIGNATURE:
        return errors.AWAITING_NOT_CHANGED
    if agreement.status in IN_FORCE:
        return errors.IN_FORCE_NOT_CHANGED
    return errors.FINISHED_NOT_CHANGED.format(status=agreement.get_status_display().lower())


def withdraw_problem(agreement: Agreement) -> str | None:
    if agreement.status in (Status.WITHDRAWN, Status.EXPIRED, Status.SUPERSEDED):
        return errors.ALREADY_FINISHED.format(status=agreement.get_status_display().lower())
    return None


def new_version_problem(agreement: Agreement) -> str | None:
    return None if agreement.status in IN_FORCE else errors.NEW_VERSION_ONLY_WHEN_IN_FORCE


def sign_problem(user: Any, agreement: Agreement, party: AgreementParty) -> str | None:
    """Why the person cannot sign (or refuse) for this party now, as the service checks."""
    if agreement.status != Status.AWAITING_SIGNATURE:
        return errors.NOT_AWAITING
    if not permissions.may_sign_for(user, agreement, party):
        return errors.NOT_YOUR_SIGNATURE.format(party=party.name)
    if party.signed_at is not None:
        return errors.ALREADY_SIGNED.format(party=party.name)
    return None


def refused_on_get(
    request: HttpRequest, agreement: Agreement, problem: str | None
) -> HttpResponse | None:
    """On a GET, when the page cannot be used: back to the agreement, saying why. (A POST
    goes to the service, which refuses with the same message on the form, keeping what
    was typed.)"""
    if request.method != "GET" or not problem:
        return None
    messages.info(request, problem)
    return redirect("agreements:agreement_detail", agreement_id=agreement.pk)
