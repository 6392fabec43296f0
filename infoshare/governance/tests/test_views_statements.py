import datetime as dt
from typing import Any

from django.urls import reverse

from infoshare.audit.models import AuditEvent
from infoshare.core.roles import Role
from infoshare.governance.audit import Action
from infoshare.governance.models import Acknowledgement, PositionStatement, StatementStatus
from infoshare.governance.services._common import MSG_NOT_CURRENT
from infoshare.governance.tests.factories import (
    PolicyFactory,
    PositionStatementFactory,
    make_statement,
)
from infoshare.governance.tests.helpers import assert_constant_queries, table_row


def statement_url(org):
    return reverse("governance:position_statement", kwargs={"org_id": org.pk})


def publish_url(org):
    return reverse("governance:statement_publish", kwargs={"org_id": org.pk})


def test_senior_lead_publishes_a_statement_through_the_form(client, senior_lead, home_org) -> None:
    client.force_login(senior_lead)
    response = client.post(
        publish_url(home_org),
        {
            "title": "Our position",
            "body": "First paragraph.\n\nSecond paragraph.",
            "effective_date": "2026-04-01",
        },
    )
    assert response.status_code == 302
    statement = PositionStatement.objects.get(organisation=home_org)
    assert statement.effective_date == dt.date(2026, 4, 1)
    page = client.get(statement_url(home_org)).content.decode()
    assert "<p>First paragraph.</p>" in page
    assert "Version 1" in page


