"""The flow's first pages: start, who the information is about, who receives it, why."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django_htmx.middleware import HtmxDetails

from infoshare.core.errors import Conflict, DomainError, ValidationFailed
from infoshare.core.numbers import parse_id
from infoshare.core.page_keys import new_page_key, page_key
from infoshare.core.pages import add_domain_error, field_for
from infoshare.decisions import engine, flow, services
from infoshare.decisions.forms import (
    SEARCH_MAX,
    PersonForm,
    PersonSearchForm,
    PurposeForm,
    RecipientForm,
    in_field_order,
)
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.selectors.people import possible_duplicates_for, search_people_for
from infoshare.decisions.selectors.scope import RECORDING_ROLES, orgs_where
from infoshare.decisions.services.people import person_problems
from infoshare.decisions.views.common import (
    continue_from,
    draft_for,
    not_found_as_404,
    posted,
    render_step,
    return_to,
)
from infoshare.decisions.views.page_revisions import ChangedMeanwhile, page_check
from infoshare.partnerships.models import Organisation


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """The seven golden rules, then Start makes a draft (saved from the first step).
    Someone who works in several organisations chooses which one records it. "Start an
    urgent record" makes it the same way, already answered as at risk of significant harm
    (``_mark_at_risk``), so the urgent path starts on the first page."""
    edition = engine.get_edition(engine.DEFAULT_EDITION)
    organisations = list(
        Organisation.objects.filter(pk__in=orgs_where(request.user, RECORDING_ROLES))
        .order_by("name")
        .values_list("pk", "name")
    )
    error = ""
    if request.method == "POST":
        chosen = request.POST.get("organisation", "")
        organisation_id = parse_id(chosen)
        if len(organisations) > 1 and organisation_id is None:
            error = "Select the organisation you are recording this for"
        else:
            try:
                decision, created = services.start_draft(
                    actor=request.user,
                    organisation_id=organisation_id,
                    idempotency_key=_start_key(request, organisation_id),
                )
            except DomainError as problem:
                error = (
                    "Select the organisation you are recording this for"
                    if isinstance(problem, ValidationFailed)
                    else problem.message
                )
            else:
                if request.POST.get(URGENT_START) == "yes":
                    try:
                        decision = _mark_at_risk(request, decision, created=created)
                    except DomainError as problem:
                        error = problem.message
                if not error:
                    return redirect(flow.step_url(decision, "people"))
    return render(
        request,
        "decisions/start.html",
        {
            "edition": edition,
            "error": error,
            "has_errors": bool(error),
            "organisations": organisations,
            "start_key": new_page_key(),
        },
        status=400 if error else 200,
    )


#: The name of the start page's second button, "Start an urgent record" (its value "yes").
URGENT_START = "urgent"


def _mark_at_risk(
    request: HttpRequest, decision: SharingDecision, *, created: bool
) -> SharingDecision:
    """Started as urgent: the risk of significant harm is answered yes at once, as its
    question page answers it, so the record is urgent, with its deadline and reminders, and
    the safeguarding banner shows from the first page (golden rule 5; spec sections 2 and
    3: the flag may be set at any point). The flow then skips the question
    (``flow.pending_question_step``); check answers can change it. The draft is marked as
    started urgently (``services.answer_urgent_start``), so its Back links go past the
    question too. The same page sent again finds the draft the first press made and leaves
    an answer given since as it is."""
    if not created and (flow.RISK in decision.answers or not decision.is_draft):
        return decision
    return services.answer_urgent_start(actor=request.user, decision_id=decision.pk)


def _start_key(request: HttpRequest, organisation_id: int | None) -> str:
    """Each start page carries its own key, so the same page sent twice (a double press
    without JavaScript, a resent form) starts one draft, as the API's Idempotency-Key."""
    key = page_key(request, "start_key")
    return f"start-page-{key}-{organisation_id or ''}" if key else ""


