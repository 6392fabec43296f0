"""Characters and markup no one means to type: shared by every check of free text."""

from __future__ import annotations

import re

#: C0 controls and DEL, and the invisible overrides of text direction (U+202A-U+202E,
#: U+2066-U+2069), which can make a record read differently from what it holds; the
#: marks that right-to-left writing needs (U+200E, U+200F) are allowed.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
#: Half of a UTF-16 pair with no other half: JSON's "\ud800" escape can carry one, but no
#: database can store it.
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
#: An HTML (or XML) tag, comment or declaration: free text is plain text. Angle brackets
#: used as such ("a score of <3", "2 < 3") are not tags.
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>")
