"""The auditor's "shown" filter: the events whose details (``AuditEvent.data``) name a
person or a record, to answer "who has seen person 2 / record ISD-2026-000005".

What the other apps store, and so what this finds:

- a person's id in a list under ``people`` (a people search: ``{"people": [2, 7]}``), and
  the events about the person themself (object type ``decisions.Person``, their id: a view
  of their page, their being added);
- a record's label in a list under ``records`` (a list of records:
  ``{"records": ["ISD-2026-000005", "ISD-2026-000006 (version 2)"]}``), any version of it
  for a bare reference;
- a record's reference (and version) under ``reference`` / ``version`` (a view of the
  record, an amendment, a reminder: ``{"reference": "ISD-2026-000005", "version": 1}``; a
  view of an advice request: ``{"reference": "ADV-000007"}``).

The search term is widened by what the decisions app answers (a ``RecordSource`` it
registers at start-up; the audit app sits below it and imports none of its models):

- a person: also every event about a record (any version, drafts included) that is about
  them (its object is that record: a view, a PDF, an API read, a draft edit, its being
  superseded), and every list or export holding that record's label;
- a record reference: also every event whose object is any version of it (or the one
  version asked for), whatever its details hold (a draft edit, its being superseded).

Each is a subquery in the same query, so the page's query count does not grow with the
events or the records. Without a source the search finds what the details name only.

Lists of advice requests hold their ids (``{"requests": [7]}``), not references: they are
found by object type and id only when viewed, not by this filter.

Nothing is stored for the search: the chain's hashes are untouched. Whether a list holds
a value is asked in each database's own JSON functions (``json_each`` on SQLite, ``jsonb``
operators on PostgreSQL), because Django's ``contains`` lookup on a JSONField does not run
on SQLite. The condition is not indexed: it reads the events the other filters leave, as the
person filter's text search does, so an auditor narrows it with dates."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import NotSupportedError
from django.db.models import BooleanField, Expression, F, Q, QuerySet, Subquery

from infoshare.core.numbers import parse_id

#: The object type the decisions app gives the events about a person (a model label; the
#: audit app sits below decisions, so it names the type rather than importing the model).
PERSON_OBJECT_TYPE = "decisions.Person"

#: A record reference ("ISD-2026-000005", "ADV-000007"), optionally with its version as
#: the decisions app labels a later version: "ISD-2026-000005 (version 2)".
_REFERENCE = re.compile(
    r"([A-Z][A-Z0-9]{0,9}(?:-[A-Z0-9]{1,12}){1,4})(?:\s*\(\s*VERSION\s+([1-9][0-9]{0,8})\s*\))?"
)
MAX_LENGTH = 64


class RecordSource(Protocol):
    """What the decisions app answers about its records for this search: subqueries
    (``values()`` of one text column), so that the search stays one query."""

    #: The object type of the events about a record (a model label).
    object_type: str

    def version_ids(self, reference: str, version: int | None) -> Any:
        """The ids, as text, of the versions of the record (every one, or that one)."""
        ...

    def ids_about(self, person_id: int) -> Any:
        """The ids, as text, of the records (every version, drafts included) about the
        person."""
        ...

    def labels_about(self, person_id: int) -> Any:
        """The labels of those records, as lists store them ("ISD-2026-000005",
        "ISD-2026-000005 (version 2)")."""
        ...


_source: RecordSource | None = None


def set_source(source: RecordSource | None) -> None:
    global _source
    _source = source


@dataclass(frozen=True)
class Mention:
    """A person (by id) or a record (by reference, optionally one version of it)."""

    person_id: int | None = None
    reference: str = ""
    version: int | None = None

    def __str__(self) -> str:
        if self.person_id is not None:
            return str(self.person_id)
        # As typed: "(version 1)" kept, though a list labels the first version without it.
        return f"{self.reference} (version {self.version})" if self.version else self.reference


def record_label(reference: str, version: int) -> str:
    """A record's label as lists store it (the decisions app's ``decision_label``)."""
    return reference if version == 1 else f"{reference} (version {version})"


def parse_mention(text: str) -> Mention | None:
    """What the auditor typed, as a mention; None when it is neither a person id nor a
    record reference."""
    text = " ".join(text.split())
    if text.isascii() and text.isdigit():
        number = parse_id(text)
        return None if number is None else Mention(person_id=number)
    match = _REFERENCE.fullmatch(text.upper())
    if match is None:
        return None
    version = int(match.group(2)) if match.group(2) else None
    return Mention(reference=match.group(1), version=version)


class ListHolds(Expression):
    """True when the event's ``data`` has a list under ``key`` holding ``value`` (of the
    same JSON type: the number 2 is not the text "2"), or, with ``or_prefix``, a text
    starting with it. A queryset for ``value`` (``values()`` of one text column) is a
    subquery: the list holds any of the texts it gives."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, key: str, value: int | str | QuerySet[Any], *, or_prefix: str = "") -> None:
        super().__init__(output_field=BooleanField())
        if not re.fullmatch(r"[a-z_]+", key):
            raise ValueError(f"not a data key: {key!r}")
        self.key, self.value, self.or_prefix = key, value, or_prefix
        self.column: Any = F("data")
        self.subquery: Any = Subquery(value) if isinstance(value, QuerySet) else None
        if self.subquery is not None and or_prefix:
            raise ValueError("a subquery takes no prefix")

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.key!r}, {self.value!r}, or_prefix={self.or_prefix!r})"

    def get_source_expressions(self) -> list[Any]:
        return [self.column] if self.subquery is None else [self.column, self.subquery]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.column, *rest = exprs
        if rest:
            (self.subquery,) = rest

    def _match(self, compiler: Any, value: Any) -> tuple[str, list[Any]]:
        """The test of each item: equal to the value, or in the subquery."""
        if self.subquery is None:
            return "= %s", [value]
        sql, params = compiler.compile(self.subquery)
        return f"IN {sql}", list(params)

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        raise NotSupportedError(f"{type(self).__name__} runs on SQLite and PostgreSQL only")

    def _prefix(self) -> tuple[str, list[Any]]:
        if not self.or_prefix:
            return "", []
        # References are letters, digits and hyphens only: nothing to escape in LIKE.
        return " OR item.value LIKE %s", [f"{self.or_prefix}%"]

    # Only the compiled column and fixed text are formatted into the SQL below; the key,
    # the value and the prefix are parameters.

    def as_sqlite(self, compiler: Any, connection: Any) -> Any:
        column, params = compiler.compile(self.column)
        path = f"$.{self.key}"
        prefix, prefix_params = self._prefix()
        match, match_params = self._match(compiler, self.value)
        sql = (
            f"(json_type({column}, %s) = 'array' AND EXISTS (SELECT 1 FROM "  # noqa: S608
            f"json_each({column}, %s) AS item WHERE item.value {match}{prefix}))"
        )
        return sql, (*params, path, *params, path, *match_params, *prefix_params)

    def as_postgresql(self, compiler: Any, connection: Any) -> Any:
        column, params = compiler.compile(self.column)
        if not self.or_prefix and self.subquery is None:
            # Containment: {"people": [2]} is in {"people": [1, 2], "query": ...}.
            return f"({column} @> %s::jsonb)", (*params, json.dumps({self.key: [self.value]}))
        prefix, prefix_params = self._prefix()
        match, match_params = self._match(compiler, str(self.value))
        items = f"({column} -> %s)"
        # CASE, not AND: PostgreSQL may run the subquery before testing the type, and
        # jsonb_array_elements_text refuses anything but an array (NULL gives no rows).
        sql = (
            "EXISTS (SELECT 1 FROM jsonb_array_elements_text(CASE WHEN "  # noqa: S608
            f"jsonb_typeof({items}) = 'array' THEN {items} END) AS item(value) "
            f"WHERE item.value {match}{prefix})"
        )
        return sql, (*params, self.key, *params, self.key, *match_params, *prefix_params)


def mentioning(mention: Mention) -> Q:
    """The events whose details name the person or the record, and (through the
    registered ``RecordSource``) the events about the records about the person, or about
    any version of the record."""
    source = _source
    if mention.person_id is not None:
        person_id = mention.person_id
        about_them = Q(object_type=PERSON_OBJECT_TYPE, object_id=str(person_id))
        found = Q(ListHolds("people", person_id)) | about_them
        if source is not None:
            found |= Q(object_type=source.object_type, object_id__in=source.ids_about(person_id))
            found |= Q(ListHolds("records", source.labels_about(person_id)))
        return found
    reference = mention.reference
    if mention.version is None:
        listed = ListHolds("records", reference, or_prefix=f"{reference} (version ")
        found = Q(listed) | Q(data__reference=reference)
    else:
        label = record_label(reference, mention.version)
        found = Q(ListHolds("records", label)) | Q(
            data__reference=reference, data__version=mention.version
        )
    if source is not None:
        versions = source.version_ids(reference, mention.version)
        found |= Q(object_type=source.object_type, object_id__in=versions)
    return found
