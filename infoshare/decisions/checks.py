"""System checks of the decisions app."""

from __future__ import annotations

from ctypes.util import find_library
from typing import Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

#: The system libraries WeasyPrint (the PDF exports) loads when it is first imported, by
#: the names ``ctypes.util.find_library`` knows them by.
PDF_LIBRARIES = ("gobject-2.0", "pango-1.0", "pangoft2-1.0", "harfbuzz", "fontconfig")


def pdf_fonts(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """What the PDF exports need beside the Python packages, the fonts they embed (from
    the front-end build) and the text libraries WeasyPrint lays text out with (from the
    system): say so at start-up, not when someone first downloads a record. Looking the
    libraries up does not import WeasyPrint, which takes about two seconds."""
    from infoshare.decisions.exports import PDF_SYSTEM_PACKAGES, pdf_font_files

    found: list[checks.CheckMessage] = []
    try:
        pdf_font_files()
    except ImproperlyConfigured as missing:
        found.append(checks.Warning(str(missing), id="decisions.W001"))
    if absent := [name for name in PDF_LIBRARIES if not find_library(name)]:
        found.append(
            checks.Warning(
                f"The system libraries {', '.join(absent)} are missing, so PDFs cannot be made: "
                f"install them (on Debian: apt-get install {PDF_SYSTEM_PACKAGES}).",
                id="decisions.W002",
            )
        )
    return found
