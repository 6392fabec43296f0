"""The error summary lists problems in the order of the fields on the page, whichever
check (the form's or the service's) found them."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from infoshare.agreements import errors


def _summary(response: Any) -> list[tuple[str, str]]:
    """(link target, message) of each error summary item, in order."""
    html = response.content.decode()
    listed = html.split("govuk-error-summary__list", 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', listed)


def _targets(response: Any) -> list[str]:
    return [target for target, _ in _summary(response)]


BAD_DATES = {
    "title": "Dates wrong",
    "kind": "overarching_protocol",
    "purpose": "p",
    "start_date": "2026-06-01",
    "review_date": "2026-01-01",
    "end_date": "2026-01-01",
}


def test_date_problems_are_listed_in_page_order_when_creating(
    client, senior_lead, home_org
) -> None:
    client.force_login(senior_lead)
    response = client.post(
        reverse("agreements:agreement_create"), {"lead_organisation": home_org.pk, **BAD_DATES}
    )
    assert response.status_code == 400
    assert _summary(response) == [
        ("id_review_date", errors.REVIEW_BEFORE_START),
        ("id_end_date", errors.ENDS_BEFORE_START),
    ]


def test_date_problems_are_listed_in_page_order_when_editing(client, senior_lead, draft) -> None:
    client.force_login(senior_lead)
    response = client.post(reverse("agreements:agreement_edit", args=[draft.pk]), BAD_DATES)
    assert response.status_code == 400
    assert _targets(response) == ["id_review_date", "id_end_date"]


def test_party_problems_are_listed_in_page_order(client, senior_lead, draft) -> None:
    client.force_login(senior_lead)
    url = reverse("agreements:party_add", args=[draft.pk])
    page = client.get(url).content.decode()
    on_page = re.findall(r'name="(organisation|signatory|external_party_name)"', page)
    assert on_page == ["organisation", "signatory", "external_party_name"]
    response = client.post(url, {"signatory": "999999", "external_party_name": "x" * 201})
    assert response.status_code == 400
    assert _targets(response) == ["id_signatory", "id_external_party_name"]
