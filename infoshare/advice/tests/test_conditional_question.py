"""The question "Who is the question about?" sits under "Yes" of "Do you need to name the
person...?", as GOV.UK's conditionally revealed question (no "(only if you answered yes)"
label). An error on it shows it with "Yes" chosen, and the error summary links to its box;
what the box holds when "No" is chosen, right or wrong, is not part of the request."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from infoshare.advice import errors
from infoshare.advice.models import PERSON_DESCRIPTION_MAX_LENGTH, AdviceRequest

pytestmark = pytest.mark.django_db

NEW = reverse("advice:request_new")


def _valid(**overrides: str) -> dict[str, str]:
    data = {"question": "Can I tell the GP?", "name_person": "no", "addressed_to": "organisation"}
    data.update(overrides)
    return data


def radio(html: str, value: str) -> str:
    found = re.search(
        rf'<input class="govuk-radios__input"[^>]*name="name_person"[^>]*value="{value}"[^>]*>',
        html,
    )
    assert found, html
    return found.group(0)


def test_who_it_is_about_is_revealed_under_yes(client: Any, practitioner: Any) -> None:
    client.force_login(practitioner)
    html = client.get(NEW).content.decode()
    yes = radio(html, "yes")
    assert 'data-aria-controls="conditional-id_name_person-1"' in yes
    assert "data-aria-controls" not in radio(html, "no")
    after_yes = html[html.index(yes) :]
    block = after_yes[
        after_yes.index(
            '<div class="govuk-radios__conditional govuk-radios__conditional--hidden"'
            ' id="conditional-id_name_person-1">'
        ) :
    ].split("</fieldset>")[0]
    assert 'govuk-radios__item"' not in after_yes[: after_yes.index(block)]
    assert '<label class="govuk-label govuk-label--s" for="id_person_description">' in block
    assert "Who is the question about?</label>" in block
    assert "only if you answered yes" not in html
    # GOV.UK: no reveal under inline radios.
    fieldset = html[: html.index(yes)].rsplit("<fieldset", 1)[1]
    assert "govuk-radios--inline" not in fieldset


def test_a_missing_description_shows_yes_chosen_and_the_summary_links_to_the_box(
    client: Any, practitioner: Any
) -> None:
    client.force_login(practitioner)
    response = client.post(NEW, _valid(name_person="yes"))
    html = response.content.decode()
    assert response.status_code == 400
    assert f'<a href="#id_person_description">{errors.DESCRIPTION_MISSING}</a>' in html
    assert " checked" in radio(html, "yes")
    assert " checked" not in radio(html, "no")
    assert '<div class="govuk-radios__conditional" id="conditional-id_name_person-1">' in html


def test_a_description_left_under_yes_is_ignored_when_no_is_chosen(
    client: Any, practitioner: Any, advisor: Any
) -> None:
    client.force_login(practitioner)
    # Even one the box would refuse: its error would be hidden under "Yes".
    too_long = "x" * (PERSON_DESCRIPTION_MAX_LENGTH + 1)
    response = client.post(NEW, _valid(name_person="no", person_description=too_long))
    assert response.status_code == 302
    created = AdviceRequest.objects.get()
    assert (created.about_person_named, created.person_description) == (False, "")
