from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from infoshare.core.errors import DomainError, NotFound
from infoshare.core.pages import form_status

T = TypeVar("T")


def found(read: Callable[..., T], *args: Any) -> T:
    """Calls a selector; "missing" and "not yours" become the 404 page."""
    try:
        return read(*args)
    except NotFound as error:
        raise Http404(error.message) from error


def posted(request: HttpRequest) -> Any:
    """The POST data on a POST (even an empty one, so the form is bound and explains what
    is missing), else None."""
    return request.POST if request.method == "POST" else None


def form_page(
    request: HttpRequest, template: str, form: forms.BaseForm, context: dict[str, Any]
) -> HttpResponse:
    """A form page: re-shown with its errors (what was typed kept) it answers 400, as bad
    input does everywhere in the service."""
    return render(request, template, {"form": form, **context}, status=form_status(form))


def problem(request: HttpRequest, error: DomainError, *, back: str) -> HttpResponse:
    """A rule refused a button-only action: say why, with a way back (never a 500)."""
    status = 403 if error.code == "forbidden" else error.status
    return render(
        request,
        "governance/problem.html",
        {"message": error.message, "back": back},
        status=status,
    )
