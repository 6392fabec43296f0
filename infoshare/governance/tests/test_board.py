from typing import Any

import pytest
from django.urls import reverse

from infoshare.core.roles import Role
from infoshare.governance import board
from infoshare.governance.models import Acknowledgement, StandardAdoption
from infoshare.governance.tests.factories import (
    CommonStandardFactory,
    PositionStatementFactory,
    make_standard,
    make_statement,
)
from infoshare.governance.tests.helpers import assert_constant_queries, table_row
from infoshare.partnerships.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)


@pytest.mark.parametrize(
    ("n", "shown"), [(0, "fewer than 5"), (4, "fewer than 5"), (5, "5"), (12, "12")]
)
def test_suppress_small(n, shown) -> None:
    assert board.suppress_small(n) == shown


@pytest.mark.parametrize(
    ("numerator", "denominator", "shown"),
    [
        (3, 4, "not shown"),
        (4, 4, "not shown"),
        (2, 10, "not shown"),
        (6, 8, "not shown"),  # 2 have not acknowledged
        (5, 6, "not shown"),  # 1 has not acknowledged
        (6, 10, "not shown"),  # 4 have not acknowledged
        (6, 11, "55%"),
        (6, 12, "50%"),
        (10, 10, "100%"),
    ],
)
def test_rates_are_not_shown_for_small_numbers(numerator, denominator, shown) -> None:
    assert board.suppressed_rate(numerator, denominator) == shown


@pytest.mark.parametrize(
    ("numerator", "denominator", "shown"),
    [
        (0, 3, "fewer than 5"),
        (4, 20, "fewer than 5"),
        (4, 6, "fewer than 5"),
        (5, 6, "not shown"),  # "5 of 6" would say exactly one has not read it
        (5, 9, "not shown"),
        (5, 10, "5"),
        (6, 6, "6"),
    ],
)
def test_counts_that_leave_a_few_people_out_are_not_shown(numerator, denominator, shown) -> None:
    assert board.suppressed_count(numerator, denominator) == shown


def staff(org, count, statement=None, acknowledged=0):
    people = []
    for index in range(count):
        person: Any = UserFactory(with_mfa=False, full_name=f"Secret Name {org.pk}-{index}")
        MembershipFactory(person=person, organisation=org, role=Role.PRACTITIONER)
        if statement is not None and index < acknowledged:
            Acknowledgement.objects.create(person=person, position_statement=statement)
        people.append(person)
    return people


