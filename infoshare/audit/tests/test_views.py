import csv
import io
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from infoshare.audit.models import AuditEvent
from infoshare.audit.services import record
from infoshare.audit.tests.helpers import make_events

LIST = reverse("audit:event_list")
EXPORT = reverse("audit:event_export")


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def _local(year: int, month: int, day: int, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def events(home_org) -> Callable[..., list[AuditEvent]]:
    """``make_events`` about the auditor's organisation (in their partnership)."""
    return partial(make_events, organisation_id=home_org.pk)


def test_the_auditor_sees_events_newest_first(client, auditor, events) -> None:
    events(1, action="accounts.token_created", actor_label="older@example.org")
    events(1, action="accounts.signed_out", actor_label="newer@example.org")
    client.force_login(auditor)
    page = client.get(LIST).content.decode()
    assert page.index("newer@example.org") < page.index("older@example.org")


def test_the_list_runs_the_same_queries_at_10_and_1000_events(
    client, auditor, events, django_assert_num_queries
) -> None:
    client.force_login(auditor)
    client.get(LIST)  # the first request of a session sets it up
    query = {"action": "accounts.signed_in", "page": "2"}
    events(10)
    with CaptureQueriesContext(connection) as small:
        assert client.get(LIST, {"page": "1"}).status_code == 200
    events(990)
    with django_assert_num_queries(len(small)):
        response = client.get(LIST, {"page": "1"})
    assert response.status_code == 200
    with django_assert_num_queries(len(small)):
        assert client.get(LIST, query).status_code == 200
    assert len(small) <= 16


def test_search_by_person_text_or_user_id(client, auditor, events) -> None:
    events(1, actor_label="alice@example.org", actor_id=41)
    events(1, actor_label="bob@example.org", actor_id=42)
    client.force_login(auditor)
    by_text = client.get(LIST, {"person": "ALICE"}).content.decode()
    assert "alice@example.org" in by_text
    assert "bob@example.org" not in by_text
    by_id = client.get(LIST, {"person": "42"}).content.decode()
    assert "bob@example.org" in by_id
    assert "alice@example.org" not in by_id


def test_search_by_organisation_action_and_dates(
    client, auditor, events, home_org, other_org
) -> None:
    five, six = home_org.pk, other_org.pk
    events(1, organisation_id=five, actor_label="five@example.org", start=_local(2026, 3, 1))
    events(1, organisation_id=six, actor_label="six@example.org", start=_local(2026, 3, 10))
    events(
        1,
        organisation_id=six,
        action="partnerships.role_changed",
        actor_label="role@example.org",
        start=_local(2026, 3, 20),
    )
    client.force_login(auditor)
    by_org = client.get(LIST, {"organisation": str(six)}).content.decode()
    assert "six@example.org" in by_org
    assert "five@example.org" not in by_org
    by_action = client.get(LIST, {"action": "partnerships.role_changed"}).content.decode()
    assert "role@example.org" in by_action
    assert "six@example.org" not in by_action
    by_dates = client.get(LIST, {"date_from": "2026-03-05", "date_to": "10/3/2026"})
    assert "six@example.org" in by_dates.content.decode()
    assert "five@example.org" not in by_dates.content.decode()
    assert "role@example.org" not in by_dates.content.decode()


def test_the_action_list_offers_stored_and_registered_actions(client, auditor, events) -> None:
    events(1, action="someapp.unlabelled_thing")
    client.force_login(auditor)
    page = client.get(LIST).content.decode()
    assert '<option value="someapp.unlabelled_thing">someapp.unlabelled_thing</option>' in page
    assert '<option value="audit.exported">Audit: audit trail downloaded</option>' in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date_from": "2026-03-10", "date_to": "2026-03-01"}, "must be the same as or after"),
        ({"date_from": "31/2/2026"}, "From date must be a real date, for example 27/3/2026"),
        ({"organisation": "twelve"}, "Select an organisation from the list"),
        ({"organisation": "99999999999999999999999"}, "Select an organisation from the list"),
        ({"action": "no.such_action"}, "Select an action from the list"),
        ({"person": "x" * 255}, "254 characters or fewer"),
    ],
)
def test_bad_filters_get_a_clear_error(client, auditor, query, message) -> None:
    client.force_login(auditor)
    for url in (LIST, EXPORT):
        response = client.get(url, query)
        assert response.status_code == 400
        page = response.content.decode()
        assert "There is a problem" in page
        assert message in page
    assert not AuditEvent.objects.filter(action="audit.exported").exists()


