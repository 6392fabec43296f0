"""An event's details (``data``) are shown to the auditor, exported, and searchable: for
a list, a search or an export they are the only record of what was shown, so an auditor
(a DPO) can answer "who has seen person 2 / record ISD-2026-000005 / decision 5"."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from infoshare.audit.models import AuditEvent
from infoshare.audit.tests.helpers import make_events

LIST = reverse("audit:event_list")
EXPORT = reverse("audit:event_export")


def detail_url(event_id: int | str) -> str:
    return reverse("audit:event_detail", kwargs={"event_id": event_id})


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


@pytest.fixture
def events(home_org) -> Callable[..., list[AuditEvent]]:
    """``make_events`` about the auditor's organisation (in their partnership)."""
    return partial(make_events, organisation_id=home_org.pk)


def _found(client, query: dict[str, str]) -> set[str]:
    """The labels of the events a search finds (less the auditor's own)."""
    response = client.get(LIST, query)
    assert response.status_code == 200, response.content.decode()
    return {event.actor_label for event in response.context["page_obj"]}


# The list


def test_the_list_shows_each_events_details(client, auditor, events) -> None:
    events(1, action="decisions.searched_people", data={"people": [2, 7], "query": {"name": "Sam"}})
    events(1, action="decisions.listed_decisions", data={"records": ["ISD-2026-000005"]})
    events(1, action="accounts.signed_in", data={})
    client.force_login(auditor)
    page = client.get(LIST).content.decode()
    assert '<th scope="col" class="govuk-table__header">Details</th>' in page
    # Wider than a phone: it scrolls sideways in a region of its own, named by its caption.
    assert 'class="app-table-scroll" role="region" aria-labelledby="audit-events-caption"' in page
    assert 'id="audit-events-caption">Audit events</caption>' in page
    assert '<span class="govuk-!-font-weight-bold">People:</span> 2, 7' in page
    assert '<span class="govuk-!-font-weight-bold">Query:</span> Name: Sam' in page
    assert '<span class="govuk-!-font-weight-bold">Records:</span> ISD-2026-000005' in page


def test_the_list_shortens_long_details_and_the_event_page_has_them_all(
    client, auditor, events
) -> None:
    labels = [f"ISD-2026-{n:06d}" for n in range(1, 26)]
    (event,) = events(1, action="decisions.listed_decisions", data={"records": labels})
    client.force_login(auditor)
    page = client.get(LIST).content.decode()
    assert "ISD-2026-000005 and 20 more" in page
    assert "ISD-2026-000006" not in page
    full = client.get(detail_url(event.pk)).content.decode()
    assert ", ".join(labels) in full


def test_details_are_escaped(client, auditor, events) -> None:
    (event,) = events(1, data={"<b>key</b>": "<script>alert(1)</script>"})
    client.force_login(auditor)
    for url in (LIST, detail_url(event.pk)):
        page = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<b>key</b>" not in page


def test_each_event_links_to_its_page_keeping_the_search(client, auditor, events) -> None:
    (event,) = events(1, action="accounts.token_created")
    client.force_login(auditor)
    page = client.get(LIST, {"action": "accounts.token_created"}).content.decode()
    link = f'href="{detail_url(event.pk)}?action=accounts.token_created&amp;page=1"'
    assert link in page
    detail = client.get(detail_url(event.pk), {"action": "accounts.token_created", "page": "1"})
    back = f'<a href="{LIST}?action=accounts.token_created&amp;page=1" class="govuk-back-link">'
    assert back in detail.content.decode()


def test_the_list_runs_the_same_queries_with_details_and_new_filters(
    client, auditor, events, django_assert_num_queries
) -> None:
    client.force_login(auditor)
    client.get(LIST)  # the first request of a session sets it up
    searches = [
        {"page": "1"},
        {"mentions": "2", "object_type": "accounts.User"},
        {"mentions": "ISD-2026-000005", "object_type": "accounts.User", "object_id": "7"},
    ]

    def more(count: int) -> None:
        events(count, data={"people": [2, 3], "query": {"name": "Sam"}})
        events(count, data={"records": ["ISD-2026-000005", "ISD-2026-000006 (version 2)"]})

    more(5)
    small = []
    for query in searches:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST, query).status_code == 200
        small.append(len(captured))
    more(500)
    for query, count in zip(searches, small, strict=True):
        with django_assert_num_queries(count):
            response = client.get(LIST, query)
        assert response.status_code == 200
    assert max(small) <= 16


# One event's page


