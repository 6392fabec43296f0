"""A record's history links each version by its name, "Version 1", not a bare "1": a
link's text makes sense out of context, as a screen reader's list of links reads it
(WCAG 2.4.9, link purpose, link only)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from infoshare.decisions.models import Status
from infoshare.decisions.tests.factories import make_decision


def detail(decision: Any) -> str:
    return reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk})


def test_the_history_names_each_version_it_links_to(
    client: Any, advisor: Any, home_org: Any, other_org: Any
) -> None:
    first = make_decision(
        organisation=home_org, recipient_organisation=other_org, status=Status.SUPERSEDED
    )
    second = make_decision(
        organisation=home_org,
        recipient_organisation=other_org,
        reference=first.reference,
        version=2,
        previous=first,
        amendment_reason="Corrected the date of birth",
    )
    client.force_login(advisor)
    body = client.get(detail(second)).content.decode()
    history = body.split('id="decision-versions-caption"', 1)[1].split("</table>", 1)[0]
    assert f'<a class="govuk-link" href="{detail(first)}">Version 1</a>' in history
    assert "Version 2 (this one)" in history
    body = client.get(detail(first)).content.decode()
    history = body.split('id="decision-versions-caption"', 1)[1].split("</table>", 1)[0]
    assert f'<a class="govuk-link" href="{detail(second)}">Version 2</a>' in history
    assert "Version 1 (this one)" in history