@not_found_as_404
def resume(request: HttpRequest, decision_id: int) -> HttpResponse:
    """On to the page after the last one saved: where the practitioner left off."""
    decision = draft_for(request, decision_id)
    return redirect(flow.step_url(decision, flow.resume_step(decision)))


#: The ``action`` of the people page's search form: the search is sent by POST, so that
#: names and dates of birth stay out of URLs (access logs, proxies, browser history).
SEARCH_ACTION = "search"


@not_found_as_404
@require_http_methods(["GET", "POST"])
def people(request: HttpRequest, decision_id: int) -> HttpResponse:
    """Who the information is about: search the organisation's people before adding one.

    The search is sent by POST (the Search button, or htmx as the practitioner types) and
    its results are the answer to that POST: no name or date of birth is ever put in a
    URL. A GET shows the page without results, whatever its query string says (an old
    bookmark of a search is not searched again)."""
    decision = draft_for(request, decision_id)
    error = ""
    search = PersonSearchForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == SEARCH_ACTION:
            search = PersonSearchForm(request.POST)
        else:
            person_id = parse_id(request.POST.get("person", ""))
            try:
                if action in ("add", "remove") and person_id is not None:
                    key = "add" if action == "add" else "remove"
                    services.set_people(
                        actor=request.user, decision_id=decision.pk, **{key: [person_id]}
                    )
                    # Back to the page as it was opened: a change from check answers or
                    # the summary keeps its way back there.
                    return redirect(flow.step_url(decision, "people", return_to=return_to(request)))
                if action == "continue":
                    if decision.people.exists():
                        return continue_from(request, decision, "people")
                    error = (
                        "Add the person or people the information is about: search for "
                        "them, or add a person who is not recorded yet"
                    )
                else:
                    error = "Choose a person to add or remove"
            except ValidationFailed as problem:
                error = next(iter(problem.fields.values()), problem.message)
    if problems := _live_search_date_problems(request, search):
        return render(request, LIVE_SEARCH_PROBLEM, {"problems": problems})
    if _live_search_waits(request, search):
        return HttpResponse(status=204)  # htmx leaves the page as it is
    chosen = list(decision.people.all())
    results = None
    if search.is_bound and search.is_valid():
        query = (search.cleaned_data.get("q") or "").strip()
        dob = search.cleaned_data.get("date_of_birth")
        if query or dob:
            # Audited: the people shown (not those already added) and the terms.
            results = search_people_for(
                request.user,
                organisation_id=decision.organisation_id,
                query=query,
                date_of_birth=dob,
                exclude={person.pk for person in chosen},
            )
    back_to = return_to(request)
    return render_step(
        request,
        "decisions/people.html",
        decision,
        "people",
        status=400 if error or (search.is_bound and not search.is_valid()) else 200,
        # The first page of the draft: back to the check answers page it was changed from,
        # or to the home page, where drafts are listed (the start page would start another).
        back_url=flow.step_url(decision, back_to) if back_to else reverse("core:home"),
        chosen=chosen,
        search=search,
        search_action=SEARCH_ACTION,
        # Every form posts to the page's own address (keeping where a change returns to),
        # and only that: an old bookmark's query string is not carried into a POST.
        page_url=flow.step_url(decision, "people", return_to=back_to),
        results=results,
        error=error,
        has_errors=bool(error) or (search.is_bound and not search.is_valid()),
    )


#: A name typed into the live search is searched for from this many characters.
LIVE_SEARCH_MIN_CHARACTERS = 2

#: A date of birth typed into the live search is finished once its year has this many
#: characters (a year in full): its problems are shown then, not only on Search.
LIVE_SEARCH_YEAR_FINISHED = 4

#: The live search's answer to a finished date with a problem: the results region,
#: emptied, and the status region saying the problem.
LIVE_SEARCH_PROBLEM = "decisions/partials/live_search_problem.html"


