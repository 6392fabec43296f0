"""The manager's "Records to countersign" panel: urgent records first, then the longest
waiting, each saying whether it is urgent and when it was finalised, by whom."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.urls import reverse
from django.utils import timezone

from infoshare.core.times import datetime_text
from infoshare.decisions.home import PANEL_SIZE
from infoshare.decisions.tests.factories import make_decision


def panel_items(body: str) -> list[str]:
    panel = body[body.index("Records to countersign</h2>") :].split("</section>")[0]
    return re.findall(r"<li>(.*?)</li>", panel, flags=re.S)


def test_urgent_records_come_first_then_the_oldest(
    client: Any, manager: Any, practitioner: Any, home_org: Any
) -> None:
    home_org.countersign_required = True
    home_org.save(update_fields=["countersign_required"])
    now = timezone.now()

    def finalised(days_ago: int, **fields: Any) -> Any:
        return make_decision(
            author=practitioner,
            organisation=home_org,
            finalised_at=now - dt.timedelta(days=days_ago),
            **fields,
        )

    newest = finalised(1)
    oldest = finalised(9)
    urgent = finalised(2, urgent=True, urgent_due_at=now)
    client.force_login(manager)
    items = panel_items(client.get(reverse("core:home")).content.decode())
    assert [item.split("</a>")[0].rsplit(">", 1)[1] for item in items] == [
        urgent.label,
        oldest.label,
        newest.label,
    ]
    said = f"Urgent · finalised {datetime_text(urgent.finalised_at)} by {practitioner}"
    assert said in items[0]
    assert f"finalised {datetime_text(oldest.finalised_at)} by {practitioner}" in items[1]
    assert "Urgent" not in items[1]


def test_an_urgent_record_is_shown_however_many_older_ones_wait(
    client: Any, manager: Any, practitioner: Any, home_org: Any
) -> None:
    home_org.countersign_required = True
    home_org.save(update_fields=["countersign_required"])
    long_ago = timezone.now() - dt.timedelta(days=30)
    for _ in range(PANEL_SIZE):
        make_decision(author=practitioner, organisation=home_org, finalised_at=long_ago)
    urgent = make_decision(
        author=practitioner, organisation=home_org, urgent=True, urgent_due_at=timezone.now()
    )
    client.force_login(manager)
    items = panel_items(client.get(reverse("core:home")).content.decode())
    assert len(items) == PANEL_SIZE
    assert urgent.label in items[0]
