"""What a kept form's answers were called on the page the person typed them into, so
that the "You were signed out before this was saved" page (``core.resubmit``) shows them
as the person saw them: "What did you decide?  Shared in part", not "Outcome:
shared_in_part".

It needs nothing from the page's view or app: the page is drawn again, for the person now
signed in, by the view that owns its address (a GET, as opening the page would be), and
its forms are read as a browser would. Each field is named by its label (or, for radios,
checkboxes and a date's three boxes, the fieldset's legend) and each choice by its own
label or option text. Hidden fields and buttons are technical, never typed: they are left
out. Drawing the page changes nothing: its database work is rolled back, its messages
and any change to the session are thrown away, and its response is never sent.

When the page cannot be drawn (it has gone, or no longer opens), or a field is not on it
now, the field's name is shown in words, and its value only when it is free text: an id
or a code is never shown."""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.contrib.messages.storage import default_storage
from django.db import transaction
from django.http import HttpRequest, QueryDict
from django.utils.text import Truncator

logger = logging.getLogger(__name__)

TEXT = "text"
CHOICE = "choice"
#: A checkbox of its own ("This is urgent"): ticked or not.
TICK = "tick"
#: Hidden fields and buttons: never typed, never shown.
TECHNICAL = "technical"

#: The input types a person types into.
TYPED_INPUTS = {
    "text",
    "email",
    "number",
    "tel",
    "url",
    "search",
    "date",
    "month",
    "week",
    "time",
    "datetime-local",
}
#: A field not on the page whose name says it is technical (an id, a key, a button).
TECHNICAL_NAME = re.compile(r"(^|_)(id|ids|key|token|action|next|return)$|^csrf", re.IGNORECASE)
#: A value not on the page that is a code or an id rather than free text.
CODE = re.compile(r"[a-z0-9_\-]+")

TICKED = "Yes"
CHECKBOX_TICKED = "on"
#: For a choice no longer on the page, or a field not on it at all.
UNNAMED_CHOICE = "An option that is not on the page now"


@dataclass
class PageField:
    """A field of the page's forms: its question, what kind it is, and its choices'
    names (value to label)."""

    label: str
    kind: str
    choices: dict[str, str] = field(default_factory=dict)
    #: The legend of a group of boxes answered together (a date): one row for them all.
    group: str = ""


def shown_answers(request: HttpRequest, data: QueryDict, limit: int) -> list[tuple[str, str]]:
    """The kept answers as the confirmation page lists them: (question, answer) in the
    order of the form, empty answers, hidden fields and buttons left out; each answer
    cut to ``limit`` characters. Several answers to one question (checkboxes) go on
    separate lines; a date's boxes on one ("Day 3, Month 4, Year 2026")."""
    if not any(value.strip() for _, values in data.lists() for value in values):
        return []  # nothing typed: the page need not be drawn
    fields = page_fields(request)
    rows: list[tuple[str, list[str], str]] = []
    dates: dict[str, list[str]] = {}
    for name, values in data.lists():
        given = [value for value in values if value.strip()]
        if not given:
            continue
        found = fields.get(name) if fields is not None else None
        if found is None:
            row = _unknown(name, given)
            if row is not None:
                rows.append((*row, "\n"))
        elif found.kind == TECHNICAL:
            continue
        elif found.group:
            if found.group not in dates:
                dates[found.group] = []
                rows.append((found.group, dates[found.group], ", "))
            dates[found.group].append(f"{found.label} {given[0]}")
        else:
            rows.append((found.label, [_answer(found, value) for value in given], "\n"))
    return [(label, Truncator(sep.join(parts)).chars(limit)) for label, parts, sep in rows]


def _answer(found: PageField, value: str) -> str:
    if found.kind == TEXT:
        return value
    if found.kind == TICK:
        return TICKED
    return found.choices.get(value, UNNAMED_CHOICE)


def _unknown(name: str, values: list[str]) -> tuple[str, list[str]] | None:
    """A field that is not on the page now: its name in words; its value only when it is
    free text (never an id or a code)."""
    if TECHNICAL_NAME.search(name) or all(value.strip().isdigit() for value in values):
        return None
    return _humanised(name), [_unnamed(value) for value in values]


def _unnamed(value: str) -> str:
    if value == CHECKBOX_TICKED:
        return TICKED  # what a browser sends for a ticked box that has no value of its own
    return UNNAMED_CHOICE if CODE.fullmatch(value) else value


def page_fields(request: HttpRequest) -> dict[str, PageField] | None:
    """The fields of the forms that post to this page, by name, as the page now shows
    them to the person signed in; None when the page cannot be drawn."""
    page = _draw(request)
    if page is None:
        return None
    reader = _FormReader(request.path)
    try:
        reader.feed(page)
        reader.close()
    except Exception:  # a page that cannot be read is shown without its labels
        logger.warning("Could not read the form of %s", request.path, exc_info=True)
        return None
    return reader.fields()


