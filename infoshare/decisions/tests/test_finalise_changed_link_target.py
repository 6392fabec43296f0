"""The finalise page's error summary says when the draft was changed (in another tab or
window) after the page was opened, and links to the summary of the record below: that
summary takes focus when the link is followed (a div with tabindex="-1"), so that focus
does not fall back to the top of the page."""

from __future__ import annotations

import re
from typing import Any

from infoshare.decisions.services.records import DRAFT_CHANGED_MESSAGE
from infoshare.decisions.tests.test_flow import url


def test_the_changed_link_leads_to_a_focusable_summary(
    signed_in_practitioner: Any, draft: Any
) -> None:
    response = signed_in_practitioner.post(url("finalise", draft), {"reviewed": "1"})
    html = response.content.decode()
    summary = html[html.index("govuk-error-summary") : html.index("<h1")]
    [href] = re.findall(r'<a href="#([^"]+)">' + re.escape(DRAFT_CHANGED_MESSAGE), summary)
    target = re.search(rf'<[a-z0-9]+ id="{href}"[^>]*>', html)
    assert target is not None
    assert 'tabindex="-1"' in target.group(0)
