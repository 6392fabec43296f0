"""A printed record carries its protective marking and says who printed it, and when."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from infoshare.decisions.tests.factories import make_decision

MARKING = "Official \N{EN DASH} sensitive"


def test_a_printed_record_is_marked_official_sensitive_and_names_who_printed_it(
    client: Any, practitioner: Any, home_org: Any, other_org: Any
) -> None:
    decision = make_decision(
        author=practitioner, organisation=home_org, recipient_organisation=other_org
    )
    client.force_login(practitioner)
    body = client.get(
        reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk})
    ).content.decode()
    print_only = re.findall(r'<p class="govuk-body-s app-print-only">(.*?)</p>', body, re.S)
    # One marking opens the page (before the heading), one closes it.
    assert len(print_only) == 2
    assert f"<strong>{MARKING}.</strong>" in print_only[0]
    assert body.index(print_only[0]) < body.index("<h1")
    assert f"Printed from Infoshare by {practitioner}" in print_only[1]
    assert f"Reference {decision.label}" in print_only[1]
    assert MARKING in print_only[1]
