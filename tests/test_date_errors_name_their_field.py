"""A date that cannot be read or does not exist has one message on every page, GOV.UK's
"[Whatever it is] must be a real date", naming the field (so that a "from" and a "to" date
are two different links in the error summary) and giving the example its hint gives."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django import forms
from django.urls import reverse

from infoshare.agreements.forms import AgreementForm
from infoshare.audit.forms import EventSearchForm
from infoshare.core.dates import DateInput, not_a_real_date
from infoshare.decisions.views.filters import FilterForm
from infoshare.governance import forms as governance_forms

MESSAGE = re.compile(r"^(?P<name>.+) must be a real date, for example (?P<example>\S+)$")


def _summary(response: Any) -> list[tuple[str, str]]:
    page = html.unescape(response.content.decode())
    summary = page[page.index("govuk-error-summary__list") :]
    summary = summary[: summary.index("</ul>")]
    return re.findall(r'<a href="#([^"]+)">([^<]*)</a>', summary)


def test_the_decision_lists_name_each_date_that_is_wrong(client: Any, advisor: Any) -> None:
    client.force_login(advisor)
    response = client.get(
        reverse("decisions:my_decisions"), {"date_from": "31/2/2026", "date_to": "x"}
    )
    assert response.status_code == 400
    assert _summary(response) == [
        ("id_date_from", "Finalised from must be a real date, for example 27/3/2026"),
        ("id_date_to", "Finalised to must be a real date, for example 27/3/2026"),
    ]


def test_the_audit_trail_names_each_date_that_is_wrong(client: Any, auditor: Any) -> None:
    client.force_login(auditor)
    response = client.get(reverse("audit:event_list"), {"date_from": "31/2/2026", "date_to": "x"})
    assert response.status_code == 400
    assert _summary(response) == [
        ("id_date_from", "From date must be a real date, for example 27/3/2026"),
        ("id_date_to", "To date must be a real date, for example 27/3/2026"),
    ]


def test_an_agreements_date_gives_its_own_hints_example(client: Any, senior_lead: Any) -> None:
    client.force_login(senior_lead)
    response = client.post(
        reverse("agreements:agreement_create"),
        {"title": "Sharing", "start_date": "31/02/2026", "review_date": "soon"},
    )
    assert response.status_code == 400
    summary = dict(_summary(response))
    assert summary["id_start_date"] == "Start date must be a real date, for example 1/4/2026"
    assert summary["id_review_date"] == "Review date must be a real date, for example 31/3/2027"


def test_a_policys_review_date_has_the_same_wording(
    client: Any, advisor: Any, home_org: Any
) -> None:
    client.force_login(advisor)
    response = client.post(
        reverse("governance:policy_create"),
        {"where": str(home_org.pk), "title": "Policy", "kind": "policy", "body": "Share."}
        | {"review_date": "31/2/2027"},
    )
    assert response.status_code == 400
    assert ("id_review_date", "Review date must be a real date, for example 31/3/2027") in (
        _summary(response)
    )


def _date_fields() -> list[tuple[str, forms.DateField]]:
    found = []
    governance: list[type[forms.Form]] = [
        value
        for value in vars(governance_forms).values()
        if isinstance(value, type) and issubclass(value, forms.Form)
    ]
    every: list[Any] = [FilterForm, EventSearchForm, AgreementForm, *governance]
    for form in every:
        for name, field in form.base_fields.items():
            if isinstance(field, forms.DateField) and isinstance(field.widget, DateInput):
                found.append((f"{form.__name__}.{name}", field))
    return found


DATE_FIELDS = _date_fields()


@pytest.mark.parametrize(("where", "field"), DATE_FIELDS, ids=[where for where, _ in DATE_FIELDS])
def test_every_date_box_says_it_one_way_with_its_hints_example(
    where: str, field: forms.DateField
) -> None:
    message = str(field.error_messages["invalid"])
    match = MESSAGE.match(message)
    assert match is not None, (where, message)
    assert match["name"] == field.label, where
    assert f"For example, {match['example']}" in str(field.help_text), where
    assert message == not_a_real_date(str(field.label), match["example"])