def test_the_event_page_shows_every_field_and_detail(client, auditor, events, home_org) -> None:
    (event,) = events(
        1,
        action="decisions.viewed_decision",
        actor_label="Sam Worker <sam@example.org>",
        actor_id=41,
        object_type="decisions.SharingDecision",
        object_id="5",
        request_id="req-abc",
        client_address="192.0.2.7",
        data={"reference": "ISD-2026-000005", "version": 2, "via": "pdf", "draft": False},
    )
    client.force_login(auditor)
    response = client.get(detail_url(event.pk))
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        f"Audit event {event.pk}",
        "Sam Worker &lt;sam@example.org&gt;",
        "User ID 41",
        str(home_org.pk),
        "decisions.viewed_decision",
        "Decision record, ID 5",
        "decisions.SharingDecision",
        "<code>req-abc</code>",
        "192.0.2.7",
        event.hash,
        event.prev_hash,
    ):
        assert text in page
    rows = [
        ("Reference", "ISD-2026-000005"),
        ("Version", "2"),
        ("Via", "pdf"),
        ("Draft", "No"),
    ]
    for key, value in rows:
        assert f'<dt class="govuk-summary-list__key">{key}</dt>' in page
        assert f'<dd class="govuk-summary-list__value govuk-!-text-break-word">{value}</dd>' in page
    stored = '{"draft":false,"reference":"ISD-2026-000005","version":2,"via":"pdf"}'
    assert "<code>" + stored.replace('"', "&quot;") + "</code>" in page


def test_an_event_without_details_says_so(client, auditor, events) -> None:
    (event,) = events(1, data={})
    client.force_login(auditor)
    assert "This event has no details." in client.get(detail_url(event.pk)).content.decode()


def test_the_event_page_is_scoped_like_the_list(client, auditor, events) -> None:
    (ours,) = events(1)
    # About an organisation outside the auditor's partnerships, and a sign-in of someone
    # who has no role in them: neither is in the list, so neither has a page.
    (theirs,) = make_events(1, organisation_id=10**9)
    (stranger,) = make_events(1, organisation_id=None, actor_id=10**9)
    client.force_login(auditor)
    listed = {event.pk for event in client.get(LIST).context["page_obj"]}
    assert ours.pk in listed
    assert theirs.pk not in listed
    assert stranger.pk not in listed
    assert client.get(detail_url(ours.pk)).status_code == 200
    assert client.get(detail_url(theirs.pk)).status_code == 404
    assert client.get(detail_url(stranger.pk)).status_code == 404


@pytest.mark.parametrize("event_id", ["0", "999999", "9" * 19, "9" * 30])
def test_a_missing_event_is_not_found(client, auditor, event_id) -> None:
    client.force_login(auditor)
    assert client.get(f"{LIST}events/{event_id}/").status_code == 404


@pytest.mark.parametrize("role", ["practitioner", "org_admin", "partnership_admin"])
def test_only_auditors_reach_an_events_page(client, request, events, role) -> None:
    (event,) = events(1)
    client.force_login(request.getfixturevalue(role))
    assert client.get(detail_url(event.pk)).status_code == 403


def test_the_event_page_is_read_as_the_list_is_without_an_event_of_its_own(
    client, auditor, events
) -> None:
    """The list and an event's page record nothing (the export does: a copy leaves)."""
    (event,) = events(1)
    client.force_login(auditor)
    client.get(LIST)
    before = AuditEvent.objects.count()
    assert client.get(LIST).status_code == 200
    assert client.get(detail_url(event.pk)).status_code == 200
    assert AuditEvent.objects.count() == before


def test_the_event_page_runs_the_same_queries_whatever_its_details(
    client, auditor, events, django_assert_num_queries
) -> None:
    (small,) = events(1, data={"people": [1]})
    (large,) = events(1, data={"people": list(range(1, 2001)), "query": {"name": "x" * 500}})
    client.force_login(auditor)
    client.get(LIST)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(detail_url(small.pk)).status_code == 200
    with django_assert_num_queries(len(captured)):
        assert client.get(detail_url(large.pk)).status_code == 200


# The CSV export


def test_the_export_has_the_details_as_compact_sorted_json(client, auditor, events) -> None:
    data = {"via": "page", "records": ["ISD-2026-000005"], "page": 1, "name": "Zoë"}
    events(1, data=data, actor_label="listed")
    client.force_login(auditor)
    rows = _csv(client.get(EXPORT))
    header = rows[0]
    row = next(r for r in rows[1:] if r[header.index("actor_label")] == "listed")
    cell = row[header.index("data")]
    assert cell == '{"name":"Zoë","page":1,"records":["ISD-2026-000005"],"via":"page"}'
    assert json.loads(cell) == data


