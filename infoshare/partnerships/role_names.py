"""A role's name as it reads in the middle of a sentence: "Remove Ada Okafor's role as
information sharing advisor?", "Nia Brown is now practitioner at Riverside Council". The
role's label (``Role.label``, "Information sharing advisor") stays as it is where it
starts a table cell, a list item or a summary value, and in the choices of a form."""

from __future__ import annotations

from infoshare.core.roles import Role


def role_in_sentence(role: object) -> str:
    """The name of ``role`` (its value, "advisor", or a ``Role``) in lower case, as GOV.UK
    style writes a job title in a sentence. A first word in capitals (an acronym) is kept."""
    value = str(role.value) if isinstance(role, Role) else str(role)
    label = str(Role(value).label) if value in Role.values else value
    first, space, rest = label.partition(" ")
    if not (first.isupper() and len(first) > 1):
        first = first.lower()
    return f"{first}{space}{rest}"
