"""The "Urgent records in progress in your team" panel's link opens a list of exactly the
drafts its label counts: the team's urgent drafts not yet due, without the manager's own
(those are in "Your drafts") and without those past their deadline (the other panel's)."""

from __future__ import annotations

import html
import re
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from infoshare.decisions.tests.test_urgent_panels_team_and_leavers import (
    IN_PROGRESS,
    home,
    panel,
    urgent_draft,
)

TEAM_URGENT = reverse("decisions:team_urgent_drafts")
LABEL = re.compile(r'<a class="govuk-link" href="([^"]*)">See all (\d+) urgent records in progress')


def _link(body: str) -> tuple[str, int]:
    """The address of the in-progress panel's "See all" link, and the number it gives."""
    found = LABEL.search(panel(body, IN_PROGRESS))
    assert found is not None
    return html.unescape(found.group(1)), int(found.group(2))


def _listed(body: str) -> int:
    """How many records the page's table lists (its rows, less the header's)."""
    return body.count('<tr class="govuk-table__row">') - 1


def test_the_link_lists_exactly_the_drafts_the_panel_counts(
    client: Any, practitioner: Any, manager: Any, home_org: Any
) -> None:
    team = [urgent_draft(practitioner, home_org, hours=2 + n) for n in range(11)]
    overdue = [urgent_draft(practitioner, home_org, hours=-1 - n) for n in range(2)]
    own = [urgent_draft(manager, home_org, hours=1), urgent_draft(manager, home_org, hours=-3)]

    url, counted = _link(home(client, manager))
    response = client.get(url)

    assert url == f"{TEAM_URGENT}?in_progress=on"
    assert response.status_code == 200
    body = response.content.decode()
    assert counted == 11
    assert _listed(body) == counted
    assert all(draft.label in body for draft in team)
    assert not any(draft.label in body for draft in overdue + own)
    assert f"<title>{IN_PROGRESS}" in body
    assert f'<h1 class="govuk-heading-l">{IN_PROGRESS}</h1>' in body


def test_the_page_without_the_filter_still_lists_every_urgent_draft_and_says_so(
    client: Any, practitioner: Any, manager: Any, home_org: Any
) -> None:
    drafts = [
        urgent_draft(practitioner, home_org, hours=2),
        urgent_draft(practitioner, home_org, hours=-1),
        urgent_draft(manager, home_org, hours=1),
    ]
    client.force_login(manager)
    body = client.get(TEAM_URGENT).content.decode()
    assert all(draft.label in body for draft in drafts)
    # Not the panel's title: it is not the list that panel counts.
    assert '<h1 class="govuk-heading-l">Urgent records in your team</h1>' in body
    assert IN_PROGRESS not in body


def test_the_filter_is_kept_from_page_to_page(
    client: Any, practitioner: Any, manager: Any, home_org: Any
) -> None:
    for n in range(26):
        urgent_draft(practitioner, home_org, hours=2 + n)
    client.force_login(manager)
    body = client.get(TEAM_URGENT, {"in_progress": "on"}).content.decode()
    assert 'href="?in_progress=on&amp;page=2" rel="next"' in body
    past_the_end = client.get(TEAM_URGENT, {"in_progress": "on", "page": "9"}).content.decode()
    assert 'href="?in_progress=on&amp;page=1">Go to the first page' in past_the_end


def test_the_in_progress_list_costs_the_same_queries_however_many_drafts(
    client: Any, practitioner: Any, manager: Any, home_org: Any
) -> None:
    client.force_login(manager)
    url = f"{TEAM_URGENT}?in_progress=on"
    urgent_draft(practitioner, home_org, hours=2)
    client.get(url)  # warm caches
    counts = []
    for _ in range(2):
        for n in range(5):
            urgent_draft(practitioner, home_org, hours=3 + n)
            urgent_draft(manager, home_org, hours=3 + n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
