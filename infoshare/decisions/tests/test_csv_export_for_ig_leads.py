"""The decisions CSV as an information governance lead uses it: one row per record, in
people's words, UK times, opened straight in Excel (a byte order mark), the same queries at
any size, honest about what it leaves out, and saying so when it stops at its limit."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from infoshare.audit.models import AuditEvent
from infoshare.core.roles import Role
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.tests.factories import make_decision, make_person
from infoshare.partnerships.tests.factories import MembershipFactory, UserFactory

EXPORT = reverse("decisions:export_csv")
ORGANISATION_LIST = reverse("decisions:organisation_decisions")
UTC = dt.UTC


def rows_of(response: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def last_export_id() -> int:
    last = AuditEvent.objects.order_by("-id").first()
    return last.pk if last else 0


def amended_record(home_org: Any, other_org: Any) -> SharingDecision:
    """Version 2 of a record, amended, shared without consent against the recommendation
    after advice, with another organisation of the partnership, and countersigned."""
    first = make_decision(organisation=home_org, status=Status.SUPERSEDED)
    return make_decision(
        organisation=home_org,
        reference=first.reference,
        version=2,
        previous=first,
        amendment_reason="The date shared was wrong",
        author=UserFactory(full_name="Siôn Ó Dálaigh"),
        # 23:30 UTC on 30 June is 00:30 on 1 July in the UK (summer time).
        finalised_at=dt.datetime(2026, 6, 30, 23, 30, tzinfo=UTC),
        direction="request_received",
        recipient_organisation=other_org,
        recipient_name="=HYPERLINK(evil)",
        external_recipient="",
        recommendation="seek_consent",
        basis="",
        consent_position="not_sought",
        consent_not_sought_reason="undue_delay",
        advice_record=[{"question": "May I share?", "replies": []}],
        outcome="shared_in_part",
        departure_reason="The police needed it that night",
        urgent=True,
        urgent_due_at=dt.datetime(2026, 6, 30, 12, 0, tzinfo=UTC),
        gateway="public_interest",
        article6=["art6_1_e"],
        special_category=True,
        article9=["art9_2_g"],
        schedule1=["sch1_p2_18"],
        method="phone",
        person_told="no",
        reason_not_told="It would put the child at risk",
        countersigned_by=UserFactory(full_name="Mair Ní Bhriain"),
        countersigned_at=dt.datetime(2026, 1, 15, 9, 5, tzinfo=UTC),
        people=[make_person(organisation=home_org), make_person(organisation=home_org)],
    )


def test_each_record_is_one_row_in_peoples_words_with_uk_times(
    client: Any, advisor: Any, home_org: Any, other_org: Any
) -> None:
    record = amended_record(home_org, other_org)
    client.force_login(advisor)
    response = client.get(EXPORT)
    assert response.status_code == 200
    rows = rows_of(response)
    assert len(rows) == 1
    assert rows[0] == {
        "Reference": record.reference,
        "Version": "2",
        "Status": "Final",
        "Reason for amendment": "The date shared was wrong",
        "Organisation": "Home Council",
        "Recorded by": "Siôn Ó Dálaigh",
        "Finalised (UK time)": "2026-07-01 00:30 +01:00",
        "Number of people": "2",
        "Sharing or asked": "Responding to a request for information",
        "Receiving organisation": "Other School",
        "Organisation outside the partnership": "",
        # Typed text that a spreadsheet would run as a formula is neutralised.
        "Receiving person (name or role)": "'=HYPERLINK(evil)",
        "Recommendation": "Seek consent",
        "Recommendation basis": "",
        "Consent": "Consent has not been sought",
        "Why consent was not sought": (
            "Seeking it would cause undue delay in making enquiries about allegations of "
            "significant harm"
        ),
        "Advice sought": "Yes",
        "Advice got outside Infoshare from": "",
        "Outcome": "Shared in part",
        "Departs from the recommendation": "Yes",
        "Why it differs from the recommendation": "The police needed it that night",
        "Urgent": "Yes",
        "Common-law gateway": "Common-law duty of confidence: Public interest",
        "Article 6 basis": "UK GDPR Article 6(1)(e): Public task",
        "Article 9 condition": "UK GDPR Article 9(2)(g): Substantial public interest",
        "Schedule 1 condition": (
            "Data Protection Act 2018 Schedule 1 Part 2 paragraph 18: Safeguarding of "
            "children and of individuals at risk"
        ),
        "How it was shared": "Phone",
        "Date shared": str(record.shared_on),
        "Was the person told": "No",
        "Countersigned by": "Mair Ní Bhriain",
        "Countersigned (UK time)": "2026-01-15 09:05 +00:00",
    }
    # No names of the people the record is about, nor what was shared.
    body = response.content.decode("utf-8-sig")
    assert record.people.first().full_name not in body  # type: ignore[union-attr]
    assert "It would put the child at risk" not in body


def test_a_plain_record_says_no_and_leaves_the_rest_empty(
    client: Any, advisor: Any, home_org: Any
) -> None:
    record = make_decision(organisation=home_org)
    client.force_login(advisor)
    [row] = rows_of(client.get(EXPORT))
    assert row["Version"] == "1"
    assert row["Reason for amendment"] == ""
    assert row["Sharing or asked"] == "Sharing information"
    assert row["Receiving organisation"] == ""
    assert row["Organisation outside the partnership"] == record.external_recipient
    assert row["Recommendation"] == "Share"
    assert row["Recommendation basis"] == "Consent"
    assert row["Advice sought"] == "No"
    assert row["Departs from the recommendation"] == "No"
    assert row["Why it differs from the recommendation"] == ""
    assert row["How it was shared"] == "Secure email"
    assert row["Countersigned by"] == row["Countersigned (UK time)"] == ""


def test_the_hour_the_clocks_go_back_reads_differently_each_time(
    client: Any, advisor: Any, home_org: Any
) -> None:
    # On 25 October 2026 the UK's clocks go back at 01:00 UTC: 01:30 comes twice.
    summer = make_decision(
        organisation=home_org, finalised_at=dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    )
    winter = make_decision(
        organisation=home_org,
        finalised_at=dt.datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
        countersigned_by=UserFactory(),
        countersigned_at=dt.datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
    )
    client.force_login(advisor)
    rows = {row["Reference"]: row for row in rows_of(client.get(EXPORT))}
    assert rows[summer.reference]["Finalised (UK time)"] == "2026-10-25 01:30 +01:00"
    assert rows[winter.reference]["Finalised (UK time)"] == "2026-10-25 01:30 +00:00"
    assert rows[winter.reference]["Countersigned (UK time)"] == "2026-10-25 01:30 +00:00"


def test_the_csv_starts_with_a_byte_order_mark_for_excel(
    client: Any, advisor: Any, home_org: Any
) -> None:
    make_decision(organisation=home_org, author=UserFactory(full_name="Siôn Ó Dálaigh"))
    client.force_login(advisor)
    response = client.get(EXPORT)
    assert response.content.startswith("\ufeffReference,".encode())
    assert "Siôn Ó Dálaigh" in response.content.decode("utf-8-sig")


def test_the_csv_takes_the_same_queries_for_2_and_12_full_records(
    client: Any, advisor: Any, home_org: Any, other_org: Any
) -> None:
    client.force_login(advisor)
    client.get(EXPORT)
    counts = []
    for size in (2, 12):
        while SharingDecision.objects.filter(organisation=home_org, status="final").count() < size:
            amended_record(home_org, other_org)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(EXPORT)
        assert len(rows_of(response)) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_csv_cut_at_the_limit_says_so_in_its_last_line(
    client: Any, advisor: Any, home_org: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("infoshare.decisions.views.exports.EXPORT_LIMIT", 2)
    made = [make_decision(organisation=home_org) for _ in range(3)]
    client.force_login(advisor)
    after = last_export_id()
    body = client.get(EXPORT).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(body)))
    # The newest two, then the note.
    assert [line[0] for line in lines[1:3]] == [made[2].reference, made[1].reference]
    assert lines[3] == [
        "This download stops at 2 records: there are more. Narrow the filters, for example "
        "the finalised dates, to download the rest."
    ]
    assert len(lines) == 4
    event = AuditEvent.objects.get(pk__gt=after, action="decisions.exported")
    assert event.data["count"] == 2


def test_a_csv_at_the_limit_exactly_has_no_note(
    client: Any, advisor: Any, home_org: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("infoshare.decisions.views.exports.EXPORT_LIMIT", 2)
    for _ in range(2):
        make_decision(organisation=home_org)
    client.force_login(advisor)
    body = client.get(EXPORT).content.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(body)))) == 3
    assert "This download stops" not in body


def test_the_list_says_which_organisations_the_csv_leaves_out(
    client: Any, make_member: Any, home_org: Any, other_org: Any
) -> None:
    """An advisor in one organisation who manages another sees both on the list, and is
    told the CSV has only the first."""
    user = make_member(Role.ADVISOR, home_org)
    MembershipFactory(person=user, organisation=other_org, role=Role.MANAGER)
    managed = make_decision(organisation=other_org)
    client.force_login(user)
    page = client.get(ORGANISATION_LIST).content.decode()
    assert managed.reference in page
    assert (
        "The CSV has only the records of Home Council, where you are an information sharing "
        "advisor. Records of Other School are on this list but not in the CSV."
    ) in page
    assert 'aria-describedby="export-csv-scope export-csv-limit"' in page
    assert "It has up to 50,000 records, newest first. If there are more, its last line" in page
    assert managed.reference not in client.get(EXPORT).content.decode("utf-8-sig")


def test_an_advisor_of_every_listed_organisation_is_told_only_the_limit(
    client: Any, advisor: Any, home_org: Any
) -> None:
    make_decision(organisation=home_org)
    client.force_login(advisor)
    page = client.get(ORGANISATION_LIST).content.decode()
    assert "Download these as CSV" in page
    assert "It has up to 50,000 records, newest first. If there are more, its last line" in page
    assert "The CSV has only the records of" not in page
    assert 'aria-describedby="export-csv-limit"' in page


def test_a_manager_is_offered_no_csv(client: Any, manager: Any) -> None:
    client.force_login(manager)
    page = client.get(ORGANISATION_LIST).content.decode()
    assert "Download these as CSV" not in page
    assert "It has up to 50,000 records" not in page
