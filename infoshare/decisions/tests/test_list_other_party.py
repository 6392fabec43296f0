"""The decision lists' column for the other party of each record: a header true of every
row, and each row saying whether the information was shared with them, not shared, or (for
a request) that they asked for it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from infoshare.decisions.models import Direction, Outcome, Status
from infoshare.decisions.tests.factories import make_decision, make_person

HEADER = '<th scope="col" class="govuk-table__header">{}</th>'
POLICE = {
    "recipient_name": "PC Smith",
    "external_recipient": "Northshire Police",
    "recipient_organisation": None,
}


def row_of(body: str, decision: Any) -> str:
    return body[body.index(f">{decision.label}</a>") :].split("</tr>")[0]


def cell(text: str) -> str:
    return f'<td class="govuk-table__cell">{text}</td>'


def test_the_header_does_not_say_the_information_was_shared(
    client: Any, advisor: Any, practitioner: Any, home_org: Any
) -> None:
    make_decision(author=practitioner, organisation=home_org, outcome=Outcome.NOT_SHARED)
    client.force_login(advisor)
    body = client.get(reverse("decisions:organisation_decisions")).content.decode()
    assert HEADER.format("Other party") in body
    assert HEADER.format("Shared with") not in body


@pytest.mark.parametrize(
    ("outcome", "said"),
    [
        (Outcome.SHARED, "Shared with PC Smith, Northshire Police"),
        (Outcome.SHARED_IN_PART, "Shared with PC Smith, Northshire Police"),
        (Outcome.NOT_SHARED, "Not shared with PC Smith, Northshire Police"),
    ],
)
def test_each_row_says_whether_it_was_shared_with_them(
    client: Any, advisor: Any, practitioner: Any, home_org: Any, outcome: str, said: str
) -> None:
    record = make_decision(author=practitioner, organisation=home_org, outcome=outcome, **POLICE)
    client.force_login(advisor)
    body = client.get(reverse("decisions:organisation_decisions")).content.decode()
    assert cell(said) in row_of(body, record)


def test_a_draft_not_yet_decided_names_whom_sharing_is_being_considered_with(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    draft = make_decision(
        author=practitioner,
        organisation=home_org,
        status=Status.DRAFT,
        outcome="",
        finalised_at=None,
        **POLICE,
    )
    nobody = make_decision(
        author=practitioner,
        organisation=home_org,
        status=Status.DRAFT,
        outcome="",
        finalised_at=None,
        external_recipient="",
    )
    client.force_login(practitioner)
    body = client.get(reverse("decisions:my_decisions")).content.decode()
    assert cell("Considering sharing with PC Smith, Northshire Police") in row_of(body, draft)
    assert cell("Not given") in row_of(body, nobody)


def test_a_request_refused_does_not_say_it_was_shared(
    client: Any, advisor: Any, practitioner: Any, home_org: Any
) -> None:
    refused = make_decision(
        author=practitioner,
        organisation=home_org,
        direction=Direction.REQUEST_RECEIVED,
        outcome=Outcome.NOT_SHARED,
        **POLICE,
    )
    client.force_login(advisor)
    body = client.get(reverse("decisions:organisation_decisions")).content.decode()
    row = row_of(body, refused)
    assert "Shared with" not in row
    assert "Not shared" in row


def test_a_request_names_who_asked(
    client: Any, advisor: Any, practitioner: Any, home_org: Any
) -> None:
    request = make_decision(
        author=practitioner,
        organisation=home_org,
        direction=Direction.REQUEST_RECEIVED,
        outcome=Outcome.NOT_SHARED,
        **POLICE,
    )
    client.force_login(advisor)
    body = client.get(reverse("decisions:organisation_decisions")).content.decode()
    assert cell("Asked by PC Smith, Northshire Police") in row_of(body, request)


def test_a_persons_page_words_the_column_the_same_way(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    person = make_person(organisation=home_org)
    record = make_decision(
        author=practitioner,
        organisation=home_org,
        outcome=Outcome.NOT_SHARED,
        people=[person],
        **POLICE,
    )
    client.force_login(practitioner)
    body = client.get(
        reverse("decisions:person_detail", kwargs={"person_id": person.pk})
    ).content.decode()
    assert HEADER.format("Other party") in body
    assert cell("Not shared with PC Smith, Northshire Police") in row_of(body, record)
