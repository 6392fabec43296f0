from enum import StrEnum


class Action(StrEnum):
    EXPORTED = "audit.exported"