def test_board_view_shows_aggregates_without_names_or_emails(
    client, board_member, home_org, other_org, partnership
) -> None:
    statement = make_statement(organisation=home_org)
    people = staff(home_org, 10, statement, acknowledged=6)
    staff(other_org, 3)
    standard = make_standard(partnership=partnership, title="Named advisor")
    StandardAdoption.objects.create(
        standard=standard, organisation=home_org, status="adopted", updated_by=board_member
    )
    client.force_login(board_member)
    response = client.get(reverse("governance:board"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Home Council" in page
    assert "Other School" in page
    assert table_row(page, "board-statements", "Other School")[1:] == [
        "3",  # a headcount is not personal data: shown in full
        "no statement",
        "no statement",
    ]
    # 6 of 11 current staff of the home organisation (incl. the board member)
    assert table_row(page, "board-statements", "Home Council")[2:] == ["6", "55%"]
    assert "Named advisor" in page
    main = page.split('id="main-content"', 1)[1]
    for person in people:
        assert person.full_name not in main
        assert person.email not in main


def test_board_view_never_names_anyone(client, board_member, home_org) -> None:
    statement = make_statement(organisation=home_org)
    people = staff(home_org, 6, statement, acknowledged=6)
    client.force_login(board_member)
    page = client.get(reverse("governance:board")).content.decode()
    main = page.split('id="main-content"', 1)[1]
    for person in [*people, statement.published_by, board_member]:
        assert person.full_name not in main
        assert person.email not in main


def test_only_board_members_and_partnership_admins_see_the_board(
    client, make_member, home_org
) -> None:
    for role, status in [
        (Role.BOARD_MEMBER, 200),
        (Role.PARTNERSHIP_ADMIN, 200),
        (Role.SENIOR_LEAD, 403),
        (Role.PRACTITIONER, 403),
    ]:
        client.force_login(make_member(role, home_org))
        assert client.get(reverse("governance:board")).status_code == status, role


def test_board_view_has_constant_queries(
    client, board_member, partnership, home_org, django_assert_num_queries
) -> None:
    PositionStatementFactory(organisation=home_org)
    CommonStandardFactory(partnership=partnership)
    client.force_login(board_member)

    def grow():
        for _ in range(3):
            org = OrganisationFactory(partnership=partnership)
            statement = make_statement(organisation=org)
            staff(org, 2, statement, acknowledged=1)
        CommonStandardFactory.create_batch(3, partnership=partnership)

    assert_constant_queries(client, reverse("governance:board"), grow, django_assert_num_queries)


def test_staff_counts_are_shown_in_full_and_acknowledgements_suppressed(
    client, board_member, home_org, other_org, partnership
) -> None:
    statement = make_statement(organisation=other_org)
    staff(other_org, 2, statement, acknowledged=1)
    OrganisationFactory(partnership=partnership, name="Empty Trust")
    client.force_login(board_member)
    page = client.get(reverse("governance:board")).content.decode()
    # Staff: exact, zero as 0. Acknowledged: from records about people, so suppressed.
    assert table_row(page, "board-statements", "Other School")[1:] == [
        "2",
        "fewer than 5",
        "not shown",
    ]
    assert table_row(page, "board-statements", "Empty Trust")[1] == "0"
    assert "Counts of staff and of agreements are shown in full" in page


def test_acknowledged_zero_is_suppressed(client, board_member, home_org) -> None:
    statement = make_statement(organisation=home_org)
    staff(home_org, 7, statement, acknowledged=0)
    client.force_login(board_member)
    page = client.get(reverse("governance:board")).content.decode()
    assert table_row(page, "board-statements", "Home Council")[1:] == [
        "8",  # 7 practitioners and the board member
        "fewer than 5",
        "not shown",
    ]


def test_registered_sections_show_counts_in_full(
    client, board_member, home_org, other_org, monkeypatch
) -> None:
    monkeypatch.setattr(board, "_sections", [])
    board.register_board_section(
        lambda ids: {
            "title": "Agreements",
            "columns": ["Active", "Overdue"],
            "rows": {home_org.pk: [3, 0], other_org.pk: [12, "n/a"]},
        }
    )
    client.force_login(board_member)
    page = client.get(reverse("governance:board")).content.decode()
    assert table_row(page, "board-section-1", "Home Council") == ["3", "0"]
    assert table_row(page, "board-section-1", "Other School") == ["12", "n/a"]


def test_registered_sections_about_people_suppress_small_counts(
    client, board_member, home_org, other_org, monkeypatch
) -> None:
    monkeypatch.setattr(board, "_sections", [])
    board.register_board_section(
        lambda ids: {
            "title": "Training completed",
            "columns": ["People"],
            "rows": {home_org.pk: [3], other_org.pk: [0]},
            "about_people": True,
        }
    )
    board.register_board_section(
        lambda ids: {"title": "Agreements", "columns": ["Active"], "rows": {home_org.pk: [3]}}
    )
    client.force_login(board_member)
    page = client.get(reverse("governance:board")).content.decode()
    assert table_row(page, "board-section-1", "Home Council") == ["fewer than 5"]
    assert table_row(page, "board-section-1", "Other School") == ["fewer than 5"]
    assert table_row(page, "board-section-2", "Home Council") == ["3"]


@pytest.mark.parametrize("acknowledged", [5, 7, 8])
def test_the_board_hides_how_many_of_a_few_have_not_acknowledged(
    client, board_member, home_org, acknowledged
) -> None:
    """With 9 staff (8 practitioners and the board member), 5 to 8 acknowledgements
    would say that 1 to 4 named people have not read the statement."""
    statement = make_statement(organisation=home_org)
    staff(home_org, 8, statement, acknowledged=acknowledged)
    client.force_login(board_member)
    page = client.get(reverse("governance:board")).content.decode()
    assert table_row(page, "board-statements", "Home Council")[1:] == [
        "9",
        "not shown",
        "not shown",
    ]
    assert "When between 1 and 4 staff have not acknowledged" in page


def test_the_board_shows_a_count_that_leaves_5_or_more_out(client, board_member, home_org) -> None:
    statement = make_statement(organisation=home_org)
    staff(home_org, 9, statement, acknowledged=5)
    client.force_login(board_member)
    page = client.get(reverse("governance:board")).content.decode()
    assert table_row(page, "board-statements", "Home Council")[1:] == ["10", "5", "50%"]


def test_everyone_acknowledged_is_shown(client, board_member, home_org) -> None:
    statement = make_statement(organisation=home_org)
    staff(home_org, 5, statement, acknowledged=5)
    Acknowledgement.objects.create(person=board_member, position_statement=statement)
    client.force_login(board_member)
    page = client.get(reverse("governance:board")).content.decode()
    assert table_row(page, "board-statements", "Home Council")[1:] == ["6", "6", "100%"]
