from __future__ import annotations

from infoshare.agreements.demo import load_demo_agreements
from infoshare.agreements.models import Agreement, Status
from infoshare.partnerships.demo import load_demo


def test_the_demo_agreements_load_once(db) -> None:
    assert load_demo_agreements() == []  # no demo partnership yet
    load_demo()
    first = load_demo_agreements()
    assert {a.status for a in first} == {Status.ACTIVE, Status.DRAFT}
    load_demo_agreements()
    assert Agreement.objects.count() == 2
