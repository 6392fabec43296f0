"""The people page's own errors ("Continue" with nobody added, or Add or Remove without a
person) are shown beside the search box that the error summary links to, as GOV.UK's
error message pattern has it: the box's form group marked, the message above the box,
and the box described by the message as well as its hint."""

from __future__ import annotations

import re
from typing import Any

import pytest

from infoshare.decisions.tests.test_people_pages import error_summary, url

NOBODY = (
    "Add the person or people the information is about: search for them, or add a person "
    "who is not recorded yet"
)


def search_box_group(html: str) -> str:
    """The form group of the search box, from its opening tag to its input."""
    found = re.search(
        r'<div class="govuk-form-group[^"]*">(?:(?!<div class="govuk-form-group).)*?'
        r'<input[^>]*id="id_q"[^>]*>',
        html,
        re.DOTALL,
    )
    assert found is not None, "no search box"
    return found.group(0)


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"action": "continue"}, NOBODY),
        ({"action": "add"}, "Choose a person to add or remove"),
    ],
)
def test_the_error_is_beside_the_box_the_summary_links_to(
    signed_in_practitioner: Any, draft: Any, posted: dict[str, str], message: str
) -> None:
    response = signed_in_practitioner.post(url("people", draft), posted)
    assert response.status_code == 400
    html = response.content.decode()
    assert error_summary(html) == [f'<a href="#id_q">{message}</a>']
    group = search_box_group(html)
    assert group.startswith('<div class="govuk-form-group govuk-form-group--error">')
    assert (
        f'<p id="id_q-error" class="govuk-error-message">'
        f'<span class="govuk-visually-hidden">Error:</span> {message}</p>'
    ) in group
    assert 'aria-describedby="id_q-hint id_q-error"' in group
    assert "govuk-input--error" in group


def test_without_an_error_the_search_box_is_unmarked(
    signed_in_practitioner: Any, draft: Any
) -> None:
    html = signed_in_practitioner.get(url("people", draft)).content.decode()
    group = search_box_group(html)
    assert group.startswith('<div class="govuk-form-group">')
    assert "govuk-error-message" not in group
    assert 'aria-describedby="id_q-hint"' in group
