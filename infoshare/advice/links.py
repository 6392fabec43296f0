"""A link from an advice request back to the decision it was asked from, and whether the
asker may ask about that decision at all.

Advice sits below decisions and never imports it: the decisions app registers the functions
that say where the asker's decision is and who may see it (``DecisionsConfig.ready``), as
the partnerships app registers where roles come from (``core.access.set_role_source``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DecisionLink:
    url: str
    is_draft: bool
    #: A draft that says a child may be at risk of significant harm: the advice pages show
    #: the safeguarding banner, and a new question is marked urgent to begin with.
    urgent: bool = False


#: (the user, the decision's id) -> where their own decision is, or None.
Finder = Callable[[Any, int], DecisionLink | None]
_finder: Finder | None = None
#: (the user, the decision's id) -> whether the user may see that decision.
Visibility = Callable[[Any, int], bool]
_visibility: Visibility | None = None


def set_decision_finder(finder: Finder) -> None:
    global _finder
    _finder = finder


def set_decision_visibility(check: Visibility) -> None:
    global _visibility
    _visibility = check


def may_see_decision(user: Any, decision_id: int) -> bool:
    """Deny by default: with no check registered, no decision may be asked about."""
    return _visibility is not None and _visibility(user, decision_id)


def decision_link(user: Any, asked_by_id: int, decision_id: int | None) -> DecisionLink | None:
    """Only for the asker: to whoever answers, a link from an anonymous question to the
    record, which names the person, would undo the anonymity."""
    if decision_id is None or _finder is None or getattr(user, "pk", None) != asked_by_id:
        return None
    return _finder(user, decision_id)
