"""Error codes and the messages people see (tests import these constants)."""

from __future__ import annotations

from enum import StrEnum

from infoshare.advice.models import (
    IDEMPOTENCY_KEY_MAX_LENGTH,
    PERSON_DESCRIPTION_MAX_LENGTH,
    QUESTION_MAX_LENGTH,
    REPLY_MAX_LENGTH,
)


class Code(StrEnum):
    NO_ORGANISATION = "advice_no_organisation"
    CLOSED = "advice_closed"
    NOT_ALLOWED = "advice_not_allowed"
    NOT_ANSWERED = "advice_not_answered"
    #: The draft a question was to be kept with was finalised before it was sent.
    DECISION_FINALISED = "advice_decision_finalised"
    #: As the decisions and agreements APIs name it.
    KEY_REUSED = "idempotency_key_reused"


QUESTION_MISSING = "Enter your question"
QUESTION_TOO_LONG = f"Your question must be {QUESTION_MAX_LENGTH:,} characters or fewer"
QUESTION_CONTROL = "Your question must not contain control characters"
QUESTION_HTML = "Your question must be plain text without HTML tags"
REPLY_MISSING = "Enter your reply"
REPLY_TOO_LONG = f"Your reply must be {REPLY_MAX_LENGTH:,} characters or fewer"
REPLY_CONTROL = "Your reply must not contain control characters"
REPLY_HTML = "Your reply must be plain text without HTML tags"
DESCRIPTION_MISSING = "Describe the person briefly, or choose not to name them"
DESCRIPTION_TOO_LONG = (
    f"The description of the person must be {PERSON_DESCRIPTION_MAX_LENGTH} characters or fewer"
)
DESCRIPTION_CONTROL = "The description of the person must not contain control characters"
DESCRIPTION_HTML = "The description of the person must be plain text without HTML tags"
NAME_PERSON_MISSING = "Select yes if you need to name the person"
ADDRESSED_TO_INVALID = "Select who should answer your question"
ADVISOR_MISSING = "Select the advisor who should answer your question"
ADVISOR_NOT_OFFERED = "Select an advisor from the list"
ADVISOR_NOT_ASKED = "Name an advisor only when a named advisor should answer your question"
#: Addressed to "my organisation" where nobody but the asker answers advice.
NOBODY_IN_ORGANISATION = (
    "Nobody else at {organisation} can answer advice requests in Infoshare. Select the "
    "information sharing advisors of the partnership, or a named advisor"
)
#: Nobody at all would read it: no advisor in the partnership, no manager at the organisation.
NOBODY_ANSWERS = (
    "Nobody can answer advice requests for {organisation} in Infoshare yet, so your "
    "question has not been sent. Ask your supervisor or manager, and ask your partnership "
    "administrator to give someone the information sharing advisor role. If a child may "
    "be at risk of significant harm, follow your local safeguarding procedures now"
)
ORGANISATION_MISSING = "Select the organisation you are asking for"
ORGANISATION_NOT_YOURS = "You can only ask for advice for an organisation you work in"
DECISION_INVALID = "The decision reference must be a whole number above zero"
DECISION_NOT_FOUND = "Decision not found"
DECISION_GONE = (
    "The decision you are asking about could not be found, so your question has not been "
    "sent. Send it again to ask without linking it to a decision"
)
#: Sent from a page that said the question is kept with the asker's draft, once that draft
#: has been finalised (in another tab, say): a final record never changes.
DECISION_FINALISED = (
    "Your decision has been finalised since you opened this page, so your question would "
    "not be kept with its record, and it has not been sent. Send it again to ask it anyway. "
    "To add advice to a final record, amend the record"
)
ALREADY_CLOSED = "This advice request is closed. Ask a new question instead"
KEY_TOO_LONG = f"The idempotency key must be {IDEMPOTENCY_KEY_MAX_LENGTH} characters or fewer"
#: The API's Idempotency-Key sent again with something else (as the decisions API says it).
KEY_REUSED = (
    "This Idempotency-Key was used before for a different request. Send a new key for a "
    "new question or reply, or the same request to get the one the key made."
)
REPLY_CLOSED = "This advice request has been closed, so you can no longer reply to it"


def closed_message(*, is_asker: bool) -> str:
    """Why a closed request takes no reply, worded for the asker or for whoever answers."""
    return ALREADY_CLOSED if is_asker else REPLY_CLOSED


CANNOT_REPLY = "You cannot reply to this advice request"
CANNOT_CLOSE = "Only the person who asked, or someone who answers it, can close this advice request"
REFERENCE_INVALID = "Enter a reference like ADV-000123"
#: For someone who answers it, closing a request already closed (the asker: ALREADY_CLOSED).
CLOSED_BEFORE = "This advice request has already been closed"
#: Someone who answers a request closes it only once it has their side's reply: the reply
#: tells the asker why (the asker may close their own at any time).
CLOSE_UNANSWERED = (
    "Reply to this advice request before you close it: your reply tells the person who asked why"
)
#: Beside the close form's place, on the page of a request not yet answered.
REPLY_BEFORE_CLOSING = "Reply first: your reply tells them why. You can close it after that."
