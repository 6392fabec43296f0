"""Every Back link sits in a "Back" navigation landmark before the page's main content
(GOV.UK back link pattern; axe's "region" rule): a link in no landmark is missed by those
who move through a page by its landmarks. Read from the templates, so a new page is held
to it as soon as it is written."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "infoshare"
BACK_LINK = re.compile(r'<a [^>]*class="govuk-back-link"[^>]*>')
IN_LANDMARK = re.compile(
    r'\{% block before_content %\}(?:\{%[^%]*%\})*<nav (?:class="[^"]*" )?aria-label="Back">'
)


def test_every_back_link_is_in_a_back_landmark_before_main() -> None:
    loose = []
    for template in sorted(ROOT.rglob("templates/**/*.html")):
        text = template.read_text()
        if not BACK_LINK.search(text):
            continue
        for line in text.splitlines():
            if BACK_LINK.search(line) and not IN_LANDMARK.search(line):
                loose.append(f"{template.relative_to(ROOT)}: {line.strip()[:100]}")
    assert loose == [], "\n".join(loose)
