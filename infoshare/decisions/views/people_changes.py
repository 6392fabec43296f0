"""Correcting a person's details, and removing a person added by mistake (UK GDPR
Article 16, the right to rectification; the privacy notice promises it). Only the staff of
the organisation that recorded the person who may add people there
(``services.people.may_correct_person``); a person that records are about is never
removed (``services.people.removal_refusal``): their details are corrected instead."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from infoshare.core.errors import Conflict, DomainError, NotFound
from infoshare.core.page_keys import new_page_key, page_key, sent_key, success_once
from infoshare.core.pages import add_domain_error, form_status
from infoshare.decisions.dates import initial_for
from infoshare.decisions.forms import TEXTAREA, PersonForm, in_field_order
from infoshare.decisions.models import Person
from infoshare.decisions.selectors import get_person_for
from infoshare.decisions.selectors.people import record_person_viewed
from infoshare.decisions.services.people import (
    CORRECTABLE,
    correct_person,
    may_correct_person,
    reason_problem,
    removal_refusal,
    remove_person,
)
from infoshare.decisions.validators import format_nhs_number
from infoshare.decisions.views.common import not_found_as_404
from infoshare.decisions.views.start import add_person_problems

#: The hidden field that carries each page's own key (``core.page_keys``).
PAGE_KEY = "page_key"
#: The session's record of the changes and removals done, by their key, with what was
#: said: the same page sent twice (a double press) is answered as the first was.
DONE = "infoshare_people_done"
#: How many are remembered.
DONE_KEPT = 20

CHANGE_REASON_MISSING = "Enter why the details need correcting"
REMOVE_REASON_MISSING = "Enter why this person is being removed"


def _reason(label: str, hint: str, missing: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        widget=TEXTAREA,
        error_messages={
            "required": missing,
            "null_characters_not_allowed": "The reason must not contain control characters",
        },
    )


class PersonChangeForm(PersonForm):
    """The add-a-person form (the same fields and checks: names, the date of birth's
    three boxes and 4-digit year, the NHS number's check digit), with the reason for the
    change."""

    reason = _reason(
        "Why do these details need correcting?",
        "For example, the date of birth was typed wrongly. Your reason is kept in the "
        "audit trail with the change.",
        CHANGE_REASON_MISSING,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["confirm_different"]  # the person is recorded already


class PersonRemoveForm(forms.Form):
    reason = _reason(
        "Why are you removing this person?",
        "For example, they were added twice, or added to the wrong organisation. Your "
        "reason is kept in the audit trail.",
        REMOVE_REASON_MISSING,
    )


def _person_to_change(request: HttpRequest, person_id: int) -> Person:
    """The person, if the user may correct them; the same not-found as for a person who
    is not there (a receiving organisation's staff see the name only, and change
    nothing)."""
    person = get_person_for(request.user, person_id)
    if not may_correct_person(request.user, person):
        raise NotFound()
    return person


def _initial(person: Person) -> dict[str, Any]:
    return {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "local_reference": person.local_reference,
        "nhs_number": format_nhs_number(person.nhs_number) if person.nhs_number else "",
        "role_in_case": person.role_in_case,
    } | initial_for("dob", person.date_of_birth)


def _done(request: HttpRequest, key: str, message: str) -> None:
    """Says ``message`` on the next page and remembers it under ``key`` (when the page
    sent one), so that the same page sent again is answered the same way."""
    success_once(request, message)
    if key:
        done = dict(request.session.get(DONE, {}))
        done[key] = message
        request.session[DONE] = dict(list(done.items())[-DONE_KEPT:])


def _done_before(request: HttpRequest, key: str) -> str:
    """What was said when this page was sent before ("" when it was not)."""
    return str(request.session.get(DONE, {}).get(key, "")) if key else ""


def _service_problems(form: PersonChangeForm) -> None:
    """The service's checks, with the reason's, shown as adding a person shows them."""
    data = form.cleaned_data
    reason = (
        reason_problem(data["reason"], missing=CHANGE_REASON_MISSING) if "reason" in data else None
    )
    add_person_problems(form, {"reason": reason} if reason else None)


def _person_url(person_id: int) -> str:
    return reverse("decisions:person_detail", kwargs={"person_id": person_id})


@not_found_as_404
@require_http_methods(["GET", "POST"])
def person_change(request: HttpRequest, person_id: int) -> HttpResponse:
    """Change a person's details: the form shows them as recorded (the view is audited);
    bad input gets the error summary and saves nothing; a change is audited with each
    changed field before and after, and the reason, then the person's page says so."""
    person = _person_to_change(request, person_id)
    sent = request.method == "POST"
    form = PersonChangeForm(request.POST if sent else None, initial=_initial(person))
    if sent and not form.is_valid():
        _service_problems(form)
    elif sent:
        data = form.cleaned_data
        key = sent_key(request, PAGE_KEY, f"person-change-{person.pk}", dict(data))
        try:
            correction = correct_person(
                actor=request.user,
                person_id=person.pk,
                changes={name: data[name] for name in CORRECTABLE},
                reason=data["reason"],
            )
        except DomainError as problem:
            add_domain_error(form, problem)
        else:
            if correction.after:
                _done(request, key, f"{correction.person.full_name}'s details have been changed")
            elif said := _done_before(request, key):
                success_once(request, said)  # the same page sent twice
            else:
                messages.info(request, "You did not change any details, so nothing was saved")
            return redirect(_person_url(person.pk))
    else:
        record_person_viewed(request.user, person)
    in_field_order(form)
    context = {
        "person": person,
        "form": form,
        "page_key": page_key(request, PAGE_KEY) or new_page_key(),
        "back_url": _person_url(person.pk),
    }
    return render(request, "decisions/person_change.html", context, status=form_status(form))


@not_found_as_404
@require_http_methods(["GET", "POST"])
def person_remove(request: HttpRequest, person_id: int) -> HttpResponse:
    """Remove a person added by mistake, after confirming with a reason: only one that no
    decision record is about (drafts included); otherwise the page says why they stay and
    offers to correct their details. Audited with what was removed; then the home page
    says so. The same page sent twice lands where the first went."""
    sent = request.method == "POST"
    try:
        person = _person_to_change(request, person_id)
    except NotFound:
        said = _done_before(request, _remove_key(request, person_id)) if sent else ""
        if not said:
            raise
        success_once(request, said)
        return redirect("core:home")
    form = PersonRemoveForm(request.POST if sent else None)
    refusal = removal_refusal(person)
    status = 200
    if sent and refusal is None:
        if form.is_valid():
            try:
                removal = remove_person(
                    actor=request.user, person_id=person.pk, reason=form.cleaned_data["reason"]
                )
            except Conflict as problem:  # a record about them was started meanwhile
                refusal = problem.message
                status = 409
            except DomainError as problem:
                add_domain_error(form, problem)
            else:
                message = f"{removal.full_name} has been removed from the register"
                _done(request, _remove_key(request, person_id), message)
                return redirect("core:home")
        status = status if refusal else form_status(form)
    elif sent:
        status = 409
    if not sent:
        record_person_viewed(request.user, person)
    context = {
        "person": person,
        # A refusal shows no form (nor, in the title, its errors).
        "form": None if refusal else form,
        "refusal": refusal,
        "page_key": page_key(request, PAGE_KEY) or new_page_key(),
        "back_url": _person_url(person.pk),
    }
    return render(request, "decisions/person_remove.html", context, status=status)


def _remove_key(request: HttpRequest, person_id: int) -> str:
    reason = str(request.POST.get("reason", "")).strip()
    return sent_key(request, PAGE_KEY, f"person-remove-{person_id}", {"reason": reason})
