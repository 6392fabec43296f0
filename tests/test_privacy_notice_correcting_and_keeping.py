"""The privacy notice says how to get details corrected and how long records are kept
(UK GDPR Articles 13(2)(a) and 16): it promised correction, and named no storage period."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse


def _text(client: Any) -> str:
    page = client.get(reverse("core:privacy")).content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)).replace("&#x27;", "'")


def test_it_says_who_corrects_details_and_that_every_change_is_recorded(
    client: Any, db: Any
) -> None:
    text = _text(client)
    assert "Getting details corrected" in text
    assert "ask the organisation that recorded them to correct them" in text
    assert "such as practitioners and advisors, can correct a person's details" in text
    assert "Every change is recorded in the audit trail" in text


def test_it_says_how_long_records_are_kept_and_what_can_be_removed(client: Any, db: Any) -> None:
    text = _text(client)
    assert "How long we keep information" in text
    assert (
        "Decision records and the audit trail are kept until the partnership's retention "
        "schedule says they should be disposed of" in text
    )
    assert "Infoshare does not delete them by itself" in text
    assert "If a person was added by mistake" in text
