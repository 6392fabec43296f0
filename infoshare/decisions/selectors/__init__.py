"""Scoped reads (see each module). People are searched through
``people.search_people_for``, which audits the search; the unaudited building blocks
(``search_people``, ``similar_people``) are not exported here."""

from infoshare.decisions.selectors.decisions import (
    decisions_visible_to,
    drafts_of,
    get_decision_for,
    get_draft_for,
    record_decision_viewed,
    versions_of,
    view_decision_for,
    with_related,
)
from infoshare.decisions.selectors.people import (
    get_person_for,
    people_visible_to,
    view_person_for,
)

__all__ = [
    "decisions_visible_to",
    "drafts_of",
    "get_decision_for",
    "get_draft_for",
    "get_person_for",
    "people_visible_to",
    "record_decision_viewed",
    "versions_of",
    "view_decision_for",
    "view_person_for",
    "with_related",
]