def _live_search_date_problems(request: HttpRequest, search: PersonSearchForm) -> list[str]:
    """The problems to show a live search whose date of birth is finished (its year typed
    in full) but cannot be searched for (45/13/2015, 31/2/2015): the same messages the
    Search button shows, in the status region (announced), and the results of the search
    before (which the date no longer matches) cleared. Answered 200, as htmx swaps only
    that; the Search button's page is a 400 with its error summary. [] otherwise."""
    htmx: HtmxDetails | None = getattr(request, "htmx", None)
    if not htmx or not search.is_bound or search.is_valid():
        return []
    year = str(search.data.get("dob_year", "")).strip()
    if len(year) < LIVE_SEARCH_YEAR_FINISHED:
        return []
    if not any(name.startswith("dob_") for name in search.errors):
        return []
    return [str(message) for errors in search.errors.values() for message in errors]


def _live_search_waits(request: HttpRequest, search: PersonSearchForm) -> bool:
    """Whether a live search (htmx posting the search as the practitioner types, a pause
    after each change) waits for more: a name of one character and no date of birth is
    not searched for, and input that is not valid yet (a date half typed) shows no error
    mid-word (a date finished with a problem is answered first:
    ``_live_search_date_problems``). The Search button sends the form itself, as without
    JavaScript: its problems are shown."""
    htmx: HtmxDetails | None = getattr(request, "htmx", None)
    if not htmx or not search.is_bound:
        return False
    if not search.is_valid():
        return True
    name = (search.cleaned_data.get("q") or "").strip()
    dob = search.cleaned_data.get("date_of_birth")
    return 0 < len(name) < LIVE_SEARCH_MIN_CHARACTERS and dob is None


@not_found_as_404
@require_http_methods(["GET", "POST"])
def person_new(request: HttpRequest, decision_id: int) -> HttpResponse:
    """Add a person with minimal identifiers, after showing any possible duplicates (each
    can be added to the decision instead). Every problem with what was typed is shown at
    once: the service's checks run on the fields the form could read, even when another
    field (such as the date of birth) has a problem of its own."""
    decision = draft_for(request, decision_id)
    form = PersonForm(posted(request), initial={"role_in_case": "child"})
    matches = []
    same_nhs_number = possible_duplicate = False
    if request.method == "POST" and not form.is_valid():
        add_person_problems(form)
    elif request.method == "POST":
        data = form.cleaned_data
        try:
            services.add_new_person(
                actor=request.user,
                decision_id=decision.pk,
                given_name=data["given_name"],
                family_name=data["family_name"],
                date_of_birth=data["date_of_birth"],
                local_reference=data["local_reference"],
                nhs_number=data["nhs_number"],
                role_in_case=data["role_in_case"],
                confirm_different=data["confirm_different"],
            )
            return redirect(flow.step_url(decision, "people", return_to=return_to(request)))
        except Conflict as problem:
            matches = possible_duplicates_for(
                request.user,
                organisation_id=decision.organisation_id,
                name=f"{data['given_name']} {data['family_name']}",
                date_of_birth=data["date_of_birth"],
                nhs_number=data["nhs_number"] if problem.field == "nhs_number" else "",
            )
            same_nhs_number = problem.field == "nhs_number"
            if problem.field:
                add_domain_error(form, problem)
            else:
                # A possible duplicate is answered by ticking the confirmation: the message
                # goes there, once, so that the error summary links to it. (A person with
                # the same NHS number is never a different person: no confirmation.)
                possible_duplicate = True
                form.add_error("confirm_different", problem.message)
        except DomainError as problem:
            add_domain_error(form, problem)
    # The form's problems and the service's, in the order of the fields on the page.
    in_field_order(form)
    return render_step(
        request,
        "decisions/person_new.html",
        decision,
        "people",
        status=400 if form.errors else 200,
        back_url=flow.step_url(decision, "people", return_to=return_to(request)),
        # What the duplicate warning searches for: the two names as typed, cut to what the
        # search takes (each name may be as long as the search is).
        similar_name=" ".join(
            str(form[name].value() or "").strip() for name in ("given_name", "family_name")
        )[:SEARCH_MAX],
        form=form,
        matches=matches,
        same_nhs_number=same_nhs_number,
        # Ticked once, the box stays (so that it can be unticked); never for an NHS number.
        can_confirm=possible_duplicate
        or (not same_nhs_number and bool(form["confirm_different"].value())),
    )


