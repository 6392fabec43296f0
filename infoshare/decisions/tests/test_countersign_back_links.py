"""The countersign page's Back link goes where the manager came from (the home page's
"Records to countersign" panel, a list, or the record whose Countersign button opened it),
and Back links followed from it never lead round in a circle: the record it goes back to
does not lead back to it (only a record opened by its "Read the full record" does)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from infoshare.decisions.models import SharingDecision
from infoshare.decisions.models.decision import TEXT_MAX
from infoshare.decisions.tests.factories import make_decision

HOME = reverse("core:home")


def detail(decision: Any) -> str:
    return reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk})


def countersign(decision: Any) -> str:
    return reverse("decisions:countersign", kwargs={"decision_id": decision.pk})


def the_back_link(response: Any) -> str:
    found = re.search(r'<a href="([^"]*)" class="govuk-back-link">', response.content.decode())
    assert found is not None
    return found.group(1).replace("&amp;", "&")


def back_link(client: Any, page: str, came_from: str | None) -> str:
    """The page's Back link, the page opened by a link on ``came_from`` (the browser's
    Referer), or typed in (None)."""
    headers = {"HTTP_REFERER": f"http://testserver{came_from}"} if came_from else {}
    response = client.get(page, **headers)
    assert response.status_code == 200
    return the_back_link(response)


def backs(client: Any, page: str, came_from: str | None) -> list[str]:
    """The pages Back leads to from ``page``, one after another, as a browser follows each
    link (sending the page it was on), until the home page; stopped at a page seen before."""
    seen = [page]
    while page != HOME:
        page, came_from = back_link(client, page, came_from), page
        if page in seen:
            pytest.fail(f"Back leads round in a circle: {' -> '.join([*seen, page])}")
        seen.append(page)
    return seen


@pytest.fixture
def waiting(practitioner: Any, home_org: Any) -> SharingDecision:
    """A final record of an organisation that asks its managers to countersign."""
    home_org.countersign_required = True
    home_org.save(update_fields=["countersign_required"])
    return make_decision(author=practitioner, organisation=home_org)


@pytest.fixture
def signed_in_manager(client: Any, manager: Any) -> Any:
    client.force_login(manager)
    return client


def test_from_the_home_pages_panel_back_goes_home(signed_in_manager: Any, waiting: Any) -> None:
    home = signed_in_manager.get(HOME).content.decode()
    assert f'href="{countersign(waiting)}"' in home
    assert backs(signed_in_manager, countersign(waiting), HOME) == [countersign(waiting), HOME]


def test_from_the_record_back_goes_to_the_record_and_from_there_not_back_again(
    signed_in_manager: Any, waiting: Any
) -> None:
    record = signed_in_manager.get(detail(waiting)).content.decode()
    assert f'href="{countersign(waiting)}"' in record
    assert backs(signed_in_manager, countersign(waiting), detail(waiting)) == [
        countersign(waiting),
        detail(waiting),
        HOME,
    ]


def test_from_a_list_back_goes_to_that_list_as_it_was(signed_in_manager: Any, waiting: Any) -> None:
    listed = f"{reverse('decisions:organisation_decisions')}?countersigned=waiting&page=1"
    assert back_link(signed_in_manager, countersign(waiting), listed) == listed


def test_read_the_full_record_and_back_never_circles(signed_in_manager: Any, waiting: Any) -> None:
    """Countersign, "Read the full record", Back to countersigning, then Back again: on to
    the record and home, not to the full record and round again."""
    page = signed_in_manager.get(countersign(waiting)).content.decode()
    full = re.search(r'<a class="govuk-link" href="([^"]*)">Read the full record', page)
    assert full is not None
    assert backs(signed_in_manager, full.group(1), countersign(waiting)) == [
        full.group(1),
        countersign(waiting),
        detail(waiting),
        HOME,
    ]


def test_typed_in_or_from_anywhere_else_back_goes_to_the_record(
    signed_in_manager: Any, waiting: Any
) -> None:
    assert back_link(signed_in_manager, countersign(waiting), None) == detail(waiting)
    elsewhere = signed_in_manager.get(
        countersign(waiting), HTTP_REFERER="https://elsewhere.example/decisions/"
    )
    assert the_back_link(elsewhere) == detail(waiting)


def test_a_comment_with_a_problem_keeps_the_way_back_to_the_record(
    signed_in_manager: Any, waiting: Any
) -> None:
    """Sent with a problem, the page is drawn again "from" itself: never a link to itself."""
    response = signed_in_manager.post(
        countersign(waiting),
        {"comment": "x" * (TEXT_MAX + 1)},
        HTTP_REFERER=f"http://testserver{countersign(waiting)}",
    )
    assert response.status_code == 400
    assert the_back_link(response) == detail(waiting)
