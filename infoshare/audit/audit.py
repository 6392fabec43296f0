from enum import StrEnum


class Action(StrEnum):
    EXPORTED = "audit.exported"
    #: A signed-in person asked for an object (a record, a person, a request...) by its id
    #: and was refused or told it does not exist: "not yours" and "missing" look the same
    #: to them (404), but an auditor can see someone walking through ids.
    ACCESS_REFUSED = "audit.access_refused"
    #: The refusal after ``refusals.LIMIT`` in a window: the person's refusals are no
    #: longer recorded one by one until the window ends (written once a window).
    ACCESS_REFUSALS_CAPPED = "audit.access_refusals_capped"