def test_statement_body_is_escaped_not_rendered_as_html(client, practitioner, home_org) -> None:
    PositionStatementFactory(organisation=home_org, body="<script>alert(1)</script>")
    client.force_login(practitioner)
    page = client.get(statement_url(home_org)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_publish_form_shows_errors_for_missing_and_malformed_input(
    client, senior_lead, home_org
) -> None:
    client.force_login(senior_lead)
    response = client.post(
        publish_url(home_org), {"title": "", "body": "x", "effective_date": "31/02/2026"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter the title" in page
    assert "Effective date must be a real date" in page
    assert not PositionStatement.objects.exists()


def test_publish_form_rejects_a_title_that_is_too_long(client, senior_lead, home_org) -> None:
    client.force_login(senior_lead)
    response = client.post(
        publish_url(home_org), {"title": "x" * 201, "body": "x", "effective_date": "2026-04-01"}
    )
    assert "Title must be 200 characters or fewer" in response.content.decode()


def test_board_member_cannot_open_the_publish_page(client, board_member, home_org) -> None:
    client.force_login(board_member)
    assert client.get(publish_url(home_org)).status_code == 403
    response = client.post(
        publish_url(home_org), {"title": "t", "body": "b", "effective_date": "2026-04-01"}
    )
    assert response.status_code == 403
    assert not PositionStatement.objects.exists()


def test_foreign_senior_lead_cannot_publish_for_home_org(
    client, foreign_org_user, home_org
) -> None:
    client.force_login(foreign_org_user)
    response = client.post(
        publish_url(home_org), {"title": "t", "body": "b", "effective_date": "2026-04-01"}
    )
    assert response.status_code == 403
    assert not PositionStatement.objects.exists()


def test_staff_acknowledge_once_with_the_button(client, practitioner, home_org) -> None:
    statement = make_statement(organisation=home_org)
    client.force_login(practitioner)
    url = reverse(
        "governance:statement_acknowledge",
        kwargs={"org_id": home_org.pk, "statement_id": statement.pk},
    )
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    assert Acknowledgement.objects.filter(person=practitioner).count() == 1
    page = client.get(statement_url(home_org)).content.decode()
    assert "You have acknowledged this version" in page


def test_acknowledging_a_statement_of_another_organisation_is_not_found(
    client, practitioner, home_org, other_org
) -> None:
    statement = make_statement(organisation=other_org)
    client.force_login(practitioner)
    url = reverse(
        "governance:statement_acknowledge",
        kwargs={"org_id": home_org.pk, "statement_id": statement.pk},
    )
    assert client.post(url).status_code == 404
    assert not Acknowledgement.objects.exists()


def test_acknowledging_a_superseded_version_explains_why_not(
    client, practitioner, home_org
) -> None:
    old = make_statement(organisation=home_org, status=StatementStatus.SUPERSEDED, version=1)
    PositionStatementFactory(organisation=home_org, version=2)
    client.force_login(practitioner)
    url = reverse(
        "governance:statement_acknowledge", kwargs={"org_id": home_org.pk, "statement_id": old.pk}
    )
    response = client.post(url)
    assert response.status_code == 409
    assert MSG_NOT_CURRENT in response.content.decode()


def test_home_page_and_reading_list_show_what_is_awaiting_acknowledgement(
    client, practitioner, home_org
) -> None:
    PositionStatementFactory(organisation=home_org, title="Statement to read")
    PolicyFactory(organisation=home_org, title="Policy to read")
    client.force_login(practitioner)
    home = client.get(reverse("core:home")).content.decode()
    assert "What you need to read" in home
    assert "Policy to read" in home
    reading = client.get(reverse("governance:to_read")).content.decode()
    assert "Statement to read" in reading
    assert "Policy to read" in reading


def test_reading_list_query_count_does_not_grow(
    client, practitioner, home_org, django_assert_num_queries
) -> None:
    client.force_login(practitioner)
    PolicyFactory(organisation=home_org)
    PositionStatementFactory(organisation=home_org)

    def grow():
        PolicyFactory.create_batch(6, organisation=home_org)

    assert_constant_queries(client, reverse("governance:to_read"), grow, django_assert_num_queries)


def test_rates_page_query_count_does_not_grow(
    client, senior_lead, home_org, django_assert_num_queries
) -> None:
    from infoshare.partnerships.tests.factories import MembershipFactory, TeamFactory

    PositionStatementFactory(organisation=home_org)
    PolicyFactory(organisation=home_org)
    client.force_login(senior_lead)

    def grow():
        team = TeamFactory(organisation=home_org)
        MembershipFactory.create_batch(4, organisation=home_org, team=team)
        PolicyFactory.create_batch(3, organisation=home_org)

    url = reverse("governance:acknowledgements", kwargs={"org_id": home_org.pk})
    assert_constant_queries(client, url, grow, django_assert_num_queries)


def test_acknowledgement_rates_suppress_small_numbers(
    client, senior_lead, make_member, home_org
) -> None:
    from infoshare.partnerships.tests.factories import MembershipFactory, TeamFactory, UserFactory

    statement = make_statement(organisation=home_org)
    big = TeamFactory(organisation=home_org, name="Early Help")
    small = TeamFactory(organisation=home_org, name="Tiny Team")
    for index in range(12):
        person: Any = UserFactory(with_mfa=False)
        MembershipFactory(person=person, organisation=home_org, role=Role.PRACTITIONER, team=big)
        if index < 6:
            Acknowledgement.objects.create(person=person, position_statement=statement)
    for _ in range(2):
        person = UserFactory(with_mfa=False)
        MembershipFactory(person=person, organisation=home_org, role=Role.PRACTITIONER, team=small)
        Acknowledgement.objects.create(person=person, position_statement=statement)
    client.force_login(senior_lead)
    page = client.get(
        reverse("governance:acknowledgements", kwargs={"org_id": home_org.pk})
    ).content.decode()
    assert table_row(page, "rates-1", "Early Help") == ["6", "12", "50%"]
    # Tiny Team: 2 of 2 acknowledged. The headcount is shown; the acknowledgements are not.
    assert table_row(page, "rates-1", "Tiny Team") == ["fewer than 5", "2", "not shown"]
    assert "100%" not in page


def test_a_team_where_only_one_has_not_acknowledged_is_not_given_away(
    client, senior_lead, home_org
) -> None:
    from infoshare.partnerships.tests.factories import MembershipFactory, TeamFactory, UserFactory

    statement = make_statement(organisation=home_org)
    team = TeamFactory(organisation=home_org, name="Named Team")
    for index in range(6):
        person: Any = UserFactory(with_mfa=False)
        MembershipFactory(person=person, organisation=home_org, role=Role.PRACTITIONER, team=team)
        if index < 5:
            Acknowledgement.objects.create(person=person, position_statement=statement)
    client.force_login(senior_lead)
    page = client.get(
        reverse("governance:acknowledgements", kwargs={"org_id": home_org.pk})
    ).content.decode()
    # "5 of 6" would tell the team that exactly one of them has not read it
    assert table_row(page, "rates-1", "Named Team") == ["not shown", "6", "not shown"]
    assert "83%" not in page
    assert "counts that leave between 1 and 4 staff out are" in page


def test_practitioner_cannot_see_acknowledgement_rates(client, practitioner, home_org) -> None:
    client.force_login(practitioner)
    url = reverse("governance:acknowledgements", kwargs={"org_id": home_org.pk})
    assert client.get(url).status_code == 403


def test_publishing_is_audited_with_the_organisation(client, senior_lead, home_org) -> None:
    client.force_login(senior_lead)
    client.post(publish_url(home_org), {"title": "t", "body": "b", "effective_date": "2026-04-01"})
    assert AuditEvent.objects.filter(
        action=Action.POSITION_STATEMENT_PUBLISHED, organisation_id=home_org.pk
    ).exists()


def test_position_statement_page_has_constant_queries(
    client, practitioner, home_org, django_assert_num_queries
) -> None:
    PositionStatementFactory(organisation=home_org, version=1, status=StatementStatus.SUPERSEDED)
    PositionStatementFactory(organisation=home_org, version=2)
    client.force_login(practitioner)

    def grow():
        PositionStatement.objects.filter(organisation=home_org).update(
            status=StatementStatus.SUPERSEDED
        )
        for version in range(3, 9):
            PositionStatementFactory(
                organisation=home_org, version=version, status=StatementStatus.SUPERSEDED
            )
        PositionStatement.objects.filter(organisation=home_org, version=8).update(
            status=StatementStatus.PUBLISHED
        )

    assert_constant_queries(client, statement_url(home_org), grow, django_assert_num_queries)


def test_policy_list_links_to_my_organisations_statement(client, practitioner, home_org) -> None:
    client.force_login(practitioner)
    page = client.get(reverse("governance:policy_list")).content.decode()
    assert statement_url(home_org) in page
