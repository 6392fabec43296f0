"""The names of the people a decision record is about, as one column of a list query.

A correlated subquery joins the names in the database (``GROUP_CONCAT`` on SQLite,
``STRING_AGG`` on PostgreSQL), so a page of a list is read in one query. It is written as
SQL rather than built from ORM expressions: compiling the equivalent ``Subquery`` took
about 2 ms a page, more than the query itself (bench/decisions.py). Table and column names
come from the models' metadata; the separators are parameters.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Expression, TextField

from infoshare.decisions.models import Person, SharingDecision

#: Names cannot hold control characters (decisions.text), so these separate them safely.
NAME_PART = "\x1f"
NEXT_NAME = "\x1e"


class PeopleNames(Expression):
    """``family NAME_PART given`` for each person, joined with ``NEXT_NAME``, in no
    particular order (``split_names`` sorts them); NULL for a record about nobody."""

    output_field = TextField()

    def as_sql(self, compiler: Any, connection: Any, function: str = "GROUP_CONCAT") -> Any:
        quote = connection.ops.quote_name
        link = SharingDecision.people.through._meta
        person = Person._meta
        outer = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        # Only names from the models' metadata are formatted in; values are parameters.
        family, given = quote("family_name"), quote("given_name")
        sql = (
            f"(SELECT {function}(p.{family} || %s || p.{given}, %s) "  # noqa: S608
            f"FROM {quote(link.db_table)} l JOIN {quote(person.db_table)} p "
            f"ON p.{quote('id')} = l.{quote('person_id')} "
            f"WHERE l.{quote('sharingdecision_id')} = {outer}.{quote('id')})"
        )
        return sql, (NAME_PART, NEXT_NAME)

    def as_postgresql(self, compiler: Any, connection: Any) -> Any:
        return self.as_sql(compiler, connection, function="STRING_AGG")


def split_names(joined: str | None) -> tuple[str, ...]:
    """'Given Family' for each person, sorted by family name then given name."""
    pairs = sorted(name.split(NAME_PART) for name in (joined or "").split(NEXT_NAME) if name)
    return tuple(f"{given} {family}" for family, given in pairs)
