"""A person's details are not left in the browser: the person's page has a title that
does not name them (a title is kept in the history and shown on tabs), and the fields
where a name, a date of birth, a reference or an NHS number is typed keep no form history
(``autocomplete="off"``; names and references are not spell-checked either)."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from infoshare.decisions.tests.factories import make_decision, make_person


def _input(body: str, name: str) -> str:
    """The <input> tag of the field ``name``."""
    found = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', body)
    assert found, name
    return found.group(0)


def test_the_person_page_title_does_not_name_them(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    person = make_person(organisation=home_org, given_name="Grace", family_name="Adebayo")
    make_decision(organisation=home_org, people=[person])
    client.force_login(practitioner)
    body = client.get(
        reverse("decisions:person_detail", kwargs={"person_id": person.pk})
    ).content.decode()
    title = re.search(r"<title>(.*?)</title>", body, re.S)
    assert title
    assert title.group(1).strip() == "A person's records \N{EN DASH} Infoshare"
    assert '<h1 class="govuk-heading-l">Grace Adebayo</h1>' in body


def test_the_people_search_keeps_no_form_history(signed_in_practitioner: Any, draft: Any) -> None:
    body = signed_in_practitioner.get(
        reverse("decisions:people", kwargs={"decision_id": draft.pk})
    ).content.decode()
    search = _input(body, "q")
    assert 'autocomplete="off"' in search
    assert 'spellcheck="false"' in search
    for part in ("day", "month", "year"):
        assert 'autocomplete="off"' in _input(body, f"dob_{part}"), part


def test_adding_a_person_keeps_no_form_history(signed_in_practitioner: Any, draft: Any) -> None:
    body = signed_in_practitioner.get(
        reverse("decisions:person_new", kwargs={"decision_id": draft.pk})
    ).content.decode()
    for name in ("given_name", "family_name", "local_reference", "nhs_number"):
        field = _input(body, name)
        assert 'autocomplete="off"' in field, name
        assert 'spellcheck="false"' in field, name
    for part in ("day", "month", "year"):
        assert 'autocomplete="off"' in _input(body, f"dob_{part}"), part
