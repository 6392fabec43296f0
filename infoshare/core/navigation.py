"""Service navigation: apps register (label, url name, roles) and each person sees
only the items their roles open."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from infoshare.core import access


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int = 50


_items: list[NavItem] = []


def register(*items: NavItem) -> None:
    for item in items:
        if item not in _items:
            _items.append(item)
    _items.sort(key=lambda item: item.order)


def items_for(request: HttpRequest) -> list[dict[str, Any]]:
    """The items the person's roles open. One item is current: the page's own, or else
    the first of the page's app (a record opened from any decisions list is under
    "Decisions"), so two items of one app are never both marked."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    current = request.resolver_match.view_name if request.resolver_match else ""
    shown: list[tuple[NavItem, str]] = []
    for item in _items:
        rule = access.rule_for(item.url_name)
        if rule is None or not access.allows(rule, user, None):
            continue
        try:
            shown.append((item, reverse(item.url_name)))
        except NoReverseMatch:
            continue
    app = current.split(":")[0]
    active = next((item for item, _ in shown if item.url_name == current), None) or next(
        (item for item, _ in shown if item.url_name.split(":")[0] == app), None
    )
    return [{"label": item.label, "href": href, "active": item is active} for item, href in shown]
