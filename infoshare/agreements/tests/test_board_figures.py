"""The partnership board's agreement figures: counts per organisation, never names."""

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

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


def _section_row(html: str, organisation: str) -> list[str]:
    """The cells of one organisation's row in the board's agreements table."""
    table = html.split("Information sharing agreements", 1)[1].split("</table>", 1)[0]
    row = next(row for row in table.split("<tr")[1:] if f">{organisation}<" in row)
    return [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_the_board_shows_agreement_counts_in_full_with_zero_as_0(
    client, board_member, home_org, other_org
) -> None:
    # Counts of agreements are not about people: the board sees the numbers that the
    # register and the map show, not "fewer than 5".
    today = timezone.localdate()
    for _ in range(2):
        agreement = AgreementFactory(
            lead_organisation=home_org,
            status="active",
            review_date=today - dt.timedelta(days=1),
        )
        AgreementPartyFactory(agreement=agreement, organisation=home_org)
    client.force_login(board_member)
    html = client.get(reverse("governance:board")).content.decode()
    assert _section_row(html, "Home Council") == ["2", "0", "2"]
    assert _section_row(html, "Other School") == ["0", "0", "0"]
