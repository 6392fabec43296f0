"""Every governance page renders for the people it is for, with no inline script or style."""

import pytest
from django.urls import reverse

from infoshare.governance.tests.factories import (
    PlanPriorityFactory,
    PositionStatementFactory,
    make_policy,
    make_standard,
)


@pytest.fixture
def pages(home_org, partnership, senior_lead):
    policy = make_policy(organisation=home_org, owner=senior_lead, status="draft")
    standard = make_standard(partnership=partnership)
    PositionStatementFactory(organisation=home_org)
    PlanPriorityFactory(partnership=partnership, description="Line one\n\nLine two")
    org = {"org_id": home_org.pk}
    return [
        reverse("governance:to_read"),
        reverse("governance:position_statement", kwargs=org),
        reverse("governance:statement_publish", kwargs=org),
        reverse("governance:acknowledgements", kwargs=org),
        reverse("governance:policy_list"),
        reverse("governance:policy_create"),
        reverse("governance:policy_detail", kwargs={"policy_id": policy.pk}),
        reverse("governance:policy_edit", kwargs={"policy_id": policy.pk}),
        reverse("governance:standard_list"),
        reverse("governance:adoption_record", kwargs={**org, "standard_id": standard.pk}),
        reverse("governance:priority_list"),
    ]


def test_pages_render_without_inline_script_or_style(client, senior_lead, pages) -> None:
    client.force_login(senior_lead)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "style=" not in html, url
        assert "<script>" not in html, url
        assert "<h1" in html, url


def test_admin_and_board_pages_render(client, partnership_admin, board_member) -> None:
    client.force_login(partnership_admin)
    for name in ("governance:standard_create", "governance:priority_create", "governance:board"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert "style=" not in response.content.decode()
