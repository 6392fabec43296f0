"""A policy's list of versions offers a reader only the versions they may open, by the
rule of the version's own page: a draft of the next version is listed for those who may
edit it, not for a practitioner, who would be refused it. Still in a fixed number of
queries."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from infoshare.governance.models import Policy, PolicyStatus
from infoshare.governance.tests.factories import make_policy
from infoshare.governance.tests.helpers import queries_for
from infoshare.governance.tests.test_policy_history_queries import listed_versions, versions_of

DRAFT_TITLE = "Records policy with the new retention rules"


def page_of(policy: Policy) -> str:
    return reverse("governance:policy_detail", kwargs={"policy_id": policy.pk})


def with_draft(organisation: Any, released: int = 2) -> tuple[list[Policy], Policy]:
    """``released`` versions (the newest published) and a draft of the next one."""
    chain = versions_of(released, organisation=organisation)
    draft = make_policy(
        organisation=organisation,
        title=DRAFT_TITLE,
        version=released + 1,
        previous=chain[-1],
        status=PolicyStatus.DRAFT,
        published_at=None,
    )
    return chain, draft


def test_a_practitioner_is_not_offered_the_draft_of_the_next_version(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    chain, draft = with_draft(home_org)
    client.force_login(practitioner)
    for policy in chain:
        page = client.get(page_of(policy)).content.decode()
        assert listed_versions(page) == ["2", "1"]
        assert page_of(draft) not in page
        assert DRAFT_TITLE not in page
    # The rule the list follows: the draft's own page is refused to them.
    assert client.get(page_of(draft)).status_code == 404


def test_a_version_whose_only_later_version_is_a_draft_lists_no_versions(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    published = make_policy(organisation=home_org, title="Records policy")
    draft = make_policy(
        organisation=home_org,
        title=DRAFT_TITLE,
        version=2,
        previous=published,
        status=PolicyStatus.DRAFT,
        published_at=None,
    )
    client.force_login(practitioner)
    page = client.get(page_of(published)).content.decode()
    assert 'id="policy-versions-caption"' not in page
    assert page_of(draft) not in page


def test_an_editor_is_offered_the_draft(client: Any, advisor: Any, home_org: Any) -> None:
    chain, draft = with_draft(home_org)
    client.force_login(advisor)
    page = client.get(page_of(chain[-1])).content.decode()
    assert listed_versions(page) == ["3", "2", "1"]
    assert f'href="{page_of(draft)}"' in page
    assert "Continue the draft of the next version" in page


def test_the_page_costs_the_same_queries_with_a_hidden_draft_and_many_versions(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    short, _ = with_draft(home_org)
    long, _ = with_draft(home_org, released=20)
    client.force_login(practitioner)
    queries_for(client, page_of(short[0]))  # warm up: the first request does extra work
    small = queries_for(client, page_of(short[0]))
    assert queries_for(client, page_of(long[9])) == small
    assert queries_for(client, page_of(long[-1])) == small


def test_each_version_link_says_which_version_it_is(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    """The link makes sense out of context, as a screen reader's list of links reads it
    (WCAG 2.4.9): "Version 1", not "1"."""
    chain = versions_of(2, organisation=home_org)
    client.force_login(practitioner)
    page = client.get(page_of(chain[-1])).content.decode()
    assert f'<a class="govuk-link" href="{page_of(chain[0])}">Version 1</a>' in page
    assert "Version 2 (this version)" in page
