"""Downloads: CSV for advisors, a record as PDF, subject access bundles; all audited."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

from django.urls import reverse

from infoshare.audit.models import AuditEvent
from infoshare.decisions.tests.factories import make_decision, make_person


def test_an_advisor_downloads_the_organisations_records_as_csv(
    client: Any, advisor: Any, home_org: Any, other_org: Any
) -> None:
    mine = make_decision(organisation=home_org, purpose="=HYPERLINK(evil)")
    mine.external_recipient = "=cmd|' /C calc'!A0"
    mine.save()
    elsewhere = make_decision(organisation=other_org)
    client.force_login(advisor)
    response = client.get(reverse("decisions:export_csv"), {"outcome": "shared"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["reference"] for row in rows] == [mine.reference]
    assert rows[0]["recipient"].startswith("'=")
    assert elsewhere.reference not in response.content.decode()
    event = AuditEvent.objects.get(action="decisions.exported")
    assert event.data["kind"] == "decisions_csv"
    assert event.data["filters"] == {"outcome": "shared"}


def test_the_csv_takes_the_same_number_of_queries_for_2_and_20_records(
    client: Any, advisor: Any, home_org: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(advisor)
    client.get(reverse("decisions:export_csv"))
    counts = []
    for size in (2, 20):
        while home_org.sharing_decisions.count() < size:
            make_decision(organisation=home_org, people=[make_person(organisation=home_org)])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("decisions:export_csv"))
        assert len(response.content.decode().strip().splitlines()) == size + 1
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_practitioner_cannot_download_the_csv(client: Any, practitioner: Any) -> None:
    client.force_login(practitioner)
    assert client.get(reverse("decisions:export_csv")).status_code == 403


def test_bad_csv_filters_are_a_400(client: Any, advisor: Any) -> None:
    client.force_login(advisor)
    response = client.get(reverse("decisions:export_csv"), {"date_from": "x" * 10_000})
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="decisions.exported").exists()


def test_a_record_downloads_as_pdf_and_the_view_is_audited(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    decision = make_decision(author=practitioner, organisation=home_org)
    client.force_login(practitioner)
    response = client.get(reverse("decisions:decision_pdf", kwargs={"decision_id": decision.pk}))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="decisions.viewed_decision").count() == 1


def test_another_organisation_cannot_download_the_pdf(
    client: Any, foreign_org_user: Any, home_org: Any
) -> None:
    decision = make_decision(organisation=home_org)
    client.force_login(foreign_org_user)
    url = reverse("decisions:decision_pdf", kwargs={"decision_id": decision.pk})
    assert client.get(url).status_code == 404


def test_subject_access_bundle_holds_every_record_about_the_person(
    client: Any, advisor: Any, home_org: Any
) -> None:
    person = make_person(organisation=home_org)
    first = make_decision(organisation=home_org, people=[person])
    second = make_decision(organisation=home_org, people=[person])
    make_decision(organisation=home_org)
    client.force_login(advisor)
    url = reverse("decisions:subject_access", kwargs={"person_id": person.pk})
    response = client.get(url)
    assert response.status_code == 200
    bundle = zipfile.ZipFile(io.BytesIO(response.content))
    assert set(bundle.namelist()) == {"records.pdf", "records.json"}
    data = json.loads(bundle.read("records.json"))
    assert {r["reference"] for r in data["records"]} == {first.reference, second.reference}
    assert bundle.read("records.pdf").startswith(b"%PDF")
    event = AuditEvent.objects.get(action="decisions.exported")
    assert event.data["kind"] == "subject_access"
    assert event.object_id == str(person.pk)


def test_subject_access_is_for_advisors_of_the_recording_organisation(
    client: Any, practitioner: Any, foreign_org_user: Any, home_org: Any
) -> None:
    person = make_person(organisation=home_org)
    url = reverse("decisions:subject_access", kwargs={"person_id": person.pk})
    client.force_login(practitioner)
    assert client.get(url).status_code == 403
    client.force_login(foreign_org_user)
    assert client.get(url).status_code == 404
