"""Helpers every page uses: links reversed once for a whole table."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from infoshare.core.pages import url_for_each


@pytest.mark.parametrize("pk", [1, 42, 987_654_321, 10**12])
def test_a_link_for_each_row_is_the_reversed_url(pk: int) -> None:
    link = url_for_each("decisions:decision_detail", "decision_id")
    assert link(pk) == reverse("decisions:decision_detail", kwargs={"decision_id": pk})


def test_a_url_without_the_id_is_refused_at_once() -> None:
    with pytest.raises(NoReverseMatch):
        url_for_each("decisions:my_decisions", "decision_id")
