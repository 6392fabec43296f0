"""The "Urgent records not completed" panel's link opens a list of exactly the drafts its
label counts: urgent drafts past their deadline, not those still to do in time."""

from __future__ import annotations

import html
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from infoshare.decisions.tests.test_urgent_panels_team_and_leavers import (
    OVERDUE,
    home,
    panel,
    urgent_draft,
)

LABEL = "See all 11 urgent records not completed (1 more than shown here)"


def _link(body: str) -> str:
    """The address of the overdue panel's "See all" link."""
    shown = panel(body, OVERDUE)
    before = shown[: shown.index(f">{LABEL}<")]
    return html.unescape(before[before.rindex('href="') + len('href="') :].split('"')[0])


def _drafts(author: Any, org: Any) -> tuple[list[Any], list[Any]]:
    overdue = [urgent_draft(author, org, hours=-1 - n) for n in range(11)]
    not_yet_due = [urgent_draft(author, org, hours=2 + n) for n in range(3)]
    return overdue, not_yet_due


def test_the_practitioners_link_lists_exactly_the_overdue_drafts_it_counts(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    overdue, not_yet_due = _drafts(practitioner, home_org)
    url = _link(home(client, practitioner))
    assert url == f"{reverse('decisions:my_decisions')}?overdue=on"

    response = client.get(url)

    assert response.status_code == 200
    listed = response.content.decode()
    assert [draft.label in listed for draft in overdue] == [True] * 11
    assert [draft.label in listed for draft in not_yet_due] == [False] * 3
    # The filter shows as a ticked GOV.UK checkbox, so the reader sees why the list is short.
    assert 'class="govuk-checkboxes__input" id="id_overdue" name="overdue"' in listed
    box = listed[listed.index('id="id_overdue"') :].split(">")[0]
    assert "checked" in box
    assert "Urgent drafts past their deadline only" in listed


def test_the_managers_link_lists_exactly_the_overdue_drafts_it_counts(
    client: Any, practitioner: Any, manager: Any, home_org: Any
) -> None:
    overdue, not_yet_due = _drafts(practitioner, home_org)
    url = _link(home(client, manager))
    assert url == f"{reverse('decisions:team_urgent_drafts')}?overdue=on"

    response = client.get(url)

    assert response.status_code == 200
    listed = response.content.decode()
    assert '<h1 class="govuk-heading-l">Urgent records not completed in your team</h1>' in listed
    assert [draft.label in listed for draft in overdue] == [True] * 11
    assert [draft.label in listed for draft in not_yet_due] == [False] * 3
    # Without the filter, the page still lists every urgent draft (the in-progress link).
    everything = client.get(reverse("decisions:team_urgent_drafts")).content.decode()
    assert all(draft.label in everything for draft in overdue + not_yet_due)


def test_the_overdue_filter_refuses_anything_but_a_tick(client: Any, practitioner: Any) -> None:
    client.force_login(practitioner)
    response = client.get(reverse("decisions:my_decisions"), {"overdue": "yes"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Tick &#x27;Urgent drafts past their deadline only&#x27; or leave it unticked" in body


def test_the_overdue_filter_is_only_on_the_list_that_holds_drafts(
    client: Any, manager: Any
) -> None:
    client.force_login(manager)
    for name in ("team_decisions", "organisation_decisions", "shared_with_us"):
        body = client.get(reverse(f"decisions:{name}")).content.decode()
        assert 'name="overdue"' not in body, name


def test_the_overdue_list_costs_the_same_queries_however_many_drafts(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    client.force_login(practitioner)
    url = f"{reverse('decisions:my_decisions')}?overdue=on"
    urgent_draft(practitioner, home_org, hours=-1)
    client.get(url)  # warm caches
    counts = []
    for _ in range(2):
        for n in range(5):
            urgent_draft(practitioner, home_org, hours=-2 - n)
            urgent_draft(practitioner, home_org, hours=2 + n)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts.append(len(queries))
    assert counts[0] == counts[1]
