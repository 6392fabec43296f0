"""Every write to decisions and people (see each module)."""

from infoshare.decisions.services.drafts import (
    add_new_person,
    answer_urgent_start,
    author_has_left,
    delete_leavers_draft,
    discard_draft,
    may_delete_leavers_draft,
    next_reference,
    set_people,
    start_draft,
    update_draft,
)
from infoshare.decisions.services.people import create_person
from infoshare.decisions.services.records import (
    amend_decision,
    change_amendment_reason,
    countersign_decision,
    finalise_decision,
    finalise_problems,
    may_amend,
    withdraw_amendment,
)
from infoshare.decisions.services.set_aside import prune_answers

__all__ = [
    "add_new_person",
    "amend_decision",
    "answer_urgent_start",
    "author_has_left",
    "change_amendment_reason",
    "countersign_decision",
    "create_person",
    "delete_leavers_draft",
    "discard_draft",
    "finalise_decision",
    "finalise_problems",
    "may_amend",
    "may_delete_leavers_draft",
    "next_reference",
    "prune_answers",
    "set_people",
    "start_draft",
    "update_draft",
    "withdraw_amendment",
]
