"""Domain error codes and the messages tests import."""

from __future__ import annotations

NOT_A_DRAFT = "not_a_draft"
NOT_A_DRAFT_MESSAGE = "This record has been finalised. To correct it, amend it with a reason."
NOT_FINAL = "not_final"
NOT_FINAL_MESSAGE = "Only the current final version of a record can be amended."
NO_ORGANISATION = "no_organisation"
NO_ORGANISATION_MESSAGE = "You need a role in an organisation to record a decision."
DUPLICATE_PERSON = "possible_duplicate"
DUPLICATE_PERSON_MESSAGE = (
    "This person may already be recorded. Choose them from the list, or confirm that this "
    "is a different person."
)
COUNTERSIGN_NOT_ALLOWED = "countersign_not_allowed"
COUNTERSIGN_NOT_ALLOWED_MESSAGE = "You cannot countersign this record."
ALREADY_COUNTERSIGNED = "already_countersigned"
ALREADY_COUNTERSIGNED_MESSAGE = "This record has already been countersigned."
#: A person added to a draft whom a colleague removed from the register meanwhile.
PERSON_JUST_REMOVED_MESSAGE = (
    "This person has just been removed from the register, so they cannot be added. Search "
    "again, or add them as a new person if they should be recorded."
)
IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
IDEMPOTENCY_KEY_REUSED_MESSAGE = (
    "This Idempotency-Key was used before for a different request. Send a new key for a "
    "new draft, or the same request to get the draft the key made."
)
#: "Another way" of sharing needs saying how (page and API alike).
OTHER_METHOD_MISSING = "Describe the other way you shared the information"

AMENDMENT_IN_PROGRESS = "amendment_in_progress"
AMENDMENT_IN_PROGRESS_MESSAGE = "An amendment of this record is already in progress"
NO_AMENDMENT_IN_PROGRESS = "no_amendment_in_progress"
NO_AMENDMENT_IN_PROGRESS_MESSAGE = (
    "Nobody else's amendment of this record is in progress now: it may have been finalised "
    "or deleted"
)
AUTHOR_STILL_RECORDS = "author_still_records"
AUTHOR_STILL_RECORDS_MESSAGE = (
    "The author of this draft still records for your organisation: they can finish it or "
    "delete it themselves"
)