def test_the_details_column_is_defused_for_spreadsheets(client, auditor, events) -> None:
    events(1, data=-1, actor_label="scalar")  # JSON, but a formula to a spreadsheet
    events(1, data={"x": '=HYPERLINK("http://evil")'}, actor_label="object")
    client.force_login(auditor)
    rows = _csv(client.get(EXPORT))
    header = rows[0]
    cells = {r[header.index("actor_label")]: r[header.index("data")] for r in rows[1:]}
    assert cells["scalar"] == "'-1"
    assert cells["object"] == '{"x":"=HYPERLINK(\\"http://evil\\")"}'


def test_the_export_applies_the_new_filters_and_records_them(client, auditor, events) -> None:
    events(1, data={"people": [2]}, actor_label="shown")
    events(1, data={"people": [3]}, actor_label="other")
    client.force_login(auditor)
    query = {"mentions": " 2 ", "object_type": "accounts.User", "object_id": "7"}
    rows = _csv(client.get(EXPORT, query))
    header = rows[0]
    assert [r[header.index("actor_label")] for r in rows[1:]] == ["shown"]
    exported = AuditEvent.objects.get(action="audit.exported")
    assert exported.data == {
        "filter": {"mentions": "2", "object_type": "accounts.User", "object_id": "7"},
        "rows": 1,
        "up_to_event_id": int(rows[1][header.index("id")]),
    }


# Who has seen it


def test_search_by_object_type_and_id(client, auditor, events) -> None:
    events(1, object_type="decisions.SharingDecision", object_id="5", actor_label="decision-5")
    events(1, object_type="decisions.SharingDecision", object_id="55", actor_label="decision-55")
    events(1, object_type="decisions.Person", object_id="5", actor_label="person-5")
    client.force_login(auditor)
    page = client.get(LIST).content.decode()
    assert '<option value="decisions.SharingDecision">Decision record</option>' in page
    assert '<option value="decisions.Person">Person</option>' in page
    query = {"object_type": "decisions.SharingDecision", "object_id": " 5 "}
    assert _found(client, query) == {"decision-5"}
    assert _found(client, {"object_type": "decisions.SharingDecision"}) == {
        "decision-5",
        "decision-55",
    }
    assert _found(client, {"object_type": "decisions.Person", "object_id": "5"}) == {"person-5"}


PERSON_CASES: list[tuple[Any, bool]] = [
    ({"people": [2]}, True),
    ({"people": [12, 2, 20], "query": {"name": "Sam"}}, True),
    ({"people": [12, 20, 22]}, False),
    ({"people": ["2"]}, False),  # the text "2" is not the person 2
    ({"query": {"people": [2]}}, False),  # not at the top
    ({"people": {"2": 2}}, False),  # not a list
    ({"people": 2}, False),
    ({"person_id": 2}, False),  # a member of staff, not a person the records are about
    ({"records": [2]}, False),
    ({}, False),
    (-2, False),
]


def test_search_for_the_events_that_showed_a_person(client, auditor, events, other_org) -> None:
    for index, (data, _) in enumerate(PERSON_CASES):
        events(1, data=data, actor_label=f"case-{index}")
    client.force_login(auditor)
    expected = {f"case-{i}" for i, (_, shown) in enumerate(PERSON_CASES) if shown}
    assert _found(client, {"mentions": "2"}) == expected
    assert _found(client, {"mentions": "2", "action": "accounts.signed_in"}) == expected
    assert _found(client, {"mentions": "2", "organisation": str(other_org.pk)}) == set()


def test_the_person_shown_includes_the_views_of_their_own_page(client, auditor, events) -> None:
    events(1, object_type="decisions.Person", object_id="2", actor_label="their-page")
    events(1, object_type="decisions.Person", object_id="22", actor_label="another-person")
    events(1, object_type="decisions.SharingDecision", object_id="2", actor_label="a-record")
    events(1, object_type="accounts.User", object_id="2", actor_label="a-colleague")
    events(1, data={"people": [2]}, actor_label="a-search")
    client.force_login(auditor)
    assert _found(client, {"mentions": "2"}) == {"their-page", "a-search"}
    narrowed = {"mentions": "2", "object_type": "decisions.Person"}
    assert _found(client, narrowed) == {"their-page"}
    page = client.get(LIST).content.decode()
    assert "choose the object type Person" not in page


