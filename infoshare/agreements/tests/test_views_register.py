"""The register, detail, map and export pages (read by all staff)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from infoshare.agreements import services
from infoshare.agreements.models import Agreement, Status
from infoshare.agreements.tests.factories import AgreementPartyFactory, make_agreement
from infoshare.audit.models import AuditEvent


def _html(response) -> str:
    return response.content.decode()


def test_all_staff_read_the_register(client, practitioner, active) -> None:
    client.force_login(practitioner)
    response = client.get(reverse("agreements:agreement_list"))
    assert response.status_code == 200
    html = _html(response)
    assert "Early help data sharing" in html
    assert "Create a draft agreement" not in html  # a practitioner only reads
    assert "style=" not in html
    assert "<script>" not in html


def test_the_register_filters_by_status_organisation_and_review(
    client, senior_lead, home_org, other_org, active
) -> None:
    third_party_agreement = make_agreement(
        lead_organisation=home_org, title="Draft for school", status=Status.DRAFT
    )
    AgreementPartyFactory(agreement=third_party_agreement, organisation=home_org)
    client.force_login(senior_lead)
    url = reverse("agreements:agreement_list")

    html = _html(client.get(url, {"status": "draft"}))
    assert "Draft for school" in html
    assert "Early help data sharing" not in html

    html = _html(client.get(url, {"organisation": other_org.pk}))
    assert "Early help data sharing" in html
    assert "Draft for school" not in html

    Agreement.objects.filter(pk=active.pk).update(review_date="2000-01-01")
    html = _html(client.get(url, {"due": "on"}))
    assert "Early help data sharing" in html
    assert "Draft for school" not in html


def test_bad_filters_are_shown_not_a_crash(client, practitioner, active) -> None:
    client.force_login(practitioner)
    response = client.get(
        reverse("agreements:agreement_list"), {"status": "nonsense", "organisation": "abc"}
    )
    assert response.status_code == 400
    html = _html(response)
    assert "There is a problem" in html
    assert "Select a status from the list" in html
    assert "Select an organisation from the list" in html
    assert "is not one of the available choices" not in html


def test_bad_filters_show_an_error_title_and_no_agreements(client, practitioner, active) -> None:
    client.force_login(practitioner)
    response = client.get(reverse("agreements:agreement_list"), {"status": "zzz", "due": "1"})
    assert response.status_code == 400
    html = _html(response)
    assert "<title>Error: Agreements register \N{EN DASH} Infoshare</title>" in html
    # Nothing unfiltered is shown under the error, and nothing can be downloaded from it.
    assert "Early help data sharing" not in html
    assert "Correct the filters to see the agreements" in html
    assert reverse("agreements:export_csv") not in html
    assert reverse("agreements:export_xlsx") not in html


@pytest.mark.parametrize("name", ["agreements:export_csv", "agreements:export_xlsx"])
def test_exports_refuse_bad_filters(client, practitioner, active, name) -> None:
    client.force_login(practitioner)
    response = client.get(reverse(name), {"status": "zzz", "due": "1"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response
    html = _html(response)
    assert "Select a status from the list" in html
    assert "Early help data sharing" not in html
    assert not AuditEvent.objects.filter(action__contains="export").exists()


def test_the_download_links_keep_good_filters_but_not_the_page(
    client, practitioner, active
) -> None:
    client.force_login(practitioner)
    html = _html(client.get(reverse("agreements:agreement_list"), {"status": "active", "page": 2}))
    assert f'{reverse("agreements:export_csv")}?status=active"' in html


def _make_agreements(home_org, count: int) -> None:
    for _ in range(count):
        agreement = make_agreement(lead_organisation=home_org, status=Status.ACTIVE)
        AgreementPartyFactory(agreement=agreement, organisation=home_org)
        AgreementPartyFactory(agreement=agreement)


def _count_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_register_runs_the_same_queries_at_two_sizes(
    client, practitioner, home_org, django_assert_num_queries
) -> None:
    client.force_login(practitioner)
    url = reverse("agreements:agreement_list")
    _make_agreements(home_org, 2)
    client.get(url)  # warm the session
    first = _count_queries(client, url)
    _make_agreements(home_org, 12)
    with django_assert_num_queries(first):
        assert client.get(url).status_code == 200


def test_the_detail_page_runs_the_same_queries_at_two_sizes(
    client, senior_lead, home_org, django_assert_num_queries
) -> None:
    small = make_agreement(lead_organisation=home_org, owner=senior_lead)
    AgreementPartyFactory(agreement=small, organisation=home_org, signatory=senior_lead)
    big = make_agreement(lead_organisation=home_org, owner=senior_lead)
    AgreementPartyFactory(agreement=big, organisation=home_org, signatory=senior_lead)
    for _ in range(6):
        AgreementPartyFactory(agreement=big)
    client.force_login(senior_lead)
    client.get(reverse("agreements:agreement_detail", args=[small.pk]))
    first = _count_queries(client, reverse("agreements:agreement_detail", args=[small.pk]))
    with django_assert_num_queries(first):
        client.get(reverse("agreements:agreement_detail", args=[big.pk]))


def test_the_detail_page_shows_parties_signatures_and_history(
    client, practitioner, active, senior_lead
) -> None:
    new = services.start_new_version(actor=senior_lead, agreement_id=active.pk)
    client.force_login(practitioner)
    html = _html(client.get(reverse("agreements:agreement_detail", args=[new.pk])))
    assert "Home Council" in html
    assert "Other School" in html
    assert "Version 1" in html
    assert "Version 2 (this version)" in html
    assert "Start a new version" not in html  # practitioners read only


def test_an_unknown_agreement_is_not_found(client, practitioner) -> None:
    client.force_login(practitioner)
    for name in ("agreement_detail", "agreement_edit", "agreement_sign", "agreement_withdraw"):
        response = client.get(reverse(f"agreements:{name}", args=[999999]))
        assert response.status_code in (403, 404), name


def test_the_map_shows_a_matrix_and_an_svg_diagram(client, practitioner, active) -> None:
    client.force_login(practitioner)
    response = client.get(reverse("agreements:agreement_map"))
    html = _html(response)
    assert response.status_code == 200
    assert "<svg" in html
    assert "<line" in html
    assert "Home Council and Other School: 1 agreement" in html
    assert "style=" not in html


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_register_exports_are_audited(client, practitioner, active, fmt) -> None:
    client.force_login(practitioner)
    response = client.get(reverse(f"agreements:export_{fmt}"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    event = AuditEvent.objects.get(action="agreements.register_exported")
    assert event.data == {"format": fmt, "rows": 1, "filters": {}}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_event_records_the_filters_that_chose_its_rows(
    client, senior_lead, auditor, home_org, other_org, active, fmt
) -> None:
    make_agreement(lead_organisation=home_org, title="Another active", status=Status.ACTIVE)
    client.force_login(senior_lead)
    query = {"status": "active", "organisation": other_org.pk, "due": "", "mine": "on"}
    response = client.get(reverse(f"agreements:export_{fmt}"), query)
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="agreements.register_exported")
    # The filters applied (not those left empty), as the register's selector takes them.
    assert event.data == {
        "format": fmt,
        "rows": 1,
        "filters": {"status": "active", "organisation_id": other_org.pk, "owned_by_me": True},
    }
    # The auditor reads them on the event's page.
    client.force_login(auditor)
    page = _html(client.get(reverse("audit:event_detail", kwargs={"event_id": event.pk})))
    assert f"Organisation ID: {other_org.pk}; Owned by me: Yes; Status: active" in page
