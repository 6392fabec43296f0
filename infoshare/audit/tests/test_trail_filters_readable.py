"""The audit trail's search reads as an auditor thinks: organisations are chosen by name
from a list of those whose events the auditor may read (the address keeps the id, so
older links and exports work), and objects are named in words ("Decision record"),
while the CSV export keeps the stored values that integrations read.

(The audit app may not import the partnerships app: organisations are made through the
shared fixtures and their model's own manager.)"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from infoshare.audit.models import AuditEvent
from infoshare.audit.tests.helpers import make_events
from infoshare.core.roles import Role

LIST = reverse("audit:event_list")
EXPORT = reverse("audit:event_export")
ORGANISATION_ERROR = "Select an organisation from the list"


def detail_url(event_id: int) -> str:
    return reverse("audit:event_detail", kwargs={"event_id": event_id})


def _csv(response: Any) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def _options(page: str, name: str) -> list[tuple[str, str]]:
    """The (value, text) of each option of the select ``name``, in page order."""
    select = re.search(rf'<select[^>]* name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None, f"no select named {name!r}"
    found = re.findall(r'<option value="([^"]*)"[^>]*>(.*?)</option>', select.group(1), re.S)
    return [(html.unescape(value), html.unescape(text)) for value, text in found]


def _table(page: str) -> str:
    return page[page.index('<tbody class="govuk-table__body">') : page.index("</tbody>")]


def _organisation(partnership: Any, name: str, **fields: Any) -> Any:
    return apps.get_model("partnerships", "Organisation").objects.create(
        partnership=partnership, name=name, sector="other", **fields
    )


@pytest.fixture
def events(home_org) -> Callable[..., list[AuditEvent]]:
    """``make_events`` about the auditor's organisation (in their partnership)."""
    return partial(make_events, organisation_id=home_org.pk)


@pytest.fixture
def far_org(second) -> Any:
    """An organisation of another partnership."""
    return _organisation(second, "Second Council")


# The organisation list


def test_the_list_offers_the_auditors_organisations_by_name(
    client, auditor, partnership, home_org, other_org, far_org
) -> None:
    ash = _organisation(partnership, "ash Academy", is_active=False)  # still audited
    client.force_login(auditor)
    page = client.get(LIST).content.decode()
    assert re.search(
        r'<label class="govuk-label[^"]*" for="id_organisation">Organisation</label>', page
    )
    assert _options(page, "organisation") == [
        ("", "Any organisation"),
        (str(ash.pk), "ash Academy"),
        (str(home_org.pk), "Home Council"),
        (str(other_org.pk), "Other School"),
    ]
    assert "Second Council" not in page
    assert 'name="organisation" type="text"' not in page  # no number box any more


def test_another_partnerships_auditor_is_offered_only_theirs(
    client, make_member, home_org, other_org, far_org
) -> None:
    client.force_login(make_member(Role.AUDITOR, far_org))
    page = client.get(LIST).content.decode()
    assert _options(page, "organisation") == [
        ("", "Any organisation"),
        (str(far_org.pk), "Second Council"),
    ]


def test_an_auditor_of_two_partnerships_is_told_which_is_which(
    client, auditor, partnership, second, home_org, far_org
) -> None:
    auditor.memberships.create(organisation=far_org, role=Role.AUDITOR)
    twin = _organisation(second, "Home Council")
    client.force_login(auditor)
    options = _options(client.get(LIST).content.decode(), "organisation")
    named = sorted(
        [
            (str(home_org.pk), f"Home Council ({partnership.name})"),
            (str(twin.pk), "Home Council (Second Partnership)"),
        ],
        key=lambda option: option[1].casefold(),
    )
    assert options == [
        ("", "Any organisation"),
        *named,
        (str(far_org.pk), "Second Council (Second Partnership)"),
    ]


def test_choosing_an_organisation_filters_the_list_and_the_export(
    client, auditor, home_org, other_org
) -> None:
    make_events(1, organisation_id=home_org.pk, actor_label="home@example.org")
    make_events(2, organisation_id=other_org.pk, actor_label="school@example.org")
    client.force_login(auditor)
    query = {"organisation": str(other_org.pk)}  # the same address as before: the id
    response = client.get(LIST, query)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<option value="{other_org.pk}" selected>Other School</option>' in page
    table = _table(page)
    assert table.count("school@example.org") == 2
    assert "home@example.org" not in table
    assert "Other School" in table  # the organisation column names it too
    assert f'href="{EXPORT}?organisation={other_org.pk}"' in page
    rows = _csv(client.get(EXPORT, query))
    assert {row["actor_label"] for row in rows} == {"school@example.org"}
    assert {row["organisation_id"] for row in rows} == {str(other_org.pk)}
    exported = AuditEvent.objects.get(action="audit.exported")
    assert exported.data == {
        "filter": {"organisation_id": other_org.pk},
        "rows": 2,
        "up_to_event_id": max(int(row["id"]) for row in rows),
    }


@pytest.mark.parametrize("value", ["far", "twelve", "0", "-1", "1.5", "9" * 30, "1000000000"])
def test_an_organisation_not_offered_gets_a_clear_error(
    client, auditor, home_org, far_org, value
) -> None:
    make_events(1, organisation_id=home_org.pk)
    typed = str(far_org.pk) if value == "far" else value
    client.force_login(auditor)
    for url in (LIST, EXPORT):
        response = client.get(url, {"organisation": typed})
        assert response.status_code == 400
        page = response.content.decode()
        summary = page[page.index("govuk-error-summary") : page.index("<h1")]
        assert "There is a problem" in summary
        assert f'<a href="#id_organisation">{ORGANISATION_ERROR}</a>' in summary
        assert 'id="id_organisation-error"' in page
        assert 'class="govuk-select govuk-select--error"' in page
    assert not AuditEvent.objects.filter(action="audit.exported").exists()


