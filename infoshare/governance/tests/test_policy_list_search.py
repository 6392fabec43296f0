"""The policy list's search: by words of the title, and by organisation for someone who
sees more than one organisation's policies; a GET form whose answers the level links and
the pages keep."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

from django.core.cache import cache
from django.urls import reverse

from infoshare.audit.models import AuditEvent
from infoshare.core.roles import Role
from infoshare.governance.models import PolicyLevel
from infoshare.governance.tests.factories import PolicyFactory, make_policy
from infoshare.governance.tests.helpers import assert_constant_queries
from infoshare.partnerships.tests.factories import MembershipFactory, OrganisationFactory

URL = reverse("governance:policy_list")


def titles(page: str) -> list[str]:
    """The titles in the list's table, in order."""
    table = page.split('id="policies-caption"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<a class="govuk-link" href="/governance/policies/\d+">([^<]+)</a>', table)


def links(page: str) -> list[str]:
    return [html_lib.unescape(href) for href in re.findall(r'href="([^"]+)"', page)]


def test_a_search_lists_the_policies_with_every_word_in_their_title(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    make_policy(organisation=home_org, title="Records of sharing")
    make_policy(organisation=home_org, title="Recording consent")
    make_policy(organisation=home_org, title="Escalation procedure")
    client.force_login(practitioner)
    assert titles(client.get(URL, {"q": "record"}).content.decode()) == [
        "Recording consent",
        "Records of sharing",
    ]
    assert titles(client.get(URL, {"q": "  SHARING records "}).content.decode()) == [
        "Records of sharing"
    ]
    assert len(titles(client.get(URL, {"q": ""}).content.decode())) == 3


def test_the_search_is_a_get_form_that_shows_what_was_searched_for(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    client.force_login(practitioner)
    page = client.get(URL, {"q": "records", "level": "organisation"}).content.decode()
    form = (
        page.split('role="search"', 1)[0].rsplit("<form", 1)[1]
        + page.split('role="search"', 1)[1].split("</form>", 1)[0]
    )
    assert 'method="get"' in form
    assert 'for="id_q">Search by title</label>' in form
    assert 'value="records"' in form
    assert '<input type="hidden" name="level" value="organisation">' in form


def test_nothing_found_says_so_and_offers_the_whole_list(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    make_policy(organisation=home_org, title="Records of sharing")
    client.force_login(practitioner)
    response = client.get(URL, {"q": "zebra"})
    page = response.content.decode()
    assert response.status_code == 200
    assert titles(page) == []
    assert "No policies and procedures match your search." in page
    assert f'<a class="govuk-link" href="{URL}">See all policies and procedures</a>' in page
    assert "No policies yet." not in page


def test_pages_and_level_links_keep_the_search(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    for number in range(30):
        make_policy(organisation=home_org, title=f"Records policy {number:02}")
    make_policy(organisation=home_org, title="Escalation procedure")
    client.force_login(practitioner)
    page = client.get(URL, {"q": "records"}).content.decode()
    assert len(titles(page)) == 25
    assert "?q=records&page=2" in links(page)
    assert "?q=records&level=organisation" in links(page)
    assert "?q=records&level=partnership" in links(page)
    second = client.get(URL, {"q": "records", "page": "2"}).content.decode()
    assert titles(second) == [f"Records policy {number:02}" for number in range(25, 30)]
    assert "?q=records&page=1" in links(second)
    within_level = client.get(URL, {"q": "records", "level": "organisation"}).content.decode()
    assert f"{URL}?q=records" in links(within_level)  # "All" keeps the search


def test_someone_who_sees_one_organisation_is_not_asked_which(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    client.force_login(practitioner)
    page = client.get(URL).content.decode()
    assert 'name="q"' in page
    assert 'name="organisation"' not in page


def test_someone_who_works_in_two_organisations_can_choose_one(
    client: Any, practitioner: Any, home_org: Any, other_org: Any
) -> None:
    MembershipFactory(person=practitioner, organisation=other_org, role=Role.PRACTITIONER)
    make_policy(organisation=home_org, title="Home records")
    make_policy(organisation=other_org, title="School records")
    make_policy(
        organisation=None,
        partnership=home_org.partnership,
        level=PolicyLevel.PARTNERSHIP,
        title="Partnership records",
    )
    client.force_login(practitioner)
    page = client.get(URL).content.decode()
    assert '<option value="">Any organisation</option>' in page
    assert f'<option value="{other_org.pk}">Other School</option>' in page
    chosen = client.get(URL, {"organisation": other_org.pk}).content.decode()
    assert titles(chosen) == ["School records"]
    assert f'<option value="{other_org.pk}" selected>Other School</option>' in chosen
    both = client.get(URL, {"organisation": home_org.pk, "q": "records"}).content.decode()
    assert titles(both) == ["Home records"]
    assert f"?q=records&organisation={home_org.pk}&level=partnership" in links(both)


def test_a_board_member_can_choose_any_organisation_of_the_partnership(
    client: Any, board_member: Any, home_org: Any, other_org: Any
) -> None:
    make_policy(organisation=other_org, title="School records")
    make_policy(organisation=home_org, title="Home records")
    client.force_login(board_member)
    chosen = client.get(URL, {"organisation": other_org.pk}).content.decode()
    assert titles(chosen) == ["School records"]
    # Their position statements are only those of where they work.
    assert "Home Council: position statement" in chosen
    assert "Other School: position statement" not in chosen


def test_an_organisation_not_offered_is_an_error_and_audited_as_refused(
    client: Any, board_member: Any, home_org: Any, second: Any
) -> None:
    cache.clear()  # each person's count of refusals starts at nought
    elsewhere: Any = OrganisationFactory(partnership=second, name="Elsewhere")
    make_policy(organisation=elsewhere, title="Their records")
    make_policy(organisation=home_org, title="Home records")
    client.force_login(board_member)
    response = client.get(URL, {"organisation": elsewhere.pk})
    page = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: Policies and procedures" in page
    assert "govuk-error-summary" in page
    assert 'href="#id_organisation">Select an organisation from the list</a>' in page
    assert "Correct the search to see the policies and procedures." in page
    assert "Their records" not in page
    assert "Home records" not in page
    refused = AuditEvent.objects.get(action="audit.access_refused")
    assert refused.data["ids"] == {"org_id": elsewhere.pk}


def test_an_organisation_that_is_not_an_id_is_an_error_but_not_a_refusal(
    client: Any, board_member: Any, home_org: Any, other_org: Any
) -> None:
    cache.clear()
    client.force_login(board_member)
    response = client.get(URL, {"organisation": "council"})
    assert response.status_code == 400
    assert "Select an organisation from the list" in response.content.decode()
    assert not AuditEvent.objects.filter(action="audit.access_refused").exists()


def test_a_search_too_long_or_with_control_characters_is_an_error(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    make_policy(organisation=home_org, title="Home records")
    client.force_login(practitioner)
    too_long = client.get(URL, {"q": "x" * 201})
    assert too_long.status_code == 400
    assert "Search must be 200 characters or fewer" in too_long.content.decode()
    assert "Home records" not in too_long.content.decode()
    control = client.get(URL, {"q": "records\x00"})
    assert control.status_code == 400
    assert "govuk-error-summary" in control.content.decode()


def test_a_search_costs_the_same_queries_at_two_sizes(
    client: Any, board_member: Any, home_org: Any, other_org: Any, django_assert_num_queries: Any
) -> None:
    PolicyFactory.create_batch(3, organisation=other_org, title="Records policy")
    client.force_login(board_member)
    url = f"{URL}?q=records&organisation={other_org.pk}"

    def grow() -> None:
        PolicyFactory.create_batch(30, organisation=other_org, title="Records policy")
        OrganisationFactory.create_batch(5, partnership=home_org.partnership)

    assert_constant_queries(client, url, grow, django_assert_num_queries)
    assert "Page 1 of 2" in client.get(url).content.decode()
