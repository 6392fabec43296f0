"""The list of records shared with the reader's organisation does not give, as every
row's other party, that same organisation: it names the person there each record was
shared with (the list already says who shared it). Someone working for more than one
receiving organisation still reads which one it was."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from infoshare.core.roles import Role
from infoshare.decisions.tests.factories import make_decision
from infoshare.partnerships.tests.factories import MembershipFactory, OrganisationFactory

SHARED_LIST = reverse("decisions:shared_with_us")


def header(text: str) -> str:
    return f'<th scope="col" class="govuk-table__header">{text}</th>'


def cell(text: str) -> str:
    return f'<td class="govuk-table__cell">{text}</td>'


def row_of(body: str, decision: Any) -> str:
    return body[body.index(f">{decision.label}</a>") :].split("</tr>")[0]


def shared(home_org: Any, other_org: Any, **fields: Any) -> Any:
    """A record the council (home_org) shared with the school (other_org)."""
    return make_decision(
        organisation=home_org, recipient_organisation=other_org, external_recipient="", **fields
    )


def test_each_row_names_the_person_it_was_shared_with(
    client: Any, make_member: Any, home_org: Any, other_org: Any
) -> None:
    named = shared(home_org, other_org, recipient_name="Ms Okafor")
    unnamed = shared(home_org, other_org, recipient_name="")
    client.force_login(make_member(Role.PRACTITIONER, other_org))
    body = client.get(SHARED_LIST).content.decode()
    assert header("Shared by") in body
    assert header("Shared with") in body
    assert header("Other party") not in body
    assert cell("Ms Okafor") in row_of(body, named)
    assert cell("No one named") in row_of(body, unnamed)
    for row in (row_of(body, named), row_of(body, unnamed)):
        assert "Other School" not in row  # the reader's own organisation


def test_someone_in_two_receiving_organisations_reads_which_it_was_shared_with(
    client: Any, make_member: Any, home_org: Any, other_org: Any, partnership: Any
) -> None:
    third = OrganisationFactory(partnership=partnership, name="Third Trust")
    to_school = shared(home_org, other_org, recipient_name="Ms Okafor")
    to_trust = shared(home_org, third, recipient_name="")
    reader = make_member(Role.PRACTITIONER, other_org)
    MembershipFactory(person=reader, organisation=third, role=Role.PRACTITIONER)
    client.force_login(reader)
    body = client.get(SHARED_LIST).content.decode()
    assert header("Other party") in body
    assert cell("Shared with Ms Okafor, Other School") in row_of(body, to_school)
    assert cell("Shared with Third Trust") in row_of(body, to_trust)


def test_the_organisations_own_list_keeps_its_other_party(
    client: Any, advisor: Any, home_org: Any, other_org: Any
) -> None:
    record = shared(home_org, other_org, recipient_name="Ms Okafor")
    client.force_login(advisor)
    body = client.get(reverse("decisions:organisation_decisions")).content.decode()
    assert header("Other party") in body
    assert cell("Shared with Ms Okafor, Other School") in row_of(body, record)
