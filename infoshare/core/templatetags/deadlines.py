"""Deadlines on pages.

{{ moment|deadline }}     "5:30pm on 28 November 2026"
{{ moment|has_passed }}   True once that moment is behind us
"""

from __future__ import annotations

import datetime as dt

from django import template

from infoshare.core import times

register = template.Library()


@register.filter
def deadline(value: dt.datetime | None) -> str:
    return times.deadline_text(value)


@register.filter
def has_passed(value: dt.datetime | None) -> bool:
    return times.has_passed(value)
