"""Audit action names of the advice app."""

from enum import StrEnum


class Action(StrEnum):
    REQUESTED = "advice.requested"
    REPLIED = "advice.replied"
    CLOSED = "advice.closed"
