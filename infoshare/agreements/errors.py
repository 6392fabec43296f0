"""Error codes and the messages people see. Tests import these constants."""

from __future__ import annotations

from infoshare.core.errors import DomainError


class NotAllowed(DomainError):
    """The person may read the agreement but not do this to it (a 403 in the API)."""

    status = 403

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__("forbidden", message, field=field)


class NotSignatory(NotAllowed):
    """Only the named signatory signs for a party."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.code = "not_signatory"


TITLE_ONE_LINE = "Title must be a single line, without line breaks, tabs or control characters"
NOT_A_DRAFT = "Only a draft agreement can be changed. Start a new version instead"
NEED_TWO_PARTIES = "Add at least two parties before sending the agreement for signature"
NEED_SIGNATORIES = "Name a signatory for every party before sending for signature: {names}"
NOT_AWAITING = "This agreement is not awaiting signatures"
NOT_YOUR_SIGNATURE = "Only the named signatory can sign for {party}"
ALREADY_SIGNED = "{party} has already signed"
NOTHING_TO_SIGN = "You are not the named signatory of any party still to sign"
REFUSAL_REASON_REQUIRED = "Enter why you are not signing"
NOT_ALLOWED = "You cannot manage this agreement"
CANNOT_CREATE_FOR = (
    "You can only create agreements for an organisation where you are a senior lead or advisor"
)
NEW_VERSION_ONLY_WHEN_IN_FORCE = "A new version can only be started from an active agreement"
NEW_VERSION_EXISTS = "A new version of this agreement is already being prepared: version {version}"
ALREADY_FINISHED = "This agreement is already {status}"
WITHDRAWAL_REASON_REQUIRED = "Enter why the agreement is being withdrawn"
PARTY_ORG_OR_EXTERNAL = "Choose an organisation or enter the name of an external party, not both"
PARTY_NEEDS_ONE = "Choose an organisation or enter the name of an external party"
PARTY_EXISTS = "{name} is already a party to this agreement"
PARTY_ORG_NOT_IN_PARTNERSHIP = "Choose an organisation of this partnership"
SIGNATORY_NOT_ELIGIBLE = (
    "The signatory must be a senior lead or information sharing advisor of {organisation}"
)
SIGNATORY_REQUIRED = "Choose who signs for {party}"
NOBODY_CAN_SIGN = (
    "Nobody at {organisation} can sign yet: it has no senior lead or information sharing "
    "advisor in Infoshare"
)
NAME_A_SIGNATORY = "Name a signatory for {party}"
ADD_PARTIES = "Add a party: an agreement needs at least two"
#: Why a page cannot be used for an agreement in its present state (checked on GET too,
#: so that nobody types into a form the service would then refuse).
IN_FORCE_NOT_CHANGED = (
    "This agreement is in force, so it cannot be changed. Start a new version to change it"
)
AWAITING_NOT_CHANGED = (
    "This agreement is awaiting signatures, so it cannot be changed. If a signatory does "
    "not sign, it goes back to draft and can be changed then"
)
FINISHED_NOT_CHANGED = "This agreement is {status}, so it cannot be changed"
EXTERNAL_SIGNATORY_REQUIRED = "Enter the name of the person who signs for the external party"
EXTERNAL_NO_USER_SIGNATORY = "An external party's signatory is named, not chosen from staff"
ENDS_BEFORE_START = "The end date must be on or after the start date"
REVIEW_BEFORE_START = "The review date must be on or after the start date"
UNKNOWN_LAWFUL_BASIS = "Unknown lawful basis: {code}"
FILE_TYPE = "The selected file must be a PDF, DOCX or ODT"
FILE_TOO_BIG = "The selected file must be smaller than 10 MB"
FILE_EMPTY = "The selected file is empty"
FILE_CONTENT_MISMATCH = (
    "The selected file is not a real {kind} file. Save it again as {kind} and upload that"
)
FILE_REQUIRED = "Select a file"
KEY_REUSED = (
    "This Idempotency-Key was used before for a different request. Send a new key for a "
    "new draft, or the same request to get the draft the key made."
)
