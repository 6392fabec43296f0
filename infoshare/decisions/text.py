"""Checks for text people type: length limits, control characters and markup.

Free text is stored as typed and always escaped when shown; these checks give a clear
message for input that cannot be meant (control characters, HTML tags, over-long text).
"""

from __future__ import annotations

import re
import unicodedata

from infoshare.core.text import CONTROL_CHARACTERS, HTML_TAG, LINE_BREAKS, LONE_SURROGATE

NAME_PATTERN = re.compile(r"^[^\W\d_]+(?:[ '\u2019.-][^\W\d_]*)*$")
#: Format characters a one-line answer (a name, who received the information) may hold:
#: the joiners some scripts and emoji need (U+200C, U+200D) and the marks of text
#: direction right-to-left writing needs (U+061C, U+200E, U+200F). Every other one
#: (zero-width space, byte-order mark, soft hyphen, ...) only hides what a line says.
_ONE_LINE_FORMATS = frozenset("\u061c\u200c\u200d\u200e\u200f")


def has_visible(value: str) -> bool:
    """Whether ``value`` holds anything that shows: not only spaces, line breaks and
    invisible characters (a zero-width space, a byte-order mark)."""
    return any(unicodedata.category(ch)[0] not in "ZC" for ch in value)


def _hidden_format(value: str) -> bool:
    return any(unicodedata.category(ch) == "Cf" and ch not in _ONE_LINE_FORMATS for ch in value)


def text_problem(
    value: object, *, label: str, max_length: int, multiline: bool = True, required: bool = False
) -> str | None:
    """Why `value` cannot be accepted for a field called `label`, or None when it can."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        return f"{label} must be text"
    if len(value) > max_length:
        return f"{label} must be {max_length:,} characters or fewer"
    if LONE_SURROGATE.search(value):
        return f"{label} must be valid Unicode text"
    if CONTROL_CHARACTERS.search(value) or (
        not multiline and (LINE_BREAKS.search(value) or _hidden_format(value))
    ):
        return f"{label} must not contain control characters"
    if HTML_TAG.search(value):
        return f"{label} must be plain text without HTML tags"
    if required and not has_visible(value):
        return f"Enter {label[0].lower()}{label[1:]}"
    if value.strip() and not has_visible(value):
        # Only invisible characters: it would read as empty on the record.
        return f"{label} must include some visible text"
    return None


def name_problem(value: object, *, label: str, max_length: int) -> str | None:
    """Names: letters with spaces, hyphens, apostrophes and full stops between them."""
    problem = text_problem(
        value, label=label, max_length=max_length, multiline=False, required=True
    )
    if problem:
        return problem
    assert isinstance(value, str)  # noqa: S101 - text_problem checked it
    if not NAME_PATTERN.match(value.strip()):
        return f"{label} must only include letters, spaces, hyphens, apostrophes and full stops"
    return None
