"""How an event's details and object type read (``audit.details``, ``audit.labels``), and
what the "person or record shown" filter takes (``audit.mentions``)."""

from __future__ import annotations

import pytest

from infoshare.audit.details import Detail, details
from infoshare.audit.labels import object_type_label
from infoshare.audit.mentions import Mention, parse_mention


def test_each_key_is_one_readable_line_in_key_order() -> None:
    data = {
        "via": "api",
        "person_id": 4,
        "people": [2, 7],
        "withdrawn": True,
        "status": None,
        "emails": [],
        "filter": {"date_from": "2026-01-01", "organisation_id": 3},
    }
    assert details(data) == [
        Detail("emails", "Emails", "None"),
        Detail("filter", "Filter", "Date from: 2026-01-01; Organisation ID: 3"),
        Detail("people", "People", "2, 7"),
        Detail("person_id", "Person ID", "4"),
        Detail("status", "Status", "None"),
        Detail("via", "Via", "api"),
        Detail("withdrawn", "Withdrawn", "Yes"),
    ]


def test_the_short_form_cuts_long_lists_and_texts_and_says_how_much() -> None:
    data = {"records": [f"R-{n}" for n in range(8)], "reason": "x" * 130}
    assert details(data, short=True) == [
        Detail("reason", "Reason", f"{'x' * 120}… (10 more characters)"),
        Detail("records", "Records", "R-0, R-1, R-2, R-3, R-4 and 3 more"),
    ]
    assert details(data)[1].value == ", ".join(f"R-{n}" for n in range(8))


def test_details_that_are_not_an_object_are_still_shown() -> None:
    assert details({}) == []
    assert details(-1) == [Detail("", "Details", "-1")]
    assert details({"deep": {"a": {"b": {"c": 1}}}}) == [
        Detail("deep", "Deep", 'A: B: {"c":1}'),
    ]


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("decisions.SharingDecision", "Decision record"),
        ("decisions.sharingdecision", "Decision record"),
        ("decisions.Person", "Person"),
        ("accounts.User", "User account"),
        ("partnerships.StaffImport", "Staff import"),
        ("someapp.OldThing", "Old thing"),  # a model no longer in the project
        ("nodot", "nodot"),
        ("<b>x</b>", "<b>x</b>"),  # not a model label: as stored (the page escapes it)
    ],
)
def test_object_types_read_as_their_models_names(stored: str, shown: str) -> None:
    assert object_type_label(stored) == shown


@pytest.mark.parametrize(
    ("typed", "mention"),
    [
        ("2", Mention(person_id=2)),
        (" 0042 ", Mention(person_id=42)),
        ("isd-2026-000005", Mention(reference="ISD-2026-000005")),
        ("ADV-000007", Mention(reference="ADV-000007")),
        ("ISD-2026-000005 (version 2)", Mention(reference="ISD-2026-000005", version=2)),
        ("ISD-2026-000005(VERSION 3)", Mention(reference="ISD-2026-000005", version=3)),
        ("ISD-2026-000005 (version 1)", Mention(reference="ISD-2026-000005", version=1)),
        ("0", None),
        ("9" * 20, None),
        ("٣", None),
        ("ISD", None),
        ("ISD-2026-000005 version 2", None),
        ("ISD-2026-%", None),
        ("ISD_2026", None),
    ],
)
def test_what_the_shown_filter_takes(typed: str, mention: Mention | None) -> None:
    assert parse_mention(typed) == mention
    if mention is not None:
        assert parse_mention(str(mention)) == mention
