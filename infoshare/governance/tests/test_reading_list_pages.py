""" "What you need to read" lists 25 documents a page, position statements first, in the
same queries whatever the length of the list."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from infoshare.governance.tests.factories import PolicyFactory, PositionStatementFactory
from infoshare.governance.tests.helpers import queries_for

URL = reverse("governance:to_read")


def documents(html: str) -> list[str]:
    """The linked titles listed, in order."""
    main = html.split("</h1>", 1)[1]
    return re.findall(r'<li><a class="govuk-link" href="[^"]+">([^<]+)</a>', main)


def test_30_documents_make_a_page_of_25_and_a_page_of_5(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    PositionStatementFactory(organisation=home_org, title="Our position")
    for number in range(29):
        PolicyFactory(organisation=home_org, title=f"Policy {number:02}")
    client.force_login(practitioner)
    first = client.get(URL).content.decode()
    second = client.get(URL, {"page": "2"}).content.decode()
    assert documents(first) == [
        "Home Council: Our position",
        *(f"Policy {number:02}" for number in range(24)),
    ]
    assert documents(second) == [f"Policy {number:02}" for number in range(24, 29)]
    assert "Page 1 of 2" in first
    assert 'rel="next"' in first
    assert "Page 2 of 2" in second
    assert 'rel="prev"' in second
    # The statements, all on the first page, are not said to be all read on the second.
    assert "You have acknowledged every position statement" not in second
    assert "Position statements" not in second.split("</h1>", 1)[1]


def test_a_page_that_is_not_a_number_or_past_the_end_is_handled_as_other_lists(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    for number in range(27):
        PolicyFactory(organisation=home_org, title=f"Policy {number:02}")
    client.force_login(practitioner)
    first = [f"Policy {number:02}" for number in range(25)]
    last = ["Policy 25", "Policy 26"]
    # As every list (``core.pages.paginate``): what is not a whole number shows the first
    # page, a number out of range the last; never an error.
    for page, expected in (("abc", first), ("1.5", first), ("", first), ("0", last), ("99", last)):
        response = client.get(URL, {"page": page})
        assert response.status_code == 200, page
        assert documents(response.content.decode()) == expected, page


def test_each_page_costs_the_same_queries_at_two_sizes(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    PositionStatementFactory(organisation=home_org)
    PolicyFactory.create_batch(30, organisation=home_org)
    client.force_login(practitioner)
    queries_for(client, URL)  # warm up: the first request does extra work
    first, second = queries_for(client, URL), queries_for(client, f"{URL}?page=2")
    PolicyFactory.create_batch(60, organisation=home_org)
    assert queries_for(client, URL) == first
    assert queries_for(client, f"{URL}?page=2") == second
    assert queries_for(client, f"{URL}?page=4") == second


def test_with_nothing_to_read_both_kinds_say_so_and_there_are_no_pages(
    client: Any, practitioner: Any
) -> None:
    client.force_login(practitioner)
    page = client.get(URL).content.decode()
    assert "You have acknowledged every position statement that applies to you." in page
    assert "You have acknowledged every policy that applies to you." in page
    assert 'aria-label="Pagination"' not in page
