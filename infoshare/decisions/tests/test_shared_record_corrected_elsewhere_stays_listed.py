"""A record shared with an organisation stays on its "Shared with your organisation" list
and home panel when the sender corrects it to another recipient (or to not sharing):
the version it received, tagged "Superseded", whose page says that the sender corrected
it and to ask them about the information held, without telling the later version's
recipient or reason. A later version shared with the same organisation replaces it."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from infoshare.core.roles import Role
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.tests.factories import make_decision, make_person
from infoshare.partnerships.tests.factories import OrganisationFactory

SHARED_LIST = reverse("decisions:shared_with_us")
REASON = "Sent to the wrong school by mistake"


def detail(decision: Any) -> str:
    return reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk})


def shared(sender: Any, recipient: Any, **fields: Any) -> SharingDecision:
    return make_decision(
        organisation=sender,
        recipient_organisation=recipient,
        external_recipient="",
        people=[make_person(organisation=sender, given_name="Eve", family_name="Okafor")],
        **fields,
    )


def corrected(first: SharingDecision, **fields: Any) -> SharingDecision:
    """The sender's amendment of ``first``, which it replaces."""
    SharingDecision.objects.filter(pk=first.pk).update(status=Status.SUPERSEDED)
    first.refresh_from_db()
    return make_decision(
        organisation=first.organisation,
        author=first.author,
        reference=first.reference,
        version=first.version + 1,
        previous=first,
        amendment_reason=REASON,
        external_recipient="",
        **fields,
    )


@pytest.fixture
def teacher(make_member: Any, other_org: Any) -> Any:
    return make_member(Role.PRACTITIONER, other_org)


@pytest.fixture
def elsewhere(partnership: Any) -> Any:
    return OrganisationFactory(partnership=partnership, name="Hillside Academy")


def row_of(body: str, decision: SharingDecision) -> str:
    start = body.index(f'href="{detail(decision)}"')
    return body[start : body.index("</tr>", start)]


def test_a_record_corrected_to_another_recipient_stays_on_the_first_ones_list(
    client: Any, teacher: Any, home_org: Any, other_org: Any, elsewhere: Any
) -> None:
    first = shared(home_org, other_org)
    second = corrected(first, recipient_organisation=elsewhere)
    client.force_login(teacher)
    body = client.get(SHARED_LIST).content.decode()
    assert "Superseded" in row_of(body, first)
    assert f'href="{detail(second)}"' not in body
    table = body[body.index('<tbody class="govuk-table__body">') :].split("</tbody>")[0]
    assert "Hillside Academy" not in table


def test_a_record_corrected_to_not_sharing_stays_listed_too(
    client: Any, teacher: Any, home_org: Any, other_org: Any
) -> None:
    first = shared(home_org, other_org)
    second = corrected(first, recipient_organisation=other_org, outcome="not_shared")
    client.force_login(teacher)
    body = client.get(SHARED_LIST).content.decode()
    assert "Superseded" in row_of(body, first)
    assert f'href="{detail(second)}"' not in body


def test_a_correction_shared_with_the_same_organisation_replaces_the_version_it_corrects(
    client: Any, teacher: Any, home_org: Any, other_org: Any
) -> None:
    first = shared(home_org, other_org)
    second = corrected(first, recipient_organisation=other_org)
    client.force_login(teacher)
    body = client.get(SHARED_LIST).content.decode()
    assert f'href="{detail(first)}"' not in body
    assert "Superseded" not in row_of(body, second)


def test_the_home_panel_keeps_it_and_says_it_was_corrected(
    client: Any, teacher: Any, home_org: Any, other_org: Any, elsewhere: Any
) -> None:
    first = shared(home_org, other_org)
    corrected(first, recipient_organisation=elsewhere)
    client.force_login(teacher)
    body = client.get(reverse("core:home")).content.decode()
    panel = body[body.index("Shared with your organisation</h2>") :].split("</section>")[0]
    assert f'href="{detail(first)}"' in panel
    assert "Superseded: the sender corrected it. From Home Council" in panel


def test_its_page_says_the_sender_corrected_it_and_to_ask_them_without_saying_how(
    client: Any, teacher: Any, home_org: Any, other_org: Any, elsewhere: Any
) -> None:
    first = shared(home_org, other_org)
    corrected(first, recipient_organisation=elsewhere)
    client.force_login(teacher)
    body = client.get(detail(first)).content.decode()
    assert "Home Council has corrected this record since sharing it" in body
    assert (
        "Contact Home Council about the information your organisation holds from this record."
        in body
    )
    assert "Hillside Academy" not in body
    assert REASON not in body


def test_the_senders_own_lists_are_unchanged(
    client: Any, advisor: Any, home_org: Any, other_org: Any, elsewhere: Any
) -> None:
    first = shared(home_org, other_org)
    second = corrected(first, recipient_organisation=elsewhere)
    client.force_login(advisor)
    body = client.get(reverse("decisions:organisation_decisions")).content.decode()
    assert f'href="{detail(second)}"' in body
    assert f'href="{detail(first)}"' not in body


def test_the_list_costs_the_same_with_corrected_records_at_two_sizes(
    client: Any, teacher: Any, home_org: Any, other_org: Any, elsewhere: Any
) -> None:
    client.force_login(teacher)
    client.get(SHARED_LIST)  # warm caches
    counts = []
    for size in (2, 40):
        while SharingDecision.objects.count() < size:
            first = shared(home_org, other_org)
            corrected(first, recipient_organisation=elsewhere)
        with CaptureQueriesContext(connection) as queries:
            body = client.get(SHARED_LIST).content.decode()
        assert body.count("Superseded") >= min(size // 2, 25)
        counts.append(len(queries))
    assert counts[0] == counts[1]
