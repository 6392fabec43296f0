"""The home page: "what needs my attention". Each app registers a provider that
returns panels for the signed-in person (an empty list when nothing is due)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass
class Panel:
    title: str
    items: list[dict[str, Any]] = field(default_factory=list)  # {"text", "href", "meta"}
    empty: str = "Nothing needs your attention."
    action_label: str = ""
    action_href: str = ""
    #: The action is the page's main one (a GOV.UK button, not a link).
    action_is_button: bool = False
    order: int = 50


Provider = Callable[[HttpRequest], list[Panel]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def panels_for(request: HttpRequest) -> list[Panel]:
    panels: list[Panel] = []
    for provider in _providers:
        panels.extend(provider(request))
    return sorted(panels, key=lambda panel: panel.order)
