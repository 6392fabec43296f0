"""A person refused more than ``LIMIT`` times in a window: past the cap their refusals are
no longer recorded one by one, and the trail says so, once a window, with the count."""

from __future__ import annotations

import html
import time
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from infoshare.audit import refusals
from infoshare.audit.models import AuditEvent

REFUSED = "audit.access_refused"
CAPPED = "audit.access_refusals_capped"
LABEL = "Audit: access refusals capped"


@pytest.fixture(autouse=True)
def small_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    cache.clear()  # each person's count starts at nought (ids repeat between tests)
    monkeypatch.setattr(refusals, "LIMIT", 3)


def walk(client: Any, first: int, count: int) -> None:
    for missing in range(first, first + count):
        page = reverse("decisions:decision_detail", args=[missing])
        assert client.get(page).status_code == 404


def actions() -> list[str]:
    return list(
        AuditEvent.objects.filter(action__in=[REFUSED, CAPPED])
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_reaching_the_cap_is_recorded_once_with_the_count_so_far(
    client: Any, practitioner: Any
) -> None:
    client.force_login(practitioner)
    walk(client, 999_000, 10)
    assert actions() == [REFUSED, REFUSED, REFUSED, CAPPED]
    capped = AuditEvent.objects.get(action=CAPPED)
    assert capped.actor_id == practitioner.pk
    assert capped.organisation_id is None
    assert capped.data == {
        # The refusal that reached the cap, told as the others are.
        "route": "decisions:decision_detail",
        "method": "GET",
        "status": 404,
        "ids": {"decision_id": 999_003},
        "refusals_so_far": 4,
        "recorded_one_by_one": 3,
        "window_seconds": refusals.WINDOW,
        "note": (
            "3 refusals of this person were recorded in 10 minutes: the ones after this "
            "are no longer recorded one by one until that window ends"
        ),
    }


def test_the_cap_is_per_person(client: Any, practitioner: Any, manager: Any) -> None:
    client.force_login(practitioner)
    walk(client, 999_000, 5)
    client.force_login(manager)
    walk(client, 999_000, 2)
    capped = AuditEvent.objects.filter(action=CAPPED)
    assert [event.actor_id for event in capped] == [practitioner.pk]
    assert AuditEvent.objects.filter(action=REFUSED, actor_id=manager.pk).count() == 2


def test_a_new_window_records_refusals_again_and_its_own_cap(
    client: Any, practitioner: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(refusals, "WINDOW", 1)
    client.force_login(practitioner)
    walk(client, 999_000, 5)
    time.sleep(1.2)  # the window ends
    walk(client, 999_100, 5)
    assert actions() == [REFUSED] * 3 + [CAPPED] + [REFUSED] * 3 + [CAPPED]


def test_the_auditor_reads_the_cap_by_its_label(
    client: Any, practitioner: Any, auditor: Any
) -> None:
    client.force_login(practitioner)
    walk(client, 999_000, 4)
    client.force_login(auditor)
    page = html.unescape(client.get(reverse("audit:event_list")).content.decode())
    assert LABEL in page
    event = AuditEvent.objects.get(action=CAPPED)
    detail = client.get(reverse("audit:event_detail", args=[event.pk]))
    assert LABEL in html.unescape(detail.content.decode())
