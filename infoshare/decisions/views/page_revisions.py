"""A page of the flow sent after what it edits was changed elsewhere is not saved over it.

Two tabs (or windows) on the same page of a draft, a colleague's device, the API: what the
later save sends would silently replace what the earlier one saved, and the audit trail
keeps only the names of the fields changed. So each page that saves the draft carries, in a
hidden field (``REVISION_FIELD``), what it was drawn from (``page_revision``): the draft's
``draft_revision`` and a short digest of each value the page edits, as stored then (digits
only, as the finalise page's revision: never shown as something typed). When
it is sent, the service saving it calls ``page_check``'s check with the draft locked
(``services.update_draft(check=)``), so that nothing can be saved in between: a value the
page edits that was changed since it was drawn, and that what is sent would change again,
refuses the save (``ChangedMeanwhile``, 409). The page is shown again with what was typed,
what is stored now beside it ("Saved meanwhile") and a fresh revision, so that saving
again, once checked, goes through. A change elsewhere in the draft (another page saved in
another tab) does not stop the page; a form sent without the field (an older page, a
client of its own) is saved as before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django import forms
from django.http import HttpRequest

from infoshare.core.dates import long_date
from infoshare.core.errors import Conflict
from infoshare.core.pages import field_for
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.services.records import digits_of, draft_revision

#: The hidden field of a page's form holding its ``page_revision``.
REVISION_FIELD = "revision"

CHANGED_MEANWHILE = "changed_meanwhile"
CHANGED_MEANWHILE_MESSAGE = (
    "This answer was changed in another tab or window since you opened this page. "
    "Check it and save again"
)

#: The digits standing for each value a page edits, at the end of its revision.
VALUE_DIGITS = 8

#: A value asked under an option of another question (a GOV.UK conditional question): the
#: message goes on that question, so that the option the person chose stays chosen (an
#: error under an option chooses it: ``core.templatetags.govuk``).
ASKED_UNDER = {
    "departure_reason": "outcome",
    "advice_elsewhere_from": "advice_elsewhere",
    "advice_elsewhere_said": "advice_elsewhere",
    "method_detail": "method",
    "reason_not_told": "person_told",
}

#: What a value is called where the page's form has no field of that name for it.
LABELS = {
    "departure_reason": "Why your decision differs from the recommendation",
    "shared_on": "Date you shared it",
}

#: Said of a value that is empty now.
NOT_GIVEN = "Not given"

Check = Callable[[SharingDecision], None]


class ChangedMeanwhile(Conflict):
    """What the page sent would replace values it edits that were changed after it was
    drawn (``fields``, by the draft's names): not saved (409). ``stored`` holds what the
    page edits as it is now, and ``revision`` the page's revision drawn from that."""

    def __init__(self, *, fields: list[str], stored: dict[str, Any], revision: str) -> None:
        super().__init__(CHANGED_MEANWHILE, CHANGED_MEANWHILE_MESSAGE)
        self.fields = fields
        self.stored = stored
        self.revision = revision


def stored(decision: SharingDecision, name: str) -> Any:
    """The value a page edits as the draft holds it: a field, or ``answers.<question>``."""
    if name.startswith("answers."):
        return decision.answers.get(name.removeprefix("answers."))
    return getattr(decision, name)


def _digits(name: str, value: Any) -> str:
    return digits_of([name, value], VALUE_DIGITS)


def page_revision(decision: SharingDecision, edits: Sequence[str]) -> str:
    """What a page editing ``edits`` was drawn from: the draft's ``draft_revision``, then
    ``VALUE_DIGITS`` digits for each value in turn (its name and value digested)."""
    digits = "".join(_digits(name, stored(decision, name)) for name in edits)
    return f"{draft_revision(decision)}{digits}"


def _same(sent: Any, now: Any) -> bool:
    """Whether what is sent is what is stored (empty being empty, whatever its type)."""
    return (sent or None) == (now or None)


def page_check(
    request: HttpRequest, edits: Sequence[str], sending: Mapping[str, Any]
) -> Check | None:
    """For a page editing ``edits`` that sends ``sending`` (values by the draft's names, as
    ``stored`` names them), the check its save runs on the draft, locked: it raises
    ``ChangedMeanwhile`` naming each value the page edits that changed since the page's
    revision was drawn and that ``sending`` would change again. None for a form sent
    without a revision (saved as before) or a page editing nothing."""
    sent = request.POST.get(REVISION_FIELD) if request.method == "POST" else None
    if sent is None or not edits:
        return None

    def check(decision: SharingDecision) -> None:
        values_at = len(sent) - VALUE_DIGITS * len(edits)
        drawn, digits = (sent[:values_at], sent[values_at:]) if values_at > 0 else ("", "")
        if drawn == draft_revision(decision):
            return  # nothing in the draft has changed since the page was drawn
        shown = {digits[at : at + VALUE_DIGITS] for at in range(0, len(digits), VALUE_DIGITS)}
        now = {name: stored(decision, name) for name in edits}
        changed = [
            name
            for name in edits
            if _digits(name, now[name]) not in shown
            and name in sending
            and not _same(sending[name], now[name])
        ]
        if changed:
            raise ChangedMeanwhile(
                fields=changed, stored=now, revision=page_revision(decision, edits)
            )

    return check


def shown_revision(
    request: HttpRequest,
    decision: SharingDecision,
    edits: Sequence[str],
    changed: ChangedMeanwhile | None,
) -> str:
    """The revision a page carries: drawn from the draft as it is now when opened, or
    after a change made meanwhile was shown; the one it was sent with when it is shown
    again with what was typed and not saved (a problem with it), so that a change made
    meanwhile is still found when it is sent again."""
    if changed is not None:
        return changed.revision
    if request.method == "POST" and REVISION_FIELD in request.POST:
        return str(request.POST[REVISION_FIELD])
    return page_revision(decision, edits)


def _form_field(form: forms.BaseForm, name: str) -> str | None:
    if name.startswith("answers."):
        return "answer" if "answer" in form.fields else None
    return field_for(form, name)


def _label(form: forms.BaseForm, name: str) -> str:
    if name in LABELS:
        return LABELS[name]
    field = _form_field(form, name)
    return str(form.fields[field].label) if field else name


def _text(form: forms.BaseForm, name: str, value: Any) -> str:
    """A stored value as the page would show it: an option by its label, a date in words."""
    if value in (None, "", [], {}):
        return NOT_GIVEN
    if isinstance(value, dt.date):
        return long_date(value)
    field = _form_field(form, name)
    choices = getattr(form.fields[field], "choices", None) if field else None
    labels = {str(option): str(label) for option, label in choices or ()}
    if isinstance(value, list | tuple):
        return ", ".join(labels.get(str(one), str(one)) for one in value)
    return labels.get(str(value), str(value))


def show_changed(form: forms.BaseForm, changed: ChangedMeanwhile) -> list[dict[str, str]]:
    """Marks the page's form with the message (on the question of the first value changed,
    which the error summary links to) and gives what is stored now of each value changed,
    to show beside what was typed, which the form keeps."""
    first = changed.fields[0]
    question = _form_field(form, ASKED_UNDER.get(first, first))
    form.add_error(question, CHANGED_MEANWHILE_MESSAGE)
    return [
        {"label": _label(form, name), "value": _text(form, name, changed.stored[name])}
        for name in changed.fields
    ]
