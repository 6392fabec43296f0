"""Database functions Django 5.2 does not offer for every database we run on."""

from __future__ import annotations

from typing import Any

from django.db.models import Aggregate, TextField, Value


class JoinedText(Aggregate):
    """The group's values joined into one text with ``separator`` between them:
    ``GROUP_CONCAT`` on SQLite, ``STRING_AGG`` on PostgreSQL. The order within the group
    is not defined; sort after splitting when it matters."""

    function = "GROUP_CONCAT"
    output_field = TextField()

    def __init__(self, expression: Any, separator: str, **extra: Any) -> None:
        super().__init__(expression, Value(separator), **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self.as_sql(compiler, connection, function="STRING_AGG", **extra_context)