def test_the_list_runs_the_same_queries_however_many_organisations(
    client, auditor, partnership, home_org, other_org
) -> None:
    make_events(5, organisation_id=home_org.pk)
    client.force_login(auditor)
    client.get(LIST)  # the first request of a session sets it up
    query = {"organisation": str(home_org.pk)}
    with CaptureQueriesContext(connection) as small:
        assert client.get(LIST, query).status_code == 200
    for index in range(40):
        organisation = _organisation(partnership, f"School {index:02d}")
        make_events(2, organisation_id=organisation.pk)
    with CaptureQueriesContext(connection) as large:
        response = client.get(LIST, query)
    assert response.status_code == 200
    assert len(_options(response.content.decode(), "organisation")) == 1 + 2 + 40
    assert len(large) == len(small)


# Objects in words


TYPES = {
    "decisions.SharingDecision": "Decision record",
    "decisions.Person": "Person",
    "advice.AdviceRequest": "Advice request",
    "agreements.Agreement": "Agreement",
    "accounts.User": "User account",
    "accounts.ApiToken": "API token",
    "partnerships.StaffImport": "Staff import",
    "governance.PositionStatement": "Position statement",
}


def test_objects_are_named_in_words_in_the_table_and_the_filter(client, auditor, events) -> None:
    for object_type in TYPES:
        events(1, object_type=object_type, object_id="5")
    client.force_login(auditor)
    page = client.get(LIST).content.decode()
    table = _table(page)
    for object_type, label in TYPES.items():
        assert f"{label}<br>" in table
        assert object_type not in table
    assert "sharingdecision" not in table.lower()
    assert '<span class="govuk-hint govuk-!-font-size-16">ID 5</span>' in table
    options = _options(page, "object_type")
    assert options[0] == ("", "Any type")
    assert dict(options[1:]) == TYPES
    labels = [label for _, label in options[1:]]
    assert labels == sorted(labels, key=str.casefold)


def test_every_model_of_the_project_has_a_plain_label(client, auditor, events) -> None:
    models = [m for m in apps.get_models() if m.__module__.startswith("infoshare.")]
    for model in models:
        events(1, object_type=model._meta.label, object_id="1")
    client.force_login(auditor)
    options = dict(_options(client.get(LIST).content.decode(), "object_type"))
    assert len(options) == len(models) + 1
    for model in models:
        label = options[model._meta.label]
        assert "." not in label
        assert label[0].isupper()
        assert " " in label or model.__name__.istitle()  # "Decision record", "Person"


def test_an_unknown_object_type_falls_back_safely(client, auditor, events) -> None:
    events(1, object_type="someapp.OldThing", object_id="3", actor_label="old")
    events(1, object_type="<b>odd</b>", object_id="4", actor_label="odd")
    events(1, object_type="decisions.sharingdecision", object_id="6", actor_label="lower")
    events(1, object_type="decisions.SharingDecision", object_id="7", actor_label="proper")
    client.force_login(auditor)
    page = client.get(LIST).content.decode()
    table = _table(page)
    assert "Old thing<br>" in table
    assert "&lt;b&gt;odd&lt;/b&gt;" in table
    assert "<b>odd</b>" not in page
    assert table.count("Decision record<br>") == 2
    options = dict(_options(page, "object_type"))
    assert options["someapp.OldThing"] == "Old thing"
    assert options["<b>odd</b>"] == "<b>odd</b>"  # as stored, escaped in the page
    # Two spellings of one type read the same, so each says which it is.
    assert options["decisions.sharingdecision"] == "Decision record (decisions.sharingdecision)"
    assert options["decisions.SharingDecision"] == "Decision record (decisions.SharingDecision)"
    assert client.get(LIST, {"object_type": "someapp.OldThing"}).context["page_obj"][0].pk


def test_the_event_page_names_the_object_and_the_organisation(
    client, auditor, events, home_org
) -> None:
    (event,) = events(1, object_type="advice.AdviceRequest", object_id="12")
    (none,) = events(1, organisation_id=None, actor_id=auditor.pk, object_type="", object_id="")
    client.force_login(auditor)
    page = client.get(detail_url(event.pk)).content.decode()
    assert "Advice request, ID 12" in page
    # The stored value stays visible, under the words, to match the CSV.
    assert '<span class="govuk-hint govuk-!-font-size-16">advice.AdviceRequest</span>' in page
    assert '<dt class="govuk-summary-list__key">Organisation</dt>' in page
    assert (
        f'Home Council<br><span class="govuk-hint govuk-!-font-size-16">Organisation ID {home_org.pk}</span>'
        in page
    )
    other = client.get(detail_url(none.pk)).content.decode()
    row = other[other.index(">Organisation</dt>") : other.index(">Action</dt>")]
    assert "None" in row


def test_the_csv_keeps_the_stored_values(client, auditor, events, home_org) -> None:
    events(1, object_type="decisions.SharingDecision", object_id="5")
    events(1, object_type="someapp.OldThing", object_id="3")
    client.force_login(auditor)
    rows = _csv(client.get(EXPORT, {"object_type": "decisions.SharingDecision"}))
    assert [(r["object_type"], r["object_id"]) for r in rows] == [
        ("decisions.SharingDecision", "5")
    ]
    assert rows[0]["organisation_id"] == str(home_org.pk)
    everything = _csv(client.get(EXPORT))
    types = {row["object_type"] for row in everything}
    assert {"decisions.SharingDecision", "someapp.OldThing"} <= types
    assert not {"Decision record", "Old thing", "Home Council"} & {
        value for row in everything for value in row.values()
    }
