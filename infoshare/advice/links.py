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
    #: The page of the draft the question is asked from, as the decisions app named it and
    #: found it to be one of the draft's pages (``url`` leads there); empty otherwise. The
    #: new-question page carries it on, so that the page after sending leads back there too.
    return_step: str = ""
    #: The asker's own record ("your decision"); else a record they may open, such as one
    #: of a colleague's or one shared with their organisation ("the record").
    own: bool = True


#: The longest page name a link back to a decision carries (longer is never one).
RETURN_STEP_MAX = 100

#: (the user, the decision's id, the page of it asked from or "") -> where the decision
#: is, for them: their own, or one they may open; None if neither.
Finder = Callable[[Any, int, str], DecisionLink | None]
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


def decision_link(
    user: Any, asked_by_id: int, decision_id: int | None, return_step: str = ""
) -> DecisionLink | None:
    """Only for the asker, and only to a record they may open (the decisions app says
    which): to whoever answers, a link from an anonymous question to the record, which
    names the person, would undo the anonymity. ``return_step`` names the page of a draft
    the question was asked from (the decisions app checks it, and leads there while it is
    one of the draft's pages; otherwise to where the draft left off)."""
    if decision_id is None or _finder is None or getattr(user, "pk", None) != asked_by_id:
        return None
    return _finder(user, decision_id, return_step[:RETURN_STEP_MAX])
