"""The partnership board's agreement figures: counts per organisation, never names."""

import datetime as dt

from django.urls import reverse

from infoshare.agreements.selectors import board_figures
from infoshare.agreements.tests.factories import AgreementFactory, AgreementPartyFactory


def test_board_figures_count_in_force_due_and_overdue_agreements(home_org, other_org) -> None:
    today = dt.date(2026, 6, 1)
    for review in (
        today + dt.timedelta(days=10),
        today - dt.timedelta(days=1),
        today + dt.timedelta(days=300),
    ):
        agreement = AgreementFactory(
            lead_organisation=home_org, status="active", review_date=review
        )
        AgreementPartyFactory(agreement=agreement, organisation=home_org)
    draft = AgreementFactory(lead_organisation=home_org, status="draft", review_date=today)
    AgreementPartyFactory(agreement=draft, organisation=home_org)

    figures = board_figures([home_org.pk, other_org.pk], today=today)

    assert figures["rows"][home_org.pk] == [3, 1, 1]
    assert figures["rows"][other_org.pk] == [0, 0, 0]


def test_the_board_view_shows_the_agreements_section(client, board_member) -> None:
    client.force_login(board_member)
    html = client.get(reverse("governance:board")).content.decode()
    assert "Information sharing agreements" in html
