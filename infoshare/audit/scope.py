"""Which audit events an auditor may read: those of their own partnerships.

An auditor (product.md, "People who use it") reads the audit trail of the partnerships
where they hold the auditor role, and nothing of any other partnership:

- events about an organisation of those partnerships, whoever caused them;
- events about no organisation (signing in and out, API tokens, partnership-wide changes)
  caused by a person who has (or had) a role in those partnerships;
- failed sign-ins (no actor, the attempted email address as its label) with the email
  address of such a person.

The audit app sits below the partnerships app (docs/architecture.md, layers), so it names
organisations and people by id only; the partnerships app answers "which organisations and
people belong to these partnerships" through a source it registers at start-up. Without
one, nobody sees any event (deny by default)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from django.db.models import Q

from infoshare.core.access import memberships_of
from infoshare.core.roles import Role


class ScopeSource(Protocol):
    """Subqueries (``values()`` of one column) for the given partnership ids."""

    def organisation_ids(self, partnership_ids: list[int]) -> Any:
        """The ids of the organisations of those partnerships."""
        ...

    def member_ids(self, partnership_ids: list[int]) -> Any:
        """The ids of the people who have or had a role in those partnerships."""
        ...

    def member_emails(self, partnership_ids: list[int]) -> Any:
        """The email addresses of those people."""
        ...

    def organisation_names(self, partnership_ids: list[int]) -> list[tuple[int, str, str]]:
        """(id, name, partnership's name) of the organisations of those partnerships, in
        one query (the audit trail's organisation filter offers them by name)."""
        ...


_source: ScopeSource | None = None


def set_source(source: ScopeSource | None) -> None:
    global _source
    _source = source


def audited_partnerships(user: object) -> list[int]:
    """The partnerships where ``user`` holds the auditor role today (no query: the roles
    are read once per request by the access registry)."""
    return sorted({p for role, _org, p in memberships_of(user) if role == Role.AUDITOR})


def organisations_named(partnership_ids: Iterable[int]) -> list[tuple[int, str, str]]:
    """The organisations of those partnerships, as the source names them; none without a
    source (deny by default)."""
    ids = sorted(set(partnership_ids))
    if _source is None or not ids:
        return []
    return _source.organisation_names(ids)


def events_filter(partnership_ids: Iterable[int]) -> Q | None:
    """The condition on ``AuditEvent`` for those partnerships, or None for nothing."""
    ids = sorted(set(partnership_ids))
    if _source is None or not ids:
        return None
    no_organisation = Q(organisation_id__isnull=True)
    return (
        Q(organisation_id__in=_source.organisation_ids(ids))
        | (no_organisation & Q(actor_id__in=_source.member_ids(ids)))
        | (no_organisation & Q(actor_id__isnull=True, actor_label__in=_source.member_emails(ids)))
    )
