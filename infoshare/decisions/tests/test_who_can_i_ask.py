""" "Who can I ask if I am not sure?" in the decision flow names who actually answers the
person's questions for advice (``advice.policy``, as the advice form offers it): a
teacher at a school with no information sharing advisor was told to ask "your
organisation's information sharing advisor", who does not exist."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from infoshare.core.roles import Role
from infoshare.decisions import services
from infoshare.partnerships.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(partnership: Any) -> Any:
    """Like the demo's Riverside Primary: no information sharing advisor, no manager."""
    return OrganisationFactory(partnership=partnership, name="Riverside Primary")


@pytest.fixture
def teacher(make_member: Any, school: Any) -> Any:
    return make_member(Role.PRACTITIONER, school)


def panel(client: Any, user: Any) -> str:
    draft, _ = services.start_draft(actor=user)
    client.force_login(user)
    page = reverse("decisions:question", kwargs={"decision_id": draft.pk, "key": "purpose"})
    html = client.get(page).content.decode()
    start = html.index("Who can I ask if I am not sure?")
    return html[start : html.index("</details>", start)]


def test_without_an_advisor_at_their_organisation_it_names_the_partnerships(
    client: Any, teacher: Any, advisor: Any
) -> None:
    text = panel(client, teacher)
    assert "your organisation's information sharing advisor" not in text
    assert (
        "or one of your partnership's information sharing advisors: nobody else at "
        "Riverside Primary is an information sharing advisor in Infoshare, so questions "
        "you send here go to the partnership's advisors. You can also ask a professional body."
    ) in text


def test_with_only_a_manager_it_says_questions_go_to_the_managers(
    client: Any, teacher: Any, school: Any, make_member: Any
) -> None:
    make_member(Role.MANAGER, school)
    text = panel(client, teacher)
    assert "questions you send here go to the managers at Riverside Primary." in text
    assert "ask your supervisor, your manager or a professional body." in text


def test_with_nobody_to_answer_it_says_whom_to_ask(client: Any, teacher: Any) -> None:
    text = panel(client, teacher)
    assert "Nobody can answer advice requests for Riverside Primary in Infoshare yet" in text
    assert "ask your supervisor, your manager or a professional body." in text
    assert "follow your local safeguarding procedures now" in text


def test_with_an_advisor_at_their_organisation_it_names_them(
    client: Any, practitioner: Any, advisor: Any
) -> None:
    text = panel(client, practitioner)
    # Golden rule 3 and domain section 1: a professional body is one of those to ask.
    assert (
        "ask your supervisor, your manager, your organisation's information sharing advisor "
        "or a professional body."
    ) in text
