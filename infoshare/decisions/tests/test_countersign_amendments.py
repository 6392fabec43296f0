"""Countersigning an amended record: the manager sees why it was amended, reaches the
earlier versions, sees which answers changed, and reads the advice asked; the record's
history says when each version was finalised."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from infoshare.core.times import datetime_text
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.tests.factories import make_decision, make_person

CHANGED = "Changed in this version"


def countersign_url(decision: Any) -> str:
    return reverse("decisions:countersign", kwargs={"decision_id": decision.pk})


def detail_url(decision: Any) -> str:
    return reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk})


def summary_row(body: str, label: str) -> str:
    """The record's summary row with this label (the countersign page's "The record")."""
    record = body[body.index("The record</h2>") :]
    start = record.index(f'<dt class="govuk-summary-list__key">{label}</dt>')
    return record[start:].split("</div>")[0]


@pytest.fixture
def first(practitioner: Any, home_org: Any) -> SharingDecision:
    home_org.countersign_required = True
    home_org.save(update_fields=["countersign_required"])
    child = make_person(organisation=home_org, given_name="Eve", family_name="Okafor")
    return make_decision(
        author=practitioner,
        organisation=home_org,
        status=Status.SUPERSEDED,
        people=[child],
        purpose="Keep Eve safe at school",
        facts="Seen upset at the gate",
        finalised_at=timezone.now() - dt.timedelta(days=3, hours=2),
    )


def amend(earlier: SharingDecision, **fields: Any) -> SharingDecision:
    """A final amendment of ``earlier`` (which it supersedes), by its author."""
    values: dict[str, Any] = {
        "author": earlier.author,
        "organisation": earlier.organisation,
        "reference": earlier.reference,
        "version": earlier.version + 1,
        "previous": earlier,
        "amendment_reason": "The purpose was written for another child",
        "people": list(earlier.people.all()),
        "purpose": earlier.purpose,
        "facts": earlier.facts,
    }
    amendment = make_decision(**(values | fields))
    SharingDecision.objects.filter(pk=earlier.pk).update(status=Status.SUPERSEDED)
    return amendment


@pytest.fixture
def amended(first: SharingDecision) -> SharingDecision:
    return amend(first, purpose="Help Eve settle at her new school", facts="")


def test_the_page_says_why_the_record_was_amended_and_links_to_the_earlier_version(
    client: Any, manager: Any, practitioner: Any, first: Any, amended: Any
) -> None:
    client.force_login(manager)
    response = client.get(countersign_url(amended))
    assert response.status_code == 200
    body = response.content.decode()
    button = body.index(">Countersign</button>")
    assert "Why it was amended" in body[:button]
    assert "The purpose was written for another child" in body[:button]
    assert "This is version 2 of the record" in body
    assert (
        f'<a class="govuk-link" href="{detail_url(first)}?from=countersign">Version 1</a>, finalised '
        f"{datetime_text(first.finalised_at)} by {practitioner}"
    ) in body


def test_the_answers_that_changed_since_the_earlier_version_are_marked(
    client: Any, manager: Any, amended: Any
) -> None:
    client.force_login(manager)
    body = client.get(countersign_url(amended)).content.decode()
    assert "What differs from version 1 is marked" in body
    purpose = summary_row(body, "Purpose")
    assert CHANGED in purpose
    assert "Help Eve settle at her new school" in purpose
    # Emptied since: still a row, saying so.
    facts = summary_row(body, "Facts")
    assert CHANGED in facts
    assert "Not given" in facts
    for same in ("People the information is about", "Information shared", "What was decided"):
        assert CHANGED not in summary_row(body, same), same
    assert body.count(CHANGED) == 2 + 1  # the two rows, and the sentence saying so


def test_parts_the_amendment_left_out_are_named(client: Any, manager: Any, first: Any) -> None:
    # Version 1 shared; version 2 records that nothing was shared: its bases went.
    amended = amend(first, outcome="not_shared", reasons="The school already knew")
    client.force_login(manager)
    body = client.get(countersign_url(amended)).content.decode()
    assert CHANGED in summary_row(body, "What was decided")
    gone = body[body.index("In version 1 and no longer in this version:") :].split("</ul>")[0]
    for label in ("Common-law gateway", "Article 6 basis", "Date shared"):
        assert f"<li>{label}</li>" in gone
    assert '<dt class="govuk-summary-list__key">Common-law gateway</dt>' not in body


def test_every_earlier_version_is_linked_newest_first(
    client: Any, manager: Any, first: Any, amended: Any
) -> None:
    SharingDecision.objects.filter(pk=amended.pk).update(status=Status.SUPERSEDED)
    third = amend(amended, amendment_reason="The date shared was wrong")
    client.force_login(manager)
    body = client.get(countersign_url(third)).content.decode()
    assert "The date shared was wrong" in body
    second_link = body.index(f'href="{detail_url(amended)}?from=countersign">Version 2</a>')
    first_link = body.index(f'href="{detail_url(first)}?from=countersign">Version 1</a>')
    assert second_link < first_link
    # Compared with the version it replaced: the purpose changed in version 2, not in 3.
    assert CHANGED not in summary_row(body, "Purpose")


def test_an_original_record_says_nothing_of_amendments(
    client: Any, manager: Any, first: Any
) -> None:
    SharingDecision.objects.filter(pk=first.pk).update(status=Status.FINAL)
    client.force_login(manager)
    body = client.get(countersign_url(first)).content.decode()
    assert "Why it was amended" not in body
    assert CHANGED not in body
    assert "Earlier versions" not in body


def test_the_advice_asked_is_shown_with_the_record(client: Any, manager: Any, amended: Any) -> None:
    SharingDecision.objects.filter(pk=amended.pk).update(
        advice_record=[
            {
                "asked_by": "Pat Practitioner",
                "asked_by_id": None,
                "question": "Can we tell the school without the mother's consent?",
                "replies": [{"by": "Ada Advisor", "text": "Yes: her safety comes first."}],
            }
        ]
    )
    client.force_login(manager)
    body = client.get(countersign_url(amended)).content.decode()
    button = body.index(">Countersign</button>")
    assert "Advice asked" in body[:button]
    assert "Pat Practitioner asked:" in body[:button]
    assert "Can we tell the school without the mother&#x27;s consent?" in body[:button]
    assert "Ada Advisor replied:" in body[:button]
    assert "Yes: her safety comes first." in body[:button]


def test_the_history_says_when_each_version_was_finalised(
    client: Any, practitioner: Any, first: Any, amended: Any
) -> None:
    client.force_login(practitioner)
    body = client.get(detail_url(amended)).content.decode()
    history = body[body.index("Versions of this record") :].split("</table>")[0]
    assert '<th scope="col" class="govuk-table__header">Finalised</th>' in history
    for version in (first, amended):
        finalised = datetime_text(version.finalised_at)
        assert f'<td class="govuk-table__cell">{finalised}</td>' in history


def test_a_draft_amendment_in_the_history_is_not_yet_finalised(
    client: Any, manager: Any, practitioner: Any, first: Any, amended: Any
) -> None:
    amend(amended, status=Status.DRAFT, finalised_at=None, author=manager)
    SharingDecision.objects.filter(pk=amended.pk).update(status=Status.FINAL)
    client.force_login(manager)
    body = client.get(detail_url(amended)).content.decode()
    history = body[body.index("Versions of this record") :].split("</table>")[0]
    draft_row = history[history.index(">Version 3</a>") :].split("</tr>")[0]
    assert '<td class="govuk-table__cell">Not yet</td>' in draft_row


def test_the_countersign_page_costs_the_same_however_many_versions_and_people(
    client: Any, manager: Any, home_org: Any, first: Any, amended: Any
) -> None:
    client.force_login(manager)
    client.get(countersign_url(amended))
    counts = []
    latest = amended
    for people in (1, 6):
        latest.people.set([make_person(organisation=home_org) for _ in range(people)])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(countersign_url(latest)).status_code == 200
        counts.append(len(queries))
        # Two more versions, each about more people, for the next round.
        for _ in range(2):
            SharingDecision.objects.filter(pk=latest.pk).update(status=Status.SUPERSEDED)
            replaced = latest
            latest = amend(latest, purpose=f"Purpose {latest.version + 1}")
            replaced.people.set([make_person(organisation=home_org) for _ in range(people + 3)])
    assert counts[0] == counts[1]


def test_the_record_page_costs_the_same_however_many_versions(
    client: Any, practitioner: Any, first: Any, amended: Any
) -> None:
    client.force_login(practitioner)
    client.get(detail_url(amended))
    counts = []
    latest = amended
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(detail_url(latest)).status_code == 200
        counts.append(len(queries))
        for _ in range(3):
            SharingDecision.objects.filter(pk=latest.pk).update(status=Status.SUPERSEDED)
            latest = amend(latest)
    assert counts[0] == counts[1]
