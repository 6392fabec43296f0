"""Characters and markup no one means to type: shared by every check of free text."""

from __future__ import annotations

import re

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

#: C0 controls and DEL, and the invisible overrides of text direction (U+202A-U+202E,
#: U+2066-U+2069), which can make a record read differently from what it holds; the
#: marks that right-to-left writing needs (U+200E, U+200F) are allowed.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
#: Half of a UTF-16 pair with no other half: JSON's "\ud800" escape can carry one, but no
#: database can store it.
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
#: Names of HTML elements a tag with nothing else in it may have ("<b>", "<br/>").
_ELEMENTS = (
    "a|abbr|address|area|article|aside|audio|b|base|bdi|bdo|blockquote|body|br|button|"
    "canvas|caption|cite|code|col|colgroup|data|datalist|dd|del|details|dfn|dialog|div|dl|"
    "dt|em|embed|fieldset|figcaption|figure|font|footer|form|frame|frameset|h[1-6]|head|"
    "header|hr|html|i|iframe|img|input|ins|kbd|label|legend|li|link|main|map|mark|marquee|"
    "math|menu|meta|meter|nav|noscript|object|ol|optgroup|option|output|p|param|picture|"
    "pre|progress|q|s|samp|script|section|select|slot|small|source|span|strong|style|sub|"
    "summary|sup|svg|table|tbody|td|template|textarea|tfoot|th|thead|time|title|tr|track|"
    "u|ul|var|video|wbr|xmp"
)
#: HTML (or XML) markup: free text is plain text. Refused: comments, declarations and
#: processing instructions; closing tags; a known element's bare tag; an element no one
#: writes in prose (script, iframe, img, ...); and any tag with an attribute ("<x y=z>").
#: Angle brackets used as such are not markup: "a score of <3", "2 < 3", and words quoted
#: in angle brackets, as a practitioner may write what was said ("Mum said <dad hit him>").
HTML_TAG = re.compile(
    r"<!--|<!\[CDATA\[|<![a-z]|<\?[a-z]"
    r"|<\s*/\s*[a-z][\w:-]*\s*>"
    rf"|<\s*(?:{_ELEMENTS})\s*/?\s*>"
    r"|<\s*(?:script|style|iframe|embed|img|svg|marquee|noscript|xmp|applet|frameset)\b"
    r"|<\s*[a-z][\w:-]*\s[^<>]*?[\w:-]\s*=[^>]*>",
    re.IGNORECASE,
)
#: What breaks a line (or tabs across one): kept in a multi-line answer, refused in a
#: one-line answer (a title, a name).
LINE_BREAKS = re.compile(r"[\t\n\r\x85\u2028\u2029]")


def control_problem(value: str, *, label: str, one_line: bool = False) -> str | None:
    """Why ``value`` cannot be kept for the field called ``label``, or None when it can: no
    control characters, and for a one-line answer no line breaks or tabs either. Services
    apply it (so an API refuses it too, naming the field); forms apply it through
    ``plain_text`` to show every problem at once."""
    if one_line and (CONTROL_CHARACTERS.search(value) or LINE_BREAKS.search(value)):
        return f"{label} must be a single line, without line breaks, tabs or control characters"
    if CONTROL_CHARACTERS.search(value):
        return f"{label} must not contain control characters"
    return None


def line_problem(value: str, *, missing: str, label: str, max_length: int) -> str | None:
    """Why a required one-line answer (a name) cannot be kept, or None: ``missing`` when it
    is empty, then its length, then ``control_problem``."""
    if not value:
        return missing
    if len(value) > max_length:
        return f"{label} must be {max_length} characters or fewer"
    return control_problem(value, label=label, one_line=True)


def plain_text(field: forms.CharField, label: str, *, one_line: bool = False) -> forms.CharField:
    """``field``, refusing what ``control_problem`` refuses with the same message, in place
    of Django's own null-character check (which it covers)."""

    def validate(value: str) -> None:
        problem = control_problem(value, label=label, one_line=one_line)
        if problem:
            raise forms.ValidationError(problem, code="control_characters")

    field.validators = [
        validator
        for validator in field.validators
        if not isinstance(validator, ProhibitNullCharactersValidator)
    ] + [validate]
    return field
