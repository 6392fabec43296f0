"""The audit trail in the service's words: every action has a plain-English label (no code
names such as "mfa activated" or "leavers draft deleted"), and its times read as the
service's do ("27 November 2026 at 10:25:43pm"), to the second."""

from __future__ import annotations

import html
import importlib
import re
from datetime import datetime
from enum import Enum
from functools import partial
from typing import Any

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from infoshare.audit import labels
from infoshare.audit.tests.helpers import make_events
from infoshare.core.times import datetime_text

LIST = reverse("audit:event_list")

#: Words and spellings that are code, not the service's English.
JARGON = re.compile(
    r"_|\bmfa\b|\bMFA\b|two factor|\bleavers\b|\bapi\b|(?<!API )\btokens? |regenerated"
)
APPS = ("Accounts", "Advice", "Agreements", "Audit", "Decisions", "Governance", "Partnerships")


@pytest.fixture
def events(home_org: Any) -> Any:
    return partial(make_events, organisation_id=home_org.pk)


def _project_actions() -> set[str]:
    """The values of every app's ``audit.Action`` (not what other tests registered)."""
    actions = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("infoshare."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.audit")
        except ModuleNotFoundError:
            continue
        action = getattr(module, "Action", None)
        if isinstance(action, type) and issubclass(action, Enum):
            actions |= {str(member.value) for member in action}
    return actions


def test_every_action_of_the_project_has_a_label_written_for_people() -> None:
    actions = _project_actions()
    assert len(actions) > 50  # every app's actions were found
    assert actions <= labels.known_actions()  # and registered
    missing = sorted(actions - set(labels.ACTION_LABELS))
    assert missing == [], f"give these actions a label in audit/labels.py: {missing}"
    for action in actions:
        label = labels.label_for(action)
        app, _, what = label.partition(": ")
        assert app in APPS, label
        assert what, label
        assert what == what.strip(), label
        assert not JARGON.search(label), label
        assert action not in label, label


def test_no_two_actions_read_the_same() -> None:
    shown = [labels.label_for(action) for action in _project_actions()]
    assert len(shown) == len(set(shown))


def test_the_action_filter_uses_the_services_words(client: Any, auditor: Any) -> None:
    client.force_login(auditor)
    page = html.unescape(client.get(LIST).content.decode())
    options = re.findall(r'<option value="[a-z_]+\.[a-z_]+">([^<]*)</option>', page)
    assert "Accounts: two-factor authentication turned on" in options
    assert "Accounts: wrong two-factor authentication code" in options
    assert "Partnerships: two-factor authentication reset" in options
    assert "Decisions: leaver's draft deleted" in options
    assert "Accounts: API token created" in options
    for option in options:
        assert not JARGON.search(option), option
        assert "mfa" not in option.lower(), option


def test_an_events_action_reads_the_same_on_its_page(
    client: Any, auditor: Any, events: Any
) -> None:
    [event] = events(1, action="decisions.leavers_draft_deleted")
    client.force_login(auditor)
    page = html.unescape(
        client.get(reverse("audit:event_detail", args=[event.pk])).content.decode()
    )
    assert '<h1 class="govuk-heading-l">Decisions: leaver\'s draft deleted</h1>' in page
    # The stored name stays there for whoever searches the CSV for it.
    assert "decisions.leavers_draft_deleted" in page


def test_times_in_the_list_and_on_an_events_page_are_in_the_services_style(
    client: Any, auditor: Any, events: Any
) -> None:
    moment = datetime(2026, 11, 27, 22, 25, 43, tzinfo=timezone.get_current_timezone())
    [event] = events(1, start=moment, actor_label="timed@example.org")
    client.force_login(auditor)
    listed = client.get(LIST).content.decode()
    row = listed[listed.index("timed@example.org") - 400 :]
    assert "27 November 2026 at 10:25:43pm" in row
    assert "27 Nov 2026 22:25:43" not in listed
    shown = client.get(reverse("audit:event_detail", args=[event.pk])).content.decode()
    assert "27 November 2026 at 10:25:43pm" in shown
    # The CSV's own form of the moment, to find the event there.
    assert "In the CSV, in UTC: 2026-11-27T22:25:43+00:00" in shown
    export = client.get(reverse("audit:event_export"))
    csv_text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "2026-11-27T22:25:43+00:00" in csv_text


def test_a_summer_time_is_shown_in_uk_time_and_its_csv_form_in_utc(
    client: Any, auditor: Any, events: Any
) -> None:
    moment = datetime(2026, 7, 1, 9, 0, 5, tzinfo=timezone.get_current_timezone())
    [event] = events(1, start=moment)
    client.force_login(auditor)
    shown = client.get(reverse("audit:event_detail", args=[event.pk])).content.decode()
    assert "1 July 2026 at 9:00:05am" in shown
    assert "In the CSV, in UTC: 2026-07-01T08:00:05+00:00" in shown


@pytest.mark.parametrize(
    ("hour", "minute", "second", "shown"),
    [
        (22, 25, 43, "27 November 2026 at 10:25:43pm"),
        (9, 0, 0, "27 November 2026 at 9:00:00am"),
        (0, 0, 5, "27 November 2026 at 12:00:05am"),
        (0, 0, 0, "27 November 2026 at midnight"),
        (12, 0, 0, "27 November 2026 at midday"),
    ],
)
def test_a_moment_to_the_second_keeps_the_services_style(
    hour: int, minute: int, second: int, shown: str
) -> None:
    tz = timezone.get_current_timezone()
    moment = datetime(2026, 11, 27, hour, minute, second, tzinfo=tz)
    assert datetime_text(moment, seconds=True) == shown
