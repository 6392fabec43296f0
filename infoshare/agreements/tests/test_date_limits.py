"""An agreement's dates: from 1 January 2000 to 10 years from today, with the year in
4 figures. A typing mistake (1/1/0001, 31/12/9999, 1/12/0026) is shown as GOV.UK says
it, and nothing is saved."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from infoshare.agreements.models import Agreement
from infoshare.core.dates import long_date, years_ahead

FORM = {
    "title": "School attendance sharing",
    "kind": "data_sharing_agreement",
    "purpose": "Children missing education",
}


def _ten_years_on() -> dt.date:
    return years_ahead(10, timezone.localdate())


@pytest.mark.parametrize("field", ["start_date", "review_date", "end_date"])
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1/1/0001", "must include a year with 4 numbers"),
        ("1/12/0026", "must include a year with 4 numbers"),
        ("0026-12-01", "must include a year with 4 numbers"),
        ("1/12/26", "must include a year with 4 numbers"),
        ("31/12/1999", "must be 1 January 2000 or later"),
        ("31/12/9999", "must be {latest} or earlier"),
    ],
)
def test_a_date_out_of_bounds_is_refused(
    client, advisor, home_org, field: str, typed: str, message: str
) -> None:
    client.force_login(advisor)
    response = client.post(
        reverse("agreements:agreement_create"),
        {**FORM, "lead_organisation": home_org.pk, field: typed},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert message.format(latest=long_date(_ten_years_on())) in page
    assert not Agreement.objects.exists()


def test_the_label_names_the_date_out_of_bounds(client, advisor, home_org) -> None:
    client.force_login(advisor)
    response = client.post(
        reverse("agreements:agreement_create"),
        {**FORM, "lead_organisation": home_org.pk, "review_date": "1/1/1999"},
    )
    assert "Review date must be 1 January 2000 or later" in response.content.decode()


def test_the_label_names_the_date_whose_year_is_short(client, advisor, home_org) -> None:
    client.force_login(advisor)
    response = client.post(
        reverse("agreements:agreement_create"),
        {**FORM, "lead_organisation": home_org.pk, "review_date": "1/12/26"},
    )
    assert response.status_code == 400
    assert "Review date must include a year with 4 numbers" in response.content.decode()


def test_dates_at_the_bounds_are_kept(client, advisor, home_org) -> None:
    client.force_login(advisor)
    latest = _ten_years_on()
    response = client.post(
        reverse("agreements:agreement_create"),
        {
            **FORM,
            "lead_organisation": home_org.pk,
            "start_date": "1/1/2000",
            "review_date": f"{latest:%d/%m/%Y}",
        },
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert (agreement.start_date, agreement.review_date) == (dt.date(2000, 1, 1), latest)


def test_editing_a_draft_keeps_the_same_rule(client, advisor, home_org) -> None:
    client.force_login(advisor)
    response = client.post(
        reverse("agreements:agreement_create"), {**FORM, "lead_organisation": home_org.pk}
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    response = client.post(
        reverse("agreements:agreement_edit", args=[agreement.pk]),
        {**FORM, "review_date": "31/12/9999"},
    )
    assert response.status_code == 400
    assert f"Review date must be {long_date(_ten_years_on())} or earlier" in (
        response.content.decode()
    )
    agreement.refresh_from_db()
    assert agreement.review_date is None


def test_the_api_keeps_the_same_rule(client, advisor, home_org) -> None:
    client.force_login(advisor)
    body = {**FORM, "lead_organisation_id": home_org.pk, "start_date": "0001-01-01"}
    response = client.post(
        reverse("api-1:agreement_create"), json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["start_date"] == (
        "Start date must be 1 January 2000 or later"
    )
    assert not Agreement.objects.exists()
