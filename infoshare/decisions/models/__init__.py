"""Decision records and the people they are about."""

from infoshare.decisions.models.decision import (
    Direction,
    Method,
    Outcome,
    ReferenceSequence,
    SharingDecision,
    Status,
    Told,
)
from infoshare.decisions.models.person import Person, RoleInCase

__all__ = [
    "Direction",
    "Method",
    "Outcome",
    "Person",
    "ReferenceSequence",
    "RoleInCase",
    "SharingDecision",
    "Status",
    "Told",
]
