"""``{% load browsers %}`` ``{{ session.user_agent|browser }}``: "Chrome on Windows"."""

from __future__ import annotations

from django import template

from infoshare.core.browsers import browser_name

register = template.Library()


@register.filter
def browser(user_agent: str | None) -> str:
    return browser_name(user_agent)
