"""The partnership board's agreement figures: counts per organisation, never names."""

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from infoshare.agreements.selectors import board_figures, register_for
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


def test_an_agreement_counts_for_its_lead_organisation_even_when_it_is_not_a_party(
    home_org, other_org, senior_lead
) -> None:
    # Creating an agreement does not make its lead a party: the board counts it for the
    # lead all the same, as the register filtered to that organisation lists it.
    today = dt.date(2026, 6, 1)
    for review in (today + dt.timedelta(days=10), today - dt.timedelta(days=1)):
        agreement = AgreementFactory(
            lead_organisation=home_org, status="active", review_date=review
        )
        AgreementPartyFactory(agreement=agreement, organisation=other_org)

    figures = board_figures([home_org.pk, other_org.pk], today=today)

    assert figures["rows"][home_org.pk] == [2, 1, 1]
    assert figures["rows"][other_org.pk] == [2, 1, 1]
    for organisation in (home_org, other_org):
        in_register = register_for(senior_lead, status="active", organisation_id=organisation.pk)
        assert figures["rows"][organisation.pk][0] == in_register.count()


def test_an_organisation_that_leads_and_is_a_party_counts_the_agreement_once(
    home_org, other_org
) -> None:
    today = dt.date(2026, 6, 1)
    agreement = AgreementFactory(
        lead_organisation=home_org, status="active", review_date=today - dt.timedelta(days=1)
    )
    AgreementPartyFactory(agreement=agreement, organisation=home_org)
    AgreementPartyFactory(agreement=agreement, organisation=other_org)

    figures = board_figures([home_org.pk, other_org.pk], today=today)

    assert figures["rows"][home_org.pk] == [1, 0, 1]
    assert figures["rows"][other_org.pk] == [1, 0, 1]


def test_board_figures_take_one_query_however_many_agreements(
    home_org, other_org, django_assert_num_queries
) -> None:
    def add(count: int) -> None:
        for _ in range(count):
            agreement = AgreementFactory(lead_organisation=home_org, status="active")
            AgreementPartyFactory(agreement=agreement, organisation=other_org)

    add(1)
    with django_assert_num_queries(1):
        board_figures([home_org.pk, other_org.pk])
    add(5)
    with django_assert_num_queries(1):
        figures = board_figures([home_org.pk, other_org.pk])
    assert figures["rows"][home_org.pk][0] == 6
