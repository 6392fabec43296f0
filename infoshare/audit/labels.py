"""Readable names for audit actions.

Each app registers its ``audit.Action`` enum from its ``AppConfig.ready``::

    from infoshare.audit import labels
    labels.register(Action)

A member's label is its ``label`` attribute when it has one (Django ``TextChoices``),
otherwise its name in sentence case (``TOKEN_CREATED`` -> "Token created"), prefixed
by the app part of the value ("accounts"). An action nobody registered is shown as
its raw value, so the audit trail never hides an event for want of a label."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

_labels: dict[str, str] = {}


def _label_of(member: Enum) -> str:
    explicit = getattr(member, "label", None)
    if isinstance(explicit, str) and explicit:
        return explicit
    text = member.name.replace("_", " ").lower().capitalize()
    app = str(member.value).split(".", 1)[0] if "." in str(member.value) else ""
    return f"{app.capitalize()}: {text.lower()}" if app else text


def register(enum_cls: type[Enum]) -> None:
    """Registers every member of a ``StrEnum`` of action names."""
    for member in enum_cls:
        _labels[str(member.value)] = _label_of(member)


def label_for(action: str) -> str:
    return _labels.get(action, action)


def known_actions() -> set[str]:
    return set(_labels)


def choices(actions: Iterable[str]) -> list[tuple[str, str]]:
    """(value, label) pairs for the given actions plus every registered one, by label."""
    values = set(actions) | set(_labels)
    return sorted(((value, label_for(value)) for value in values), key=lambda c: c[1].lower())
