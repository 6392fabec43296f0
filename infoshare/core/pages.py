"""Small helpers every page uses: pagination and turning domain errors into form errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

from infoshare.core.errors import DomainError, ValidationFailed


def paginate(
    request: HttpRequest, items: QuerySet[Any] | list[Any], per_page: int | None = None
) -> dict[str, Any]:
    paginator = Paginator(items, per_page or settings.INFOSHARE["PAGE_SIZE"])
    page: Page[Any] = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    return {"page_obj": page, "page_query": f"{encoded}&" if encoded else ""}


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Shows a service's rule message in the GOV.UK error summary and beside the field."""
    if isinstance(error, ValidationFailed):
        for name, message in error.fields.items():
            form.add_error(name if name in form.fields else None, message)
        return
    form.add_error(error.field if error.field in form.fields else None, error.message)
