"""A position statement published with a future effective date is scheduled: the version
in force stays current (for the page, staff acknowledgement, the rates and the board)
until that date, then the new one is current without anyone doing anything."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import pytest
from django.urls import reverse

from infoshare.governance import services
from infoshare.governance.models import Acknowledgement, PositionStatement, StatementStatus
from infoshare.governance.tests.helpers import table_row

TODAY = dt.date(2026, 11, 27)
NEW_YEAR_EVE = dt.date(2026, 12, 31)


@contextmanager
def on(day: dt.date) -> Iterator[None]:
    """Runs as if it were noon on ``day`` (timezone.localdate follows timezone.now)."""
    moment = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _page(client: Any, person: Any, url: str) -> str:
    client.force_login(person)  # signed in afresh on each (moved) day
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _statement_url(org: Any) -> str:
    return reverse("governance:position_statement", kwargs={"org_id": org.pk})


def _history_tags(page: str) -> dict[int, str]:
    table = page.split("Version history", 1)[1]
    rows = re.findall(
        r"<td[^>]*>(\d+)</td>.*?<strong class=\"govuk-tag[^\"]*\">([^<]+)</strong>", table, re.S
    )
    return {int(version): tag for version, tag in rows}


@pytest.fixture
def first(senior_lead: Any, home_org: Any) -> PositionStatement:
    """Version 1, in force since April."""
    with on(TODAY):
        return services.publish_position_statement(
            actor=senior_lead,
            organisation_id=home_org.pk,
            title="Our position",
            body="Version one.",
            effective_date=dt.date(2026, 4, 1),
        )


def _publish_v2_through_the_form(client: Any, senior_lead: Any, home_org: Any) -> Any:
    client.force_login(senior_lead)
    response = client.post(
        reverse("governance:statement_publish", kwargs={"org_id": home_org.pk}),
        {"title": "Our new position", "body": "Version two.", "effective_date": "31/12/2026"},
        follow=True,
    )
    assert response.status_code == 200
    return response


def test_a_future_version_is_scheduled_and_the_current_one_stays_in_force(
    client, senior_lead, practitioner, board_member, home_org, first
) -> None:
    with on(TODAY):
        page = _publish_v2_through_the_form(client, senior_lead, home_org).content.decode()
        assert "It takes effect on 31 December 2026; until then version 1 stays current" in page
        second = PositionStatement.objects.get(organisation=home_org, version=2)
        assert second.status == StatementStatus.SCHEDULED
        first.refresh_from_db()
        assert first.status == StatementStatus.PUBLISHED

        page = _page(client, practitioner, _statement_url(home_org))
        assert _history_tags(page) == {2: "Scheduled", 1: "Current"}
        assert "Takes effect on 31 December 2026" in page
        assert reverse("governance:statement_acknowledge", args=[home_org.pk, first.pk]) in page
        assert (
            reverse("governance:statement_acknowledge", args=[home_org.pk, second.pk]) not in page
        )

        to_read = _page(client, practitioner, reverse("governance:to_read"))
        assert "version 1" in to_read
        assert "version 2" not in to_read

        response = client.post(
            reverse("governance:statement_acknowledge", args=[home_org.pk, second.pk])
        )
        assert response.status_code == 409  # a state that forbids it, explained
        assert "takes effect on 31 December 2026" in response.content.decode()
        assert not Acknowledgement.objects.filter(position_statement=second).exists()
        client.post(reverse("governance:statement_acknowledge", args=[home_org.pk, first.pk]))
        assert Acknowledgement.objects.filter(position_statement=first).exists()

        rates = _page(
            client, senior_lead, reverse("governance:acknowledgements", args=[home_org.pk])
        )
        assert "Position statement, version 1" in rates
        assert "version 2" not in rates

        board = _page(client, board_member, reverse("governance:board"))
        assert (
            "version 1, effective 1 Apr 2026"
            in table_row(board, "board-statements", home_org.name)[0]
        )


def test_the_scheduled_version_takes_effect_on_its_date_by_itself(
    client, senior_lead, practitioner, board_member, home_org, first
) -> None:
    with on(TODAY):
        _publish_v2_through_the_form(client, senior_lead, home_org)
        client.force_login(practitioner)
        client.post(reverse("governance:statement_acknowledge", args=[home_org.pk, first.pk]))
    second = PositionStatement.objects.get(organisation=home_org, version=2)

    with on(NEW_YEAR_EVE - dt.timedelta(days=1)):
        page = _page(client, practitioner, _statement_url(home_org))
        assert _history_tags(page) == {2: "Scheduled", 1: "Current"}

    with on(NEW_YEAR_EVE):
        page = _page(client, practitioner, _statement_url(home_org))
        assert _history_tags(page) == {2: "Current", 1: "Superseded"}
        assert "Version two." in page
        to_read = _page(client, practitioner, reverse("governance:to_read"))
        assert "version 2" in to_read
        response = client.post(
            reverse("governance:statement_acknowledge", args=[home_org.pk, first.pk])
        )
        assert response.status_code == 409  # replaced: the current version is asked for
        client.post(reverse("governance:statement_acknowledge", args=[home_org.pk, second.pk]))
        assert Acknowledgement.objects.filter(position_statement=second).exists()
        board = _page(client, board_member, reverse("governance:board"))
        assert (
            "version 2, effective 31 Dec 2026"
            in table_row(board, "board-statements", home_org.name)[0]
        )
    # Nothing was written on the day: the dates decide.
    first.refresh_from_db()
    assert first.status == StatementStatus.PUBLISHED


def test_the_next_publication_settles_the_stored_statuses(senior_lead, home_org, first) -> None:
    with on(TODAY):
        second = services.publish_position_statement(
            actor=senior_lead,
            organisation_id=home_org.pk,
            title="t",
            body="Version two.",
            effective_date=NEW_YEAR_EVE,
        )
    with on(dt.date(2027, 1, 2)):
        third = services.publish_position_statement(
            actor=senior_lead,
            organisation_id=home_org.pk,
            title="t",
            body="Version three.",
            effective_date=dt.date(2027, 2, 1),
        )
    statuses = dict(
        PositionStatement.objects.filter(organisation=home_org).values_list("version", "status")
    )
    assert statuses == {1: "superseded", 2: "published", 3: "scheduled"}
    assert (first.version, second.version, third.version) == (1, 2, 3)


def test_a_newer_version_replaces_one_still_scheduled(client, senior_lead, home_org, first) -> None:
    client.force_login(senior_lead)
    with on(TODAY):
        for version, effective in ((2, NEW_YEAR_EVE), (3, dt.date(2027, 1, 15)), (4, TODAY)):
            services.publish_position_statement(
                actor=senior_lead,
                organisation_id=home_org.pk,
                title="t",
                body=f"Version {version}.",
                effective_date=effective,
            )
            if version == 3:
                statuses = dict(
                    PositionStatement.objects.filter(organisation=home_org).values_list(
                        "version", "status"
                    )
                )
                assert statuses == {1: "published", 2: "replaced", 3: "scheduled"}
    statuses = dict(
        PositionStatement.objects.filter(organisation=home_org).values_list("version", "status")
    )
    # Versions 2 and 3 never took effect: replaced, not superseded; version 1 was in force.
    assert statuses == {1: "superseded", 2: "replaced", 3: "replaced", 4: "published"}
    page = client.get(reverse("governance:position_statement", kwargs={"org_id": home_org.pk}))
    assert page.content.decode().count("Replaced before it took effect") == 2


def test_a_first_statement_published_for_later_says_when_it_takes_effect(
    client, senior_lead, practitioner, home_org
) -> None:
    with on(TODAY):
        services.publish_position_statement(
            actor=senior_lead,
            organisation_id=home_org.pk,
            title="Our first position",
            body="Soon.",
            effective_date=NEW_YEAR_EVE,
        )
        page = _page(client, practitioner, _statement_url(home_org))
        assert "Takes effect on 31 December 2026: Our first position" in page
        assert "has not published a position statement yet" not in page
        assert "Our first position" not in _page(
            client, practitioner, reverse("governance:to_read")
        )
