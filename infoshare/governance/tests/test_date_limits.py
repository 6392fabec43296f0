"""Governance dates: a position statement takes effect from 1 January 2000 to a year from
today; a policy's review and an adoption's target are within ten years; every year in 4
figures. A typing mistake (1/1/0001, 1/12/0026, 31/12/9999) is shown as GOV.UK says it,
and nothing is saved: above all, the statement in force is not replaced."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from infoshare.core.dates import long_date, years_ahead
from infoshare.governance.models import (
    Policy,
    PositionStatement,
    StandardAdoption,
    StatementStatus,
)
from infoshare.governance.tests.factories import make_standard, make_statement

YEAR_DIGITS = "{label} must include a year with 4 numbers"
TOO_EARLY = "{label} must be 1 January 2000 or later"
TOO_LATE = "{label} must be {latest} or earlier"


def _typed(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def _cases(years: int) -> list[tuple[str, str]]:
    latest = years_ahead(years, timezone.localdate())
    return [
        ("1/1/0001", YEAR_DIGITS),
        ("1/12/0026", YEAR_DIGITS),
        ("1/12/26", YEAR_DIGITS),
        ("31/12/1999", TOO_EARLY),
        ("31/12/9999", TOO_LATE),
        (_typed(latest + dt.timedelta(days=1)), TOO_LATE),
    ]


def _expected(message: str, label: str, years: int) -> str:
    latest = long_date(years_ahead(years, timezone.localdate()))
    return message.format(label=label, latest=latest)


@pytest.mark.parametrize(("typed", "message"), _cases(1))
def test_a_statement_effective_date_out_of_bounds_is_refused(
    client, senior_lead, home_org, typed: str, message: str
) -> None:
    live = make_statement(organisation=home_org, version=1)
    client.force_login(senior_lead)
    response = client.post(
        reverse("governance:statement_publish", kwargs={"org_id": home_org.pk}),
        {"title": "Our position", "body": "We share.", "effective_date": typed},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert _expected(message, "Effective date", 1) in page
    assert PositionStatement.objects.filter(organisation=home_org).count() == 1
    live.refresh_from_db()
    assert live.status == StatementStatus.PUBLISHED


def test_a_statement_effective_a_year_ahead_is_scheduled(client, senior_lead, home_org) -> None:
    client.force_login(senior_lead)
    latest = years_ahead(1, timezone.localdate())
    response = client.post(
        reverse("governance:statement_publish", kwargs={"org_id": home_org.pk}),
        {"title": "Our position", "body": "We share.", "effective_date": _typed(latest)},
    )
    assert response.status_code == 302
    statement = PositionStatement.objects.get(organisation=home_org)
    assert (statement.effective_date, statement.status) == (latest, StatementStatus.SCHEDULED)


@pytest.mark.parametrize(("typed", "message"), _cases(10))
def test_an_adoption_target_date_out_of_bounds_is_refused(
    client, senior_lead, home_org, partnership, typed: str, message: str
) -> None:
    standard = make_standard(partnership=partnership)
    client.force_login(senior_lead)
    response = client.post(
        reverse(
            "governance:adoption_record",
            kwargs={"org_id": home_org.pk, "standard_id": standard.pk},
        ),
        {"status": "adopting", "target_date": typed},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert _expected(message, "Target date", 10) in page
    assert not StandardAdoption.objects.exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [case for case in _cases(10) if case[1] != TOO_EARLY],  # a past review date has its own
)
def test_a_policy_review_date_out_of_bounds_is_refused(
    client, advisor, home_org, typed: str, message: str
) -> None:
    client.force_login(advisor)
    response = client.post(
        reverse("governance:policy_create"),
        {
            "where": str(home_org.pk),
            "title": "Information sharing policy",
            "kind": "policy",
            "body": "Share to keep children safe.",
            "review_date": typed,
        },
    )
    assert response.status_code == 400
    assert _expected(message, "Review date", 10) in response.content.decode()
    assert not Policy.objects.exists()
