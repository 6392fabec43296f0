"""A practitioner sends a page of a draft that another tab (or the API) finalised while it
was open: what they sent was not saved, so the record page they land on says so in an
alert, which GOV.UK Frontend focuses (WCAG 4.1.3); opening such a page only informs."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from infoshare.decisions.tests.factories import make_decision, make_person

BANNER = re.compile(r'<div class="govuk-notification-banner(?: [^"]*)?"[^>]*>')


def _finalised_meanwhile(practitioner: Any, home_org: Any) -> str:
    """The address of a page of the practitioner's record, as a tab opened while it was a
    draft still has it."""
    record = make_decision(
        author=practitioner, organisation=home_org, people=[make_person(organisation=home_org)]
    )
    return reverse("decisions:purpose", kwargs={"decision_id": record.pk})


def test_sending_a_page_of_a_record_finalised_meanwhile_is_told_in_an_alert(
    signed_in_practitioner: Any, practitioner: Any, home_org: Any
) -> None:
    url = _finalised_meanwhile(practitioner, home_org)
    page = signed_in_practitioner.post(url, {"purpose": "To keep a child safe"}, follow=True)
    html = page.content.decode()
    [banner] = BANNER.findall(html)
    assert 'role="alert"' in banner
    assert "can no longer be changed here" in html


def test_opening_a_page_of_a_record_finalised_meanwhile_only_informs(
    signed_in_practitioner: Any, practitioner: Any, home_org: Any
) -> None:
    url = _finalised_meanwhile(practitioner, home_org)
    html = signed_in_practitioner.get(url, follow=True).content.decode()
    [banner] = BANNER.findall(html)
    assert 'role="region"' in banner
    assert "can no longer be changed here" in html
