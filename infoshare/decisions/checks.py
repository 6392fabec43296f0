"""System checks of the decisions app."""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


def pdf_fonts(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """The fonts the PDF exports embed come from the front-end build: say so at start-up,
    not when someone first downloads a record."""
    from infoshare.decisions.exports import pdf_font_files

    try:
        pdf_font_files()
    except ImproperlyConfigured as missing:
        return [checks.Warning(str(missing), id="decisions.W001")]
    return []
