"""A list page past its end says so and links to the first page; the home page's drafts
panel lists urgent drafts first and links to all of them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from infoshare.decisions.home import PANEL_SIZE
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.tests.factories import make_decision, make_person

LISTS = ["my_decisions", "team_decisions", "organisation_decisions", "shared_with_us"]


@pytest.mark.parametrize("name", LISTS)
def test_a_page_past_the_end_says_so_and_links_to_the_first_page(
    client: Any, make_member: Any, home_org: Any, name: str
) -> None:
    from infoshare.core.roles import Role

    user = make_member(Role.MANAGER, home_org)
    make_decision(author=user, organisation=home_org)
    client.force_login(user)
    response = client.get(reverse(f"decisions:{name}"), {"page": "999", "urgent": "on"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There are no decisions on this page." in body
    assert 'href="?urgent=on&amp;page=1">Go to the first page</a>' in body
    assert "page=998" not in body
    assert "No decisions yet." not in body


def test_the_persons_page_past_the_end_says_so_too(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    person = make_person(organisation=home_org)
    make_decision(author=practitioner, organisation=home_org, people=[person])
    client.force_login(practitioner)
    url = reverse("decisions:person_detail", kwargs={"person_id": person.pk})
    body = client.get(url, {"page": "5"}).content.decode()
    assert "There are no decisions on this page." in body
    assert "page=4" not in body


def test_an_empty_first_page_still_says_there_are_none_yet(client: Any, practitioner: Any) -> None:
    client.force_login(practitioner)
    body = client.get(reverse("decisions:my_decisions")).content.decode()
    assert "No decisions yet." in body
    assert "There are no decisions on this page" not in body


def drafts_panel(client: Any) -> str:
    body = client.get(reverse("core:home")).content.decode()
    return body[body.index(">Your drafts<") :].split("</section>")[0]


def test_urgent_drafts_come_first_then_the_latest(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    now = timezone.now()

    def draft(minutes_ago: int, *, urgent: bool = False) -> SharingDecision:
        made = make_decision(
            author=practitioner,
            organisation=home_org,
            status=Status.DRAFT,
            finalised_at=None,
            urgent=urgent,
            urgent_due_at=now + dt.timedelta(hours=1) if urgent else None,
        )
        SharingDecision.objects.filter(pk=made.pk).update(
            updated_at=now - dt.timedelta(minutes=minutes_ago)
        )
        return made

    older = draft(30)
    newest = draft(1)
    urgent_old = draft(600, urgent=True)
    urgent_new = draft(60, urgent=True)
    client.force_login(practitioner)
    panel = drafts_panel(client)
    order = [panel.index(d.label) for d in (urgent_new, urgent_old, newest, older)]
    assert order == sorted(order)


def test_the_drafts_panel_links_to_all_your_drafts(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    drafts = [
        make_decision(
            author=practitioner, organisation=home_org, status=Status.DRAFT, finalised_at=None
        )
        for _ in range(PANEL_SIZE + 1)
    ]
    final = make_decision(author=practitioner, organisation=home_org)
    client.force_login(practitioner)
    panel = drafts_panel(client)
    assert sum(d.label in panel for d in drafts) == PANEL_SIZE
    link = re.search(r'href="([^"]+)">See all your drafts<', panel)
    assert link is not None
    href = link.group(1).replace("&amp;", "&")
    assert href == f"{reverse('decisions:my_decisions')}?status=draft"
    body = client.get(href).content.decode()
    assert all(d.label in body for d in drafts)
    assert final.label not in body


def test_no_drafts_no_link(client: Any, practitioner: Any) -> None:
    client.force_login(practitioner)
    panel = drafts_panel(client)
    assert "You have no decisions in progress." in panel
    assert "See all your drafts" not in panel


def test_recording_a_decision_is_the_home_pages_main_button(
    client: Any, practitioner: Any, board_member: Any
) -> None:
    client.force_login(practitioner)
    panel = drafts_panel(client)
    start = reverse("decisions:start")
    button = re.search(
        r'<a href="([^"]+)" role="button"[^>]*class="govuk-button"[^>]*>([^<]+)</a>', panel
    )
    assert button is not None
    assert button.groups() == (start, "Record an information sharing decision")
    # Someone who does not record decisions is not offered it.
    client.force_login(board_member)
    assert start not in client.get(reverse("core:home")).content.decode()


def test_the_status_filter_is_offered_on_your_own_list_only(
    client: Any, manager: Any, home_org: Any
) -> None:
    client.force_login(manager)
    mine = client.get(reverse("decisions:my_decisions")).content.decode()
    assert 'name="status"' in mine
    team = client.get(reverse("decisions:team_decisions")).content.decode()
    assert 'name="status"' not in team
    refused = client.get(reverse("decisions:my_decisions"), {"status": "lost"})
    assert refused.status_code == 400
    assert "Select a status from the list" in refused.content.decode()
