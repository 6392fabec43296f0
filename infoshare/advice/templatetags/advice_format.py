"""``{{ moment|when }}``: one GOV.UK style for times across the advice pages."""

from __future__ import annotations

import datetime as dt

from django import template

from infoshare.advice.formatting import datetime_text

register = template.Library()


@register.filter
def when(value: dt.datetime | None) -> str:
    return datetime_text(value)