def _draw(request: HttpRequest) -> str | None:
    """The page as a GET to its address draws it for the person signed in, with nothing
    it does kept: None when it does not draw a page (a redirect, an error)."""
    match = getattr(request, "resolver_match", None)
    if match is None or request.method != "GET":
        return None
    clone = copy.copy(request)
    clone._messages = default_storage(clone)  # type: ignore[attr-defined]
    session = request.session
    before = dict(session.items())
    html: str | None = None
    try:
        with transaction.atomic():
            try:
                response: Any = match.func(clone, *match.args, **match.kwargs)
                if callable(getattr(response, "render", None)) and not getattr(
                    response, "is_rendered", True
                ):
                    response.render()
                if (
                    response.status_code in (200, 400)
                    and not response.streaming
                    and response.get("Content-Type", "").startswith("text/html")
                ):
                    html = response.content.decode(response.charset or "utf-8", "replace")
            finally:
                transaction.set_rollback(True)
    except Exception:  # the kept form is shown without its labels, never a 500
        logger.warning("Could not draw %s for its kept form", request.path, exc_info=True)
        html = None
    if dict(session.items()) != before:
        session.clear()
        session.update(before)
    return html


@dataclass
class _Control:
    name: str
    kind: str
    id: str = ""
    value: str = ""
    legend: str = ""
    date_group: bool = False
    options: dict[str, str] = field(default_factory=dict)


class _FormReader(HTMLParser):
    """Reads the controls of the page's forms that post to ``path`` (the header's
    sign-out form and the like post elsewhere), the labels and legends around them."""

    def __init__(self, path: str) -> None:
        super().__init__(convert_charrefs=True)
        self.path = path
        self.controls: list[_Control] = []
        self.labels: dict[str, str] = {}
        self.in_form = False
        self.form_is_ours = False
        #: The legend of each open fieldset ("" until it is read).
        self.fieldsets: list[list[str]] = []
        #: Open divs: whether each is a date's boxes.
        self.divs: list[bool] = []
        #: Open spans: whether each is a caption (not part of a question).
        self.spans: list[bool] = []
        self.label_for: str | None = None
        self.label_text: list[str] = []
        self.in_legend = False
        self.select: _Control | None = None
        self.option: str | None = None
        self.option_text: list[str] = []

    # The parser's callbacks.

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        classes = a.get("class", "").split()
        if tag == "form":
            self.in_form = True
            action = a.get("action", "").split("?")[0]
            self.form_is_ours = (a.get("method", "get").lower() == "post") and (
                action in ("", self.path)
            )
        elif tag == "fieldset":
            self.fieldsets.append([])
        elif tag == "legend":
            self.in_legend = True
        elif tag == "div":
            self.divs.append("govuk-date-input" in classes)
        elif tag == "span":
            self.spans.append(any(c.startswith("govuk-caption") for c in classes))
        elif tag == "label":
            self.label_for = a.get("for", "")
            self.label_text = []
        elif tag == "option" and self.select is not None:
            self.option = a.get("value", "")
            self.option_text = []
        elif self.in_form and self.form_is_ours and a.get("name"):
            self._control(tag, a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = self.form_is_ours = False
        elif tag == "fieldset" and self.fieldsets:
            self.fieldsets.pop()
        elif tag == "legend":
            self.in_legend = False
        elif tag == "div" and self.divs:
            self.divs.pop()
        elif tag == "span" and self.spans:
            self.spans.pop()
        elif tag == "label" and self.label_for is not None:
            self.labels.setdefault(self.label_for, _words(self.label_text))
            self.label_for = None
        elif tag == "option" and self.select is not None and self.option is not None:
            self.select.options.setdefault(self.option, _words(self.option_text))
            self.option = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data: str) -> None:
        if any(self.spans):
            return  # a caption ("Decision ISD-2026-000001") is not part of the question
        if self.option is not None:
            self.option_text.append(data)
        if self.label_for is not None:
            self.label_text.append(data)
        if self.in_legend and self.fieldsets:
            self.fieldsets[-1].append(data)

    # What was read.

    def _control(self, tag: str, a: dict[str, str]) -> None:
        kind_of = a.get("type", "text").lower()
        if tag == "input" and kind_of in ("radio", "checkbox"):
            kind = CHOICE
        elif (tag == "input" and kind_of in TYPED_INPUTS) or tag == "textarea":
            kind = TEXT
        elif tag == "select":
            kind = CHOICE
        elif tag in ("input", "button"):
            kind = TECHNICAL  # hidden fields and buttons
        else:
            return
        control = _Control(
            name=a["name"],
            kind=kind,
            id=a.get("id", ""),
            value=a.get("value", CHECKBOX_TICKED if kind_of == "checkbox" else ""),
            legend=_words(self.fieldsets[-1]) if self.fieldsets else "",
            date_group=any(self.divs),
        )
        if kind_of == "checkbox" and not control.legend:
            control.kind = TICK
        self.controls.append(control)
        if tag == "select":
            self.select = control

    def fields(self) -> dict[str, PageField]:
        found: dict[str, PageField] = {}
        for control in self.controls:
            label = self.labels.get(control.id, "") if control.id else ""
            if control.kind in (CHOICE, TICK) and control.legend:
                question = control.legend  # radios and checkboxes: the fieldset's legend
            else:
                question = label or control.legend
            group = control.legend if control.date_group and control.kind == TEXT else ""
            if group:
                question = label  # "Day", under the date's legend
            seen = found.setdefault(
                control.name,
                PageField(
                    label=question or _humanised(control.name), kind=control.kind, group=group
                ),
            )
            if control.kind != CHOICE:
                continue
            for value, text in (control.options or {control.value: label}).items():
                if text:
                    seen.choices.setdefault(value, text)
        return found


def _words(parts: list[str]) -> str:
    return " ".join(" ".join(parts).split())


def _humanised(name: str) -> str:
    words = name.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else name