RECORD_CASES: list[tuple[Any, bool, bool]] = [
    # (data, shown for "ISD-2026-000005", shown for "ISD-2026-000005 (version 2)")
    ({"records": ["ISD-2026-000005"]}, True, False),
    ({"records": ["ISD-2026-000004", "ISD-2026-000005 (version 2)"]}, True, True),
    ({"records": ["ISD-2026-000005 (version 3)"]}, True, False),
    ({"reference": "ISD-2026-000005", "version": 1, "via": "page"}, True, False),
    ({"reference": "ISD-2026-000005", "version": 2, "via": "pdf"}, True, True),
    ({"records": ["ISD-2026-0000050", "ISD-2026-000005X"]}, False, False),
    ({"records": ["XISD-2026-000005"]}, False, False),
    ({"reference": "ISD-2026-000006", "version": 2}, False, False),
    ({"records": "ISD-2026-000005"}, False, False),  # not a list
    ({"records": {"a": "ISD-2026-000005"}}, False, False),
    ({"filter": {"records": ["ISD-2026-000005"]}}, False, False),
    ({"people": [5]}, False, False),
]


def test_search_for_the_events_that_showed_a_record(client, auditor, events) -> None:
    for index, (data, _, _) in enumerate(RECORD_CASES):
        events(1, data=data, actor_label=f"case-{index}")
    client.force_login(auditor)
    any_version = {f"case-{i}" for i, (_, shown, _) in enumerate(RECORD_CASES) if shown}
    version_2 = {f"case-{i}" for i, (_, _, shown) in enumerate(RECORD_CASES) if shown}
    assert _found(client, {"mentions": "ISD-2026-000005"}) == any_version
    assert _found(client, {"mentions": "isd-2026-000005"}) == any_version
    assert _found(client, {"mentions": "ISD-2026-000005 (version 2)"}) == version_2
    assert _found(client, {"mentions": "ISD-2026-000005 (Version  2)"}) == version_2


def test_the_search_form_keeps_the_new_filters(client, auditor, events) -> None:
    events(1, object_type="decisions.SharingDecision", object_id="5")
    client.force_login(auditor)
    query = {
        "object_type": "decisions.SharingDecision",
        "object_id": "5",
        "mentions": "ISD-2026-000005",
    }
    response = client.get(LIST, query)
    page = response.content.decode()
    assert '<option value="decisions.SharingDecision" selected>' in page
    assert response.context["form"]["object_id"].value() == "5"
    assert 'value="ISD-2026-000005"' in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"object_id": "5"}, "Select the type of the object whose ID you entered"),
        ({"object_type": "no.SuchType"}, "Select an object type from the list"),
        ({"object_type": "decisions.SharingDecision", "object_id": "5" * 65}, "64 characters"),
        ({"mentions": "ISD 2026"}, "Enter a person&#x27;s ID, like 2, or a record reference"),
        ({"mentions": "2.5"}, "Enter a person&#x27;s ID"),
        ({"mentions": "-3"}, "Enter a person&#x27;s ID"),
        ({"mentions": "0"}, "Enter a person&#x27;s ID"),
        ({"mentions": "²"}, "Enter a person&#x27;s ID"),
        ({"mentions": "9" * 30}, "Enter a person&#x27;s ID"),
        ({"mentions": "ISD-2026-000005 (version 0)"}, "Enter a person&#x27;s ID"),
        ({"mentions": "ISD-2026-%"}, "Enter a person&#x27;s ID"),
        ({"mentions": "x" * 65}, "Enter a person&#x27;s ID"),
    ],
)
def test_bad_new_filters_get_a_clear_error(client, auditor, events, query, message) -> None:
    events(1, object_type="decisions.SharingDecision", object_id="5")
    client.force_login(auditor)
    for url in (LIST, EXPORT):
        response = client.get(url, query)
        assert response.status_code == 400
        page = response.content.decode()
        assert "There is a problem" in page
        assert message in page
    assert not AuditEvent.objects.filter(action="audit.exported").exists()


def test_the_error_summary_lists_the_new_filters_in_page_order(client, auditor) -> None:
    client.force_login(auditor)
    response = client.get(LIST, {"mentions": "ISD 2026", "object_id": "5"})
    assert response.status_code == 400
    page = response.content.decode()
    summary = page[page.index("govuk-error-summary") : page.index("<h1")]
    assert summary.index('href="#id_object_type"') < summary.index('href="#id_mentions"')
    assert 'value="ISD 2026"' in page  # what was typed is shown again


def test_the_first_version_of_a_record_is_its_bare_label_in_a_list(client, auditor, events) -> None:
    events(1, data={"records": ["ISD-2026-000005"]}, actor_label="first")
    events(1, data={"records": ["ISD-2026-000005 (version 2)"]}, actor_label="second")
    events(1, data={"reference": "ISD-2026-000005", "version": 1}, actor_label="viewed-first")
    client.force_login(auditor)
    found = _found(client, {"mentions": "ISD-2026-000005 (version 1)"})
    assert found == {"first", "viewed-first"}
