"""A record is found on the lists by the reference printed on it, however it is typed."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from infoshare.decisions.tests.factories import make_decision


@pytest.mark.parametrize("typed", ["{ref}", " {lower} ", "{ref} (version 2)"])
def test_the_organisations_list_finds_a_record_by_its_reference(
    client: Any, advisor: Any, practitioner: Any, home_org: Any, typed: str
) -> None:
    wanted = make_decision(author=practitioner, organisation=home_org)
    other = make_decision(author=practitioner, organisation=home_org)
    client.force_login(advisor)
    reference = typed.format(ref=wanted.reference, lower=wanted.reference.lower())
    response = client.get(reverse("decisions:organisation_decisions"), {"reference": reference})
    assert response.status_code == 200
    body = response.content.decode()
    assert wanted.reference in body
    assert other.reference not in body


def test_a_reference_too_long_is_a_clear_error(client: Any, advisor: Any) -> None:
    client.force_login(advisor)
    response = client.get(reverse("decisions:organisation_decisions"), {"reference": "X" * 41})
    assert response.status_code == 400
    assert "Reference must be 40 characters or fewer" in response.content.decode()
