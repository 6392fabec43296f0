"""A link from an advice request back to the decision it was asked from.

Advice sits below decisions and never imports it: the decisions app registers the function
that says where the asker's decision is (``DecisionsConfig.ready``), as the partnerships
app registers where roles come from (``core.access.set_role_source``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DecisionLink:
    url: str
    is_draft: bool


#: (the user, the decision's id) -> where their own decision is, or None.
Finder = Callable[[Any, int], DecisionLink | None]
_finder: Finder | None = None


def set_decision_finder(finder: Finder) -> None:
    global _finder
    _finder = finder


def decision_link(user: Any, asked_by_id: int, decision_id: int | None) -> DecisionLink | None:
    """Only for the asker: to whoever answers, a link from an anonymous question to the
    record, which names the person, would undo the anonymity."""
    if decision_id is None or _finder is None or getattr(user, "pk", None) != asked_by_id:
        return None
    return _finder(user, decision_id)
