"""The "Not sure — ask for advice" button of a page of the flow: the page is kept first.

On a page whose form holds what the practitioner enters (a key question, who receives the
information, its purpose, the outcome, the pages about the sharing), "Not sure — ask for
advice" is a second submit button of that form (``name="action" value="ask_advice"``), so
it works without JavaScript. The page's view reads the form as usual; on its way out
(``views.common.render_step`` for a page shown again, ``continue_from`` for one saved)
this module saves what is on the page, without asking for it to be complete, and the
person goes to the advice request page, which leads back to this page of the draft.

* What the form read without a problem is saved into the draft (``services.update_draft``,
  the service checking each value as it checks any change; without moving where the draft
  resumes, since the page is not finished).
* What cannot be saved as it stands (a date half typed, a choice that needs another one,
  text the service refuses) is kept as typed, with the rest of the page, in the session,
  as ``core.resubmit`` keeps a form posted after the session ended (text fields only,
  never the CSRF token, for two hours at most, for the person who typed it). Back on the
  page, while the draft has not changed since, the page shows it again as it was left,
  without error messages (nothing was sent to be checked); posting the page replaces it.

Pages with nothing to enter (who the information is about, check answers, the summary)
link to the advice request page instead: nothing on them can be lost.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from django import forms
from django.http import HttpRequest, QueryDict

from infoshare.core.errors import ValidationFailed
from infoshare.core.resubmit import KEEP_SECONDS, NEVER_KEPT
from infoshare.decisions import flow, services
from infoshare.decisions.dates import PARTS
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.services.changes import CHECKERS
from infoshare.decisions.services.records import draft_revision
from infoshare.decisions.views.page_revisions import page_check

#: The ``action`` of the "Not sure — ask for advice" button of a page's form.
ASK_ADVICE = "ask_advice"

#: The ``id`` of a page's own form, which the button names in its ``form`` attribute: the
#: button is drawn after the form (``_flow.html``'s advice block), and is still part of it.
PAGE_FORM_ID = "step-form"

#: The pages whose own form holds what the practitioner enters.
FORM_STEPS = frozenset({"recipient", "purpose", "outcome", *flow.WHEN_SHARED})

#: The draft's fields a page's form may give (each checked by the service as it is saved).
DRAFT_FIELDS = (*CHECKERS, "recipient_organisation_id")

#: Where the session keeps pages left with something that could not be saved, by address.
SESSION_KEY = "infoshare_flow_pages_kept"
#: The most pages kept at once (the oldest goes first).
MAX_KEPT_PAGES = 10
#: The request attribute holding the page kept for this GET, if any (``common.posted``).
KEPT = "infoshare_kept_page"


def asks_advice(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get("action") == ASK_ADVICE


def asks_through_form(step: str) -> bool:
    """Whether the page's advice button submits the page's own form."""
    return step in FORM_STEPS or step.startswith("question:")


def save_page(
    request: HttpRequest,
    decision: SharingDecision,
    step: str,
    form: Any,
    edits: Sequence[str] = (),
) -> SharingDecision:
    """Saves what the page's form read without a problem, and keeps the page as typed when
    anything on it could not be saved as it stands. The draft, as it is now. Nothing is
    saved over a value the page ``edits`` that was changed since the page was drawn
    (``page_revisions.ChangedMeanwhile``, raised for the page to show)."""
    if not (isinstance(form, forms.BaseForm) and form.is_bound) or not asks_through_form(step):
        return decision
    changes, answers = _page_changes(form, step)
    complete = not form.errors
    while changes or answers:
        try:
            sending = changes | {f"answers.{key}": value for key, value in answers.items()}
            decision = services.update_draft(
                actor=request.user,
                decision_id=decision.pk,
                changes=changes,
                answers=answers or None,
                check=page_check(request, edits, sending),
            )
            break
        except ValidationFailed as problem:
            # The service refused some values: save the others, keep those as typed.
            complete = False
            refused = set(problem.fields)
            narrower = (
                {name: value for name, value in changes.items() if name not in refused},
                {key: value for key, value in answers.items() if f"answers.{key}" not in refused},
            )
            if narrower == (changes, answers):
                break
            changes, answers = narrower
    if not complete:
        _keep_page(request, decision)
    return decision


def _page_changes(form: forms.BaseForm, step: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(draft fields, key-question answers) the form read without a problem."""
    cleaned: dict[str, Any] = getattr(form, "cleaned_data", None) or {}
    named: dict[str, str] = getattr(form, "service_fields", {})
    changes = {
        name: cleaned[name]
        for name in DRAFT_FIELDS
        if cleaned.get(name) is not None and not _has_problem(form, named.get(name, name))
    }
    answers = {}
    if step.startswith("question:") and cleaned.get("answer") and not _has_problem(form, "answer"):
        answers[step.removeprefix("question:")] = cleaned["answer"]
    return changes, answers


def _has_problem(form: forms.BaseForm, field: str) -> bool:
    """Whether the form found a problem with ``field`` (or with a box of the date it is)."""
    return any(box in form.errors for box in (field, *(f"{field}_{part}" for part in PARTS)))


def _kept(request: HttpRequest) -> dict[str, dict[str, Any]]:
    """The pages kept for the person signed in, no older than ``KEEP_SECONDS``."""
    now = time.time()
    stored = request.session.get(SESSION_KEY) or {}
    return {
        path: entry
        for path, entry in stored.items()
        if entry.get("user_id") == request.user.pk and now - entry.get("at", 0) <= KEEP_SECONDS
    }


def _store(request: HttpRequest, kept: dict[str, dict[str, Any]]) -> None:
    if kept:
        newest = sorted(kept.items(), key=lambda item: item[1]["at"])[-MAX_KEPT_PAGES:]
        request.session[SESSION_KEY] = dict(newest)
    else:
        request.session.pop(SESSION_KEY, None)


def _keep_page(request: HttpRequest, decision: SharingDecision) -> None:
    data = QueryDict(mutable=True)
    for name, values in request.POST.lists():
        if name not in NEVER_KEPT and name != "action":
            data.setlist(name, values)
    kept = _kept(request)
    kept[request.path] = {
        "data": data.urlencode(),
        "at": time.time(),
        "user_id": request.user.pk,
        "decision": decision.pk,
        "revision": draft_revision(decision),
    }
    _store(request, kept)


def note_kept_page(request: HttpRequest, decision: SharingDecision) -> None:
    """For a page of the draft: on a GET, the page as it was left when asking for advice
    (``request.<KEPT>``), while the draft is as it was then; a POST replaces what was kept
    (the page is being sent again). Anything out of date is thrown away."""
    if SESSION_KEY not in request.session or request.method not in ("GET", "POST"):
        return
    kept = _kept(request)
    entry = kept.pop(request.path, None)
    current = (
        entry is not None
        and request.method == "GET"
        and entry.get("decision") == decision.pk
        and entry.get("revision") == draft_revision(decision)
    )
    if current and entry is not None:
        kept[request.path] = entry
        setattr(request, KEPT, QueryDict(entry["data"]))
    if kept != request.session.get(SESSION_KEY):
        _store(request, kept)


def kept_page(request: HttpRequest) -> QueryDict | None:
    """The page as it was left when asking for advice, for this GET (see above)."""
    found = getattr(request, KEPT, None)
    return found if isinstance(found, QueryDict) else None


def shown_as_left(request: HttpRequest, form: Any) -> bool:
    """Whether ``form`` shows the page as it was left (its problems are not shown: nothing
    was sent to be checked)."""
    data = kept_page(request)
    return data is not None and isinstance(form, forms.BaseForm) and form.data is data