def add_person_problems(form: PersonForm, more: dict[str, str] | None = None) -> None:
    """The service's checks of a person's identifiers (and ``more`` problems of the page's
    own), for each field the form read without a problem of its own (so that every
    problem shows at once and nothing is reported twice)."""
    data = form.cleaned_data
    problems = person_problems(
        given_name=data.get("given_name", ""),
        family_name=data.get("family_name", ""),
        # None when the date itself has a problem: the form has reported it.
        date_of_birth=data.get("date_of_birth"),
        local_reference=data.get("local_reference", ""),
        nhs_number=data.get("nhs_number", ""),
        role_in_case=data.get("role_in_case", ""),
    ) | (more or {})
    fresh = {
        field: message
        for field, message in problems.items()
        if field_for(form, field) not in form.errors
    }
    if fresh:
        add_domain_error(form, ValidationFailed(fresh))


@not_found_as_404
@require_http_methods(["GET", "POST"])
def recipient(request: HttpRequest, decision_id: int) -> HttpResponse:
    """Who you are sharing with, or who asked: an organisation of the partnership or one
    outside it. Sharing is never conditional on an agreement between them."""
    decision = draft_for(request, decision_id)
    organisations = [
        (org.pk, org.name)
        for org in Organisation.objects.filter(
            partnership_id=decision.organisation.partnership_id, is_active=True
        ).only("pk", "name")
    ]
    initial = {
        "direction": decision.direction,
        "recipient_organisation_id": decision.recipient_organisation_id or "",
        "external_recipient": decision.external_recipient,
        "recipient_name": decision.recipient_name,
    }
    form = RecipientForm(posted(request), initial=initial, organisations=organisations)
    changed = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        org_id = data["recipient_organisation_id"]
        changes = {
            "direction": data["direction"],
            "recipient_organisation_id": int(org_id) if org_id else None,
            "external_recipient": "" if org_id else data["external_recipient"],
            "recipient_name": data["recipient_name"],
        }
        try:
            services.update_draft(
                actor=request.user,
                decision_id=decision.pk,
                changes=changes,
                step="recipient",
                check=page_check(request, tuple(initial), changes),
            )
            decision.refresh_from_db()
            return continue_from(request, decision, "recipient")
        except ChangedMeanwhile as meanwhile:
            changed = meanwhile
        except DomainError as problem:
            add_domain_error(form, problem)
    return render_step(
        request,
        "decisions/recipient.html",
        decision,
        "recipient",
        status=400 if form.errors else 200,
        edits=tuple(initial),
        changed_meanwhile=changed,
        form=form,
    )


@not_found_as_404
@require_http_methods(["GET", "POST"])
def purpose(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = draft_for(request, decision_id)
    form = PurposeForm(posted(request), initial={"purpose": decision.purpose})
    changed = None
    if request.method == "POST" and form.is_valid():
        changes = {"purpose": form.cleaned_data["purpose"]}
        try:
            decision = services.update_draft(
                actor=request.user,
                decision_id=decision.pk,
                changes=changes,
                step="purpose",
                check=page_check(request, PURPOSE_EDITS, changes),
            )
            return continue_from(request, decision, "purpose")
        except ChangedMeanwhile as meanwhile:
            changed = meanwhile
        except DomainError as problem:
            add_domain_error(form, problem)
    return render_step(
        request,
        "decisions/purpose.html",
        decision,
        "purpose",
        status=400 if form.errors else 200,
        edits=PURPOSE_EDITS,
        changed_meanwhile=changed,
        form=form,
    )


#: What the purpose page saves (``page_revisions``).
PURPOSE_EDITS = ("purpose",)