def test_an_enormous_user_id_is_searched_as_text(client, auditor) -> None:
    client.force_login(auditor)
    assert client.get(LIST, {"person": "9" * 30}).status_code == 200
    assert client.get(LIST, {"person": "²"}).status_code == 200


def test_the_export_has_the_filtered_events_and_is_audited(
    client, auditor, events, home_org
) -> None:
    events(2, action="accounts.signed_in")
    events(1, action="accounts.signed_out")
    client.force_login(auditor)
    query = {"action": "accounts.signed_in", "organisation": str(home_org.pk)}
    response = client.get(EXPORT, query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0] == [
        "id",
        "occurred_at",
        "actor_id",
        "actor_label",
        "organisation_id",
        "action",
        "object_type",
        "object_id",
        "request_id",
        "client_address",
        "hash",
        "data",
    ]
    assert len(rows) == 3
    assert {row[5] for row in rows[1:]} == {"accounts.signed_in"}
    exported = AuditEvent.objects.get(action="audit.exported")
    assert exported.actor_id == auditor.pk
    assert exported.data == {
        "filter": {"action": "accounts.signed_in", "organisation_id": home_org.pk},
        "rows": 2,
        "up_to_event_id": int(rows[1][0]),
    }
    assert exported.request_id == response["X-Request-ID"]


def test_the_export_records_dates_of_the_filter(client, auditor) -> None:
    client.force_login(auditor)
    rows = _csv(client.get(EXPORT, {"date_from": "2026-01-01"}))
    exported = AuditEvent.objects.get(action="audit.exported")
    assert exported.data["filter"] == {"date_from": "2026-01-01"}
    assert exported.data["rows"] == len(rows) - 1


def test_the_export_holds_the_events_the_list_counted_and_says_which(
    client, auditor, events
) -> None:
    client.force_login(auditor)
    client.get(LIST)  # the first request of a session sets it up (and is audited)
    made = events(3)
    page = client.get(LIST).content.decode()
    assert "4 events." in page  # ours and the auditor's signing in
    rows = _csv(client.get(EXPORT))
    # The four events the list counted, newest first: not the export's own event.
    shown = [row[0] for row in rows[1:]]
    assert len(shown) == 4
    assert shown[:3] == [str(event.pk) for event in reversed(made)]
    assert "audit.exported" not in {row[5] for row in rows[1:]}
    exported = AuditEvent.objects.get(action="audit.exported")
    assert exported.data == {"filter": {}, "rows": 4, "up_to_event_id": made[-1].pk}
    # The next export holds the first one's event (it matched by then), not its own.
    again = _csv(client.get(EXPORT))
    assert [row[0] for row in again[1:]] == [str(exported.pk), *shown]
    second = AuditEvent.objects.filter(action="audit.exported").latest("id")
    assert second.data == {"filter": {}, "rows": 5, "up_to_event_id": exported.pk}


