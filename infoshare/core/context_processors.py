"""Navigation by role: each app contributes items through core.navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from infoshare.core import navigation as nav


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"nav_items": nav.items_for(request)}
