"""A policy's page reads its versions in a fixed number of queries, however many there
are, and still lists them all, newest first."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from infoshare.governance.models import Policy, PolicyLevel, PolicyStatus
from infoshare.governance.tests.factories import make_policy
from infoshare.governance.tests.helpers import queries_for


def versions_of(count: int, **where: Any) -> list[Policy]:
    """A chain of ``count`` versions, oldest first: the newest published, the rest
    retired."""
    chain: list[Policy] = []
    previous = None
    for number in range(1, count + 1):
        previous = make_policy(
            title="Records policy",
            version=number,
            previous=previous,
            status=PolicyStatus.PUBLISHED if number == count else PolicyStatus.RETIRED,
            **where,
        )
        chain.append(previous)
    return chain


def page_of(policy: Policy) -> str:
    return reverse("governance:policy_detail", kwargs={"policy_id": policy.pk})


def listed_versions(html: str) -> list[str]:
    table = html.split('id="policy-versions-caption"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody", 1)[1]
    cells = re.findall(r'<tr class="govuk-table__row">\s*<td[^>]*>(.*?)</td>', body, re.S)
    # Each cell reads "Version 2" (a link) or "Version 3 (this version)": the number.
    return [re.sub(r"<[^>]+>", "", cell).split()[1] for cell in cells]


def test_a_policy_page_costs_the_same_with_2_versions_as_with_20(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    two = versions_of(2, organisation=home_org)
    twenty = versions_of(20, organisation=home_org)
    client.force_login(practitioner)
    # Each page is of a version with later ones (and, for the long chain, earlier ones).
    queries_for(client, page_of(two[0]))  # warm up: the first request does extra work
    small = queries_for(client, page_of(two[0]))
    assert queries_for(client, page_of(twenty[9])) == small
    assert queries_for(client, page_of(twenty[-1])) == small
    assert queries_for(client, page_of(twenty[0])) == small


def test_every_version_is_listed_newest_first_from_any_version(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    chain = versions_of(20, organisation=home_org)
    versions_of(3, organisation=home_org)  # another policy of the same organisation
    client.force_login(practitioner)
    expected = [str(number) for number in range(20, 0, -1)]
    for policy in (chain[0], chain[9], chain[-1]):
        assert listed_versions(client.get(page_of(policy)).content.decode()) == expected


def test_a_partnership_policy_lists_its_own_versions_only(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    where = {
        "organisation": None,
        "partnership": home_org.partnership,
        "level": PolicyLevel.PARTNERSHIP,
    }
    chain = versions_of(3, **where)
    versions_of(2, **where)
    versions_of(4, organisation=home_org)
    client.force_login(practitioner)
    assert listed_versions(client.get(page_of(chain[1])).content.decode()) == ["3", "2", "1"]


def test_a_version_with_a_draft_after_it_offers_to_continue_that_draft(
    client: Any, advisor: Any, home_org: Any
) -> None:
    published = make_policy(organisation=home_org, title="Records policy")
    client.force_login(advisor)
    assert "Start a new version" in client.get(page_of(published)).content.decode()
    make_policy(
        organisation=home_org,
        title="Records policy",
        version=2,
        previous=published,
        status=PolicyStatus.DRAFT,
        published_at=None,
    )
    page = client.get(page_of(published)).content.decode()
    assert "Continue the draft of the next version" in page
    assert "Start a new version" not in page