def test_events_written_while_the_export_streams_are_left_out(client, auditor, events) -> None:
    made = events(2, action="accounts.token_created")
    client.force_login(auditor)
    response = client.get(EXPORT, {"action": "accounts.token_created"})
    lines = iter(response.streaming_content)
    header = next(lines)  # the events are read after the header
    later = events(1, action="accounts.token_created")
    body = (header + b"".join(lines)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert [row[0] for row in rows[1:]] == [str(made[1].pk), str(made[0].pk)]
    assert str(later[0].pk) not in {row[0] for row in rows}
    exported = AuditEvent.objects.get(action="audit.exported")
    assert exported.data == {
        "filter": {"action": "accounts.token_created"},
        "rows": 2,
        "up_to_event_id": made[1].pk,
    }


def test_an_export_that_matches_nothing_says_so(client, auditor, events) -> None:
    events(1, action="accounts.signed_out")
    client.force_login(auditor)
    rows = _csv(client.get(EXPORT, {"action": "accounts.token_created"}))
    assert len(rows) == 1  # the header only
    exported = AuditEvent.objects.get(action="audit.exported")
    assert exported.data == {
        "filter": {"action": "accounts.token_created"},
        "rows": 0,
        "up_to_event_id": None,
    }


def test_the_count_of_events_agrees_with_its_number(client, auditor, events) -> None:
    events(1, action="accounts.signed_out")
    events(2, action="accounts.token_created")
    client.force_login(auditor)
    one = client.get(LIST, {"action": "accounts.signed_out"}).content.decode()
    assert "1 event matches these filters." in one
    two = client.get(LIST, {"action": "accounts.token_created"}).content.decode()
    assert "2 events match these filters." in two
    none = client.get(LIST, {"action": "accounts.password_changed"}).content.decode()
    assert "0 events match these filters." in none


def test_the_export_defuses_spreadsheet_formulas(client, auditor, events) -> None:
    events(1, actor_label='=HYPERLINK("http://evil")', object_id="-1+2", action="@x")
    events(1, actor_label="+cmd", object_type="a.B", object_id="ok")
    client.force_login(auditor)
    rows = _csv(client.get(EXPORT, {"person": ""}))
    labels = {row[3] for row in rows[1:]}
    assert '\'=HYPERLINK("http://evil")' in labels
    assert "'+cmd" in labels
    formula = next(row for row in rows[1:] if row[3].startswith("'="))
    assert formula[7] == "'-1+2"
    assert formula[5] == "'@x"


def test_the_list_links_to_an_export_of_the_same_filter(client, auditor, events) -> None:
    events(3)
    client.force_login(auditor)
    page = client.get(LIST, {"action": "accounts.signed_in", "page": "1"}).content.decode()
    assert f'href="{EXPORT}?action=accounts.signed_in"' in page


@pytest.mark.parametrize("role", ["practitioner", "org_admin", "partnership_admin"])
def test_only_auditors_reach_the_audit_trail(client, request, role) -> None:
    client.force_login(request.getfixturevalue(role))
    assert client.get(LIST).status_code == 403
    assert client.get(EXPORT).status_code == 403
    assert not AuditEvent.objects.filter(action="audit.exported").exists()


def test_a_signed_out_person_is_sent_to_sign_in(client, db) -> None:
    response = client.get(LIST)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_auditors_see_the_audit_trail_in_the_navigation(client, auditor, practitioner) -> None:
    client.force_login(auditor)
    assert f'href="{LIST}"' in client.get(reverse("core:home")).content.decode()
    client.force_login(practitioner)
    assert f'href="{LIST}"' not in client.get(reverse("core:home")).content.decode()


def test_events_are_paginated(client, auditor, events) -> None:
    events(30, start=timezone.now() - timedelta(hours=2))
    client.force_login(auditor)
    first = client.get(LIST).content.decode()
    assert "Page 1 of 2" in first
    second = client.get(LIST, {"page": "2"})
    assert second.status_code == 200
    assert "Page 2 of 2" in second.content.decode()


def test_search_by_name_finds_what_a_person_did(client, auditor, practitioner) -> None:
    record(action="accounts.token_created", actor=practitioner)
    client.force_login(auditor)
    page = client.get(LIST, {"person": practitioner.full_name.upper()}).content.decode()
    assert practitioner.email in page
    assert f"User ID {practitioner.pk}" in page
