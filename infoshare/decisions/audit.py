from enum import StrEnum


class Action(StrEnum):
    PERSON_ADDED = "decisions.person_added"
    #: A person's details corrected: before and after of each field changed, and why.
    PERSON_CORRECTED = "decisions.person_corrected"
    #: A person added by mistake removed from the register: what was removed, and why.
    PERSON_REMOVED = "decisions.person_removed"
    VIEWED_PERSON = "decisions.viewed_person"
    #: A search (or a duplicate check) showed people: who was shown, and the terms.
    SEARCHED_PEOPLE = "decisions.searched_people"
    DRAFT_STARTED = "decisions.draft_started"
    DRAFT_UPDATED = "decisions.draft_updated"
    DRAFT_DISCARDED = "decisions.draft_discarded"
    FINALISED = "decisions.finalised"
    AMENDED = "decisions.amended"
    AMENDMENT_REASON_CHANGED = "decisions.amendment_reason_changed"
    #: Someone else's amendment in progress deleted: by a manager, or because its author
    #: left when another amendment was started.
    AMENDMENT_WITHDRAWN = "decisions.amendment_withdrawn"
    #: A draft whose author has left, deleted by a manager of its organisation.
    LEAVERS_DRAFT_DELETED = "decisions.leavers_draft_deleted"
    SUPERSEDED = "decisions.superseded"
    COUNTERSIGNED = "decisions.countersigned"
    VIEWED_DECISION = "decisions.viewed_decision"
    LISTED_DECISIONS = "decisions.listed_decisions"
    REMINDER_SENT = "decisions.reminder_sent"
    EXPORTED = "decisions.exported"
