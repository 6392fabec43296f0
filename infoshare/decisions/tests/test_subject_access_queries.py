"""A subject access export reads what it holds in the same number of queries however many
drafts are about the person: their advice is read for them all at once (a code review
found one query a draft)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from infoshare.decisions import exports
from infoshare.decisions.models import Status
from infoshare.decisions.tests.factories import make_decision, make_person


def test_the_export_costs_the_same_with_one_draft_or_many(
    client: Any, advisor: Any, practitioner: Any, home_org: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(exports, "html_to_pdf", lambda *args, **kwargs: b"%PDF-1.7")
    person = make_person(organisation=home_org)
    client.force_login(advisor)
    url = reverse("decisions:subject_access", kwargs={"person_id": person.pk})
    client.get(url)  # the first request also records the session
    counts = []
    for drafts in (1, 8):
        while person.decisions.filter(status=Status.DRAFT).count() < drafts:
            make_decision(
                organisation=home_org, author=practitioner, status=Status.DRAFT, people=[person]
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
