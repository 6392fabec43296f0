"""The layout's service-wide parts that read settings.

``{% load service %}``
``{% timeout_warning %}``        the idle sign-out warning dialog, for a signed-in person
``{% feedback_email as email %}``  where the phase banner sends feedback ("" if unset)
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from infoshare.core import session_timeout

register = template.Library()


@register.inclusion_tag("core/timeout_warning.html", takes_context=True)
def timeout_warning(context: template.Context) -> dict[str, Any]:
    """The dialog that frontend/js/timeout-warning.mjs opens before the idle sign-out.
    Closed (so never shown) without JavaScript; the server's timeout applies either way."""
    return {
        "csrf_token": context.get("csrf_token"),
        "idle_seconds": settings.SESSION_IDLE_SECONDS,
        "warning_seconds": settings.SESSION_TIMEOUT_WARNING_SECONDS,
        "idle_time": session_timeout.idle_text(),
        "warning_time": session_timeout.warning_text(),
    }


@register.simple_tag
def feedback_email() -> str:
    return str(settings.FEEDBACK_EMAIL)
