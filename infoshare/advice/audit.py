"""Audit action names of the advice app."""

from enum import StrEnum


class Action(StrEnum):
    REQUESTED = "advice.requested"
    REPLIED = "advice.replied"
    CLOSED = "advice.closed"
    #: A request that names the person was shown (its page, or the API's detail).
    VIEWED_REQUEST = "advice.viewed_request"
    #: A list showed requests that name the person: which ones, by id.
    LISTED_REQUESTS = "advice.listed_requests"
