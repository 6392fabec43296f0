"""Checks for text people type: length limits, control characters and markup.

Free text is stored as typed and always escaped when shown; these checks give a clear
message for input that cannot be meant (control characters, HTML tags, over-long text).
"""

from __future__ import annotations

import re

from infoshare.core.text import CONTROL_CHARACTERS, HTML_TAG, LONE_SURROGATE

NAME_PATTERN = re.compile(r"^[^\W\d_]+(?:[ '\u2019.-][^\W\d_]*)*$")
LINE_BREAKS = re.compile(r"[\r\n\t]")


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
    if CONTROL_CHARACTERS.search(value) or (not multiline and LINE_BREAKS.search(value)):
        return f"{label} must not contain control characters"
    if HTML_TAG.search(value):
        return f"{label} must be plain text without HTML tags"
    if required and not value.strip():
        return f"Enter {label[0].lower()}{label[1:]}"
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
