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

from django.apps import apps

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


def object_type_label(object_type: str) -> str:
    """A model label ("decisions.SharingDecision") as read: "Sharing decision
    (decisions.SharingDecision)"; an unknown one as it is stored. (The app registry is
    asked by name: the audit app imports no other app.)"""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    name = str(model._meta.verbose_name)
    return f"{name[:1].upper()}{name[1:]} ({object_type})"


def object_type_choices(object_types: Iterable[str]) -> list[tuple[str, str]]:
    """(value, label) pairs for the object types in use, by label."""
    pairs = {(value, object_type_label(value)) for value in object_types if value}
    return sorted(pairs, key=lambda c: c[1].lower())
