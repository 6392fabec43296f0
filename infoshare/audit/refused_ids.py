"""Objects refused by ids from a request's input (a form's field, a query string, an API
body) rather than its path: the code that refuses one marks the current request with
``mark_refused``, and ``audit.refusals`` writes the request's one ``audit.access_refused``
event with them (OWASP ASVS 7.2.2: every failed access decision is logged).

Kept apart from the middleware so that selectors and services can mark a refusal without
importing it: this module imports nothing of the project."""

from __future__ import annotations

import contextvars
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

#: What the current request's code refused, by kind: set for each request by the
#: middleware (``collecting``); None outside a request (a command, a task, a test's call).
_marked: contextvars.ContextVar[dict[str, set[int]] | None] = contextvars.ContextVar(
    "infoshare_refused_ids", default=None
)


def mark_refused(name: str, ids: Iterable[int]) -> None:
    """Marks the current request as refusing these objects, for its audit event.

    ``name`` is what a route would call the id: ``decision_id``, ``person_id``, ``org_id``.
    Call it where an object the person may not see, or one that does not exist, is refused
    (the two look the same to them, and to the trail, as in a path); never for a value that
    is not an id at all, which is a validation error. Outside a request it does nothing."""
    marked = _marked.get()
    if marked is not None:
        marked.setdefault(name, set()).update(ids)


@contextmanager
def collecting() -> Iterator[dict[str, set[int]]]:
    """Collects the refusals marked while the block runs (one request), by kind."""
    marked: dict[str, set[int]] = {}
    token = _marked.set(marked)
    try:
        yield marked
    finally:
        _marked.reset(token)


def as_event_ids(marked: dict[str, set[int]]) -> dict[str, int | list[int]]:
    """The marked ids as the event holds them: the id, or the ids in order when several
    of one kind were refused at once."""
    return {
        name: next(iter(ids)) if len(ids) == 1 else sorted(ids)
        for name, ids in sorted(marked.items())
        if ids
    }
