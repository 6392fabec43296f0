"""Small helpers every page uses: pagination and turning domain errors into form errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse

from infoshare.core.errors import DomainError, ValidationFailed
from infoshare.core.numbers import parse_id


def paginate(
    request: HttpRequest, items: QuerySet[Any] | list[Any], per_page: int | None = None
) -> dict[str, Any]:
    paginator = Paginator(items, per_page or settings.INFOSHARE["PAGE_SIZE"])
    page: Page[Any] = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    return {"page_obj": page, "page_query": f"{encoded}&" if encoded else ""}


def form_status(form: forms.BaseForm) -> int:
    """A form shown again with its errors (and what was typed) answers 400, as bad input
    does everywhere in the service."""
    return 400 if form.is_bound and form.errors else 200


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Shows a service's rule message in the GOV.UK error summary and beside the field."""
    if isinstance(error, ValidationFailed):
        for name, message in error.fields.items():
            form.add_error(field_for(form, name), message)
        return
    form.add_error(field_for(form, error.field or ""), error.message)


def field_for(form: forms.BaseForm, name: str) -> str | None:
    """The form field a service's message belongs to: the one the form names for it
    (``service_fields``, where the names differ), the field of that name, or the day box of
    a GOV.UK date input (``shared_on`` -> ``shared_on_day``); else none."""
    name = getattr(form, "service_fields", {}).get(name, name)
    for candidate in (name, f"{name}_day"):
        if candidate in form.fields:
            return candidate
    return None


class WindowPage:
    """One page of a list too large to count on every request: it fetches one row more
    than it shows to know whether there is a next page. Quacks like Django's ``Page``
    for the pagination component, with ``paginator.num_pages`` unknown (None)."""

    class _NoCount:
        num_pages = None

    paginator = _NoCount()

    def __init__(self, rows: list[Any], number: int, per_page: int) -> None:
        self.object_list = rows[:per_page]
        self.number = number
        self._has_next = len(rows) > per_page

    def __iter__(self) -> Any:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


MAX_WINDOW_PAGE = 10_000


def paginate_without_count(
    request: HttpRequest,
    items: QuerySet[Any],
    per_page: int | None = None,
    rows: Callable[[list[Any]], list[Any]] | None = None,
) -> dict[str, Any]:
    """Pagination for lists that can grow to millions of rows: no COUNT(*), so the cost
    of a page does not grow with the size of the list. ``rows`` turns the page's items
    into what the template shows (for example, adding related names in one query)."""
    size = per_page or settings.INFOSHARE["PAGE_SIZE"]
    number = min(parse_id(request.GET.get("page", "1")) or 1, MAX_WINDOW_PAGE)
    start = (number - 1) * size
    page = WindowPage(list(items[start : start + size + 1]), number, size)
    if rows is not None:
        page.object_list = rows(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    return {"page_obj": page, "page_query": f"{encoded}&" if encoded else ""}


_SENTINEL = 987_654_321


def url_for_each(name: str, kwarg: str) -> Callable[[int], str]:
    """The URL ``name`` for any id, reversed once: ``reverse`` costs about 50 µs, which
    adds up over every row of a long table."""
    head, found, tail = reverse(name, kwargs={kwarg: _SENTINEL}).partition(str(_SENTINEL))
    if not found:
        raise ValueError(f"{name} does not put {kwarg} in its path")
    return lambda pk: f"{head}{int(pk)}{tail}"
