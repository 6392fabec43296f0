"""Readable names for audit actions and for the types of the objects events are about.

Each app registers its ``audit.Action`` enum from its ``AppConfig.ready``::

    from infoshare.audit import labels
    labels.register(Action)

A member's label is its ``label`` attribute when it has one (Django ``TextChoices``),
otherwise its name in sentence case (``TOKEN_CREATED`` -> "Token created"), prefixed
by the app part of the value ("accounts"). An action nobody registered is shown as
its raw value, so the audit trail never hides an event for want of a label."""

from __future__ import annotations

import re
from collections import Counter
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


#: What a person calls an object type where the model's own name would not do
#: (lower case keys: a type is matched whatever its case, "decisions.sharingdecision"
#: as "decisions.SharingDecision"). Every other model of the project reads as its
#: ``verbose_name`` ("partnerships.StaffImport" -> "Staff import").
_OBJECT_TYPE_NAMES: dict[str, str] = {
    "accounts.user": "User account",
    "accounts.apitoken": "API token",
    "decisions.person": "Person",
    "decisions.sharingdecision": "Decision record",
}

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+")


def _sentence(words: str) -> str:
    return f"{words[:1].upper()}{words[1:]}"


def _words_of(class_name: str) -> str:
    """ "StaffImport" -> "Staff import", "APIToken" -> "API token"."""
    parts = _WORD.findall(class_name)
    text = " ".join(part if part.isupper() and len(part) > 1 else part.lower() for part in parts)
    return _sentence(text)


def object_type_label(object_type: str) -> str:
    """A stored object type (a model label, "decisions.SharingDecision") as a person
    reads it: "Decision record". A model the project no longer has reads as the words of
    its class name ("someapp.OldThing" -> "Old thing"); anything else as it is stored, so
    that the trail never hides an event for want of a label. (The app registry is asked
    by name: the audit app imports no other app.)"""
    named = _OBJECT_TYPE_NAMES.get(object_type.lower())
    if named:
        return named
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        model = None
    if model is not None:
        named = _OBJECT_TYPE_NAMES.get(model._meta.label_lower)
        return named or _sentence(str(model._meta.verbose_name))
    app, dot, class_name = object_type.partition(".")
    if dot and _IDENTIFIER.fullmatch(app) and _IDENTIFIER.fullmatch(class_name):
        return _words_of(class_name) or object_type
    return object_type


def object_type_choices(object_types: Iterable[str]) -> list[tuple[str, str]]:
    """(value, label) pairs for the object types in use, by label. Should two types read
    the same (an old and a new spelling, two unknown apps' "Thing"), each is followed by
    its stored value, so that every option can be told apart."""
    values = sorted({value for value in object_types if value})
    shown = {value: object_type_label(value) for value in values}
    counts = Counter(shown.values())
    pairs = [
        (value, label if counts[label] == 1 else f"{label} ({value})")
        for value, label in shown.items()
    ]
    return sorted(pairs, key=lambda c: (c[1].casefold(), c[0]))
