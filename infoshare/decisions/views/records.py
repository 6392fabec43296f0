"""Decision records: lists, the record page, amendments, countersigning, a person's page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, ResolverMatch, resolve, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from infoshare.agreements.selectors import active_agreement_between
from infoshare.core.access import roles_held
from infoshare.core.errors import Conflict, DomainError, NotFound
from infoshare.core.pages import add_domain_error, form_status, paginate_without_count, url_for_each
from infoshare.core.roles import Role
from infoshare.core.times import datetime_text
from infoshare.decisions import engine, flow, home, services
from infoshare.decisions.exports import holds, organisation_names
from infoshare.decisions.forms import AmendForm, CountersignForm
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.received import received_links
from infoshare.decisions.selectors import (
    get_decision_for,
    get_person_for,
    lists,
    record_decision_viewed,
    versions_of,
    view_decision_for,
)
from infoshare.decisions.selectors.advice import advice_shown_to
from infoshare.decisions.selectors.countersign import countersign_shown_to
from infoshare.decisions.selectors.decisions import record_listed
from infoshare.decisions.selectors.lists import Filters
from infoshare.decisions.selectors.people import (
    ADVISING,
    record_person_viewed,
    sees_identifiers,
    subject_access_holders,
)
from infoshare.decisions.selectors.scope import (
    OVERSIGHT_ROLES,
    RECORDING_ROLES,
    manages,
    orgs_where,
    recipient_orgs,
)
from infoshare.decisions.summary import (
    RECOMMENDATION_LABELS,
    compare_rows,
    explanation_for,
    record_rows,
    security_caution,
)
from infoshare.decisions.views.common import not_found_as_404, posted
from infoshare.decisions.views.exports import EXPORT_LIMIT
from infoshare.decisions.views.filters import FilterForm
from infoshare.partnerships.models import Organisation


def past_the_end(page: Any) -> bool:
    """A page after the first with nothing on it (an old link, or a number typed into the
    address): the table says so and links to the first page, not to the one before."""
    return page.number > 1 and not page.object_list


def _linked_rows(
    user: Any, *, shared_with_person: bool = False, marks_received: bool = False
) -> Any:
    """The page's rows, each linked to its record (or, for the author's own draft, to where
    they left off). ``shared_with_person``: each row's recipient is only the person it was
    shared with, if one was named (the organisation is the reader's). ``marks_received``
    (a page mixing records of the reader's organisation with records shared with it):
    each row of another organisation, which the reader sees only as shared with theirs
    (``decisions_visible_to``), is marked as received, so that its other party is who
    shared it (rows read ``with_sender``). From the memberships already read: no query."""
    detail = url_for_each("decisions:decision_detail", "decision_id")
    resume = url_for_each("decisions:resume", "decision_id")
    own_orgs = orgs_where(user, RECORDING_ROLES) if marks_received else set()

    def rows(values: list[dict[str, Any]]) -> list[lists.DecisionRow]:
        found = lists.rows_for(values)
        for row, value in zip(found, values, strict=True):
            own_draft = row.is_draft and row.author_id == user.pk
            row.href = (resume if own_draft else detail)(row.pk)
            if shared_with_person:
                row.recipient_label = value["recipient_name"]
            if marks_received:
                row.received = row.organisation_id not in own_orgs
        return found

    return rows


def _names_in_words(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return f"{', '.join(names[:-1])} and {names[-1]}" if len(names) > 1 else "".join(names)


def _export_note(user: Any) -> dict[str, str]:
    """What the CSV download of the organisation's list holds, said under its link: at most
    ``EXPORT_LIMIT`` records and, when the list shows more organisations than that (the
    user manages or leads one where they are not an advisor), which organisations it holds
    and which it leaves out, so that a row of the list missing from the CSV is explained."""
    note = {"limit": f"{EXPORT_LIMIT:,}"}
    listed = orgs_where(user, OVERSIGHT_ROLES)
    advised = orgs_where(user, ADVISING)
    if listed - advised:
        names = dict(Organisation.objects.filter(pk__in=listed).values_list("pk", "name"))
        note["included"] = _names_in_words(sorted(names[pk] for pk in advised & names.keys()))
        note["left_out"] = _names_in_words(sorted(names[pk] for pk in listed - advised))
    return note


def _list(
    request: HttpRequest,
    query: Any,
    title: str,
    *,
    scope: str,
    empty: str = "No decisions yet.",
    with_sender: bool = False,
    shared_with_person: bool = False,
) -> HttpResponse:
    """A list page: filters, one page of rows (no count), and an audit event for each
    organisation whose records it shows (the rows name the people they are about).
    ``shared_with_person``: the column of the other party names only the person each
    record was shared with (``_linked_rows``)."""
    form = FilterForm(request.GET or None, user=request.user, scope=scope)
    invalid = form.is_bound and not form.is_valid()
    held = roles_held(request.user)
    links = {
        "mine": True,
        "team": Role.MANAGER in held,
        "organisation": bool(held & OVERSIGHT_ROLES),
        "shared": bool(held & RECORDING_ROLES),
        "export": Role.ADVISOR in held and query is lists.organisation_decisions and not invalid,
    }
    context: dict[str, Any] = {
        "title": title,
        "scope": scope,
        "form": form,
        "links": links,
        "empty": empty,
        "with_sender": with_sender,
        "shared_with_person": shared_with_person,
    }
    if links["export"]:
        context["export_note"] = _export_note(request.user)
    if invalid:
        # No rows while a filter is wrong: the whole list would pass for the filtered one.
        context["filter_errors"] = True
        return render(request, "decisions/list.html", context, status=400)
    filters = form.filters() if form.is_bound else Filters()
    found = lists.as_rows(query(request.user, filters), with_sender=with_sender)
    rows = _linked_rows(request.user, shared_with_person=shared_with_person)
    context |= paginate_without_count(request, found, rows=rows)
    context["filtered"] = filters.any
    page = context["page_obj"]
    context["past_end"] = past_the_end(page)
    record_listed(
        request.user, page.object_list, {"via": "page", "scope": scope, "page": page.number}
    )
    return render(request, "decisions/list.html", context)


@require_GET
def my_decisions(request: HttpRequest) -> HttpResponse:
    return _list(request, lists.my_decisions, "Your decisions", scope="mine")


@require_GET
def team_decisions(request: HttpRequest) -> HttpResponse:
    return _list(request, lists.team_decisions, "Your team's decisions", scope="team")


@require_GET
def organisation_decisions(request: HttpRequest) -> HttpResponse:
    return _list(
        request, lists.organisation_decisions, "Your organisation's decisions", scope="organisation"
    )


@require_GET
def shared_with_us(request: HttpRequest) -> HttpResponse:
    """Final records other organisations shared with the user's organisation (for its
    practitioners, managers, advisors and senior leads). Their other party is that
    organisation, so the list names the person there each was shared with instead, unless
    the user works for more than one such organisation: it then says which of them, too."""
    return _list(
        request,
        lists.shared_with_us,
        "Shared with your organisation",
        scope="shared",
        empty="Nothing has been shared with your organisation yet.",
        with_sender=True,
        shared_with_person=len(recipient_orgs(request.user)) == 1,
    )


@require_GET
def team_urgent_drafts(request: HttpRequest) -> HttpResponse:
    """Every urgent draft of the manager's team, and their own, soonest due first: the
    page the home page's urgent panels link to when they cannot show them all. It shows
    references, authors and deadlines, not the people's names, like the panels.
    ``?overdue=on`` (the "Urgent records not completed" panel's link): only those past
    their deadline, the drafts that panel counts. ``?in_progress=on`` (the "Urgent
    records in progress in your team" panel's link): only the team's not yet due, without
    the manager's own, the drafts that panel counts."""
    overdue = request.GET.get("overdue") == "on"
    in_progress = not overdue and request.GET.get("in_progress") == "on"
    drafts = home.team_urgent_drafts(request.user, overdue=overdue, in_progress=in_progress)
    context = paginate_without_count(request, drafts)
    context["overdue"] = overdue
    context["in_progress"] = in_progress
    page = context["page_obj"]
    context["past_end"] = past_the_end(page)
    detail = url_for_each("decisions:decision_detail", "decision_id")
    resume = url_for_each("decisions:resume", "decision_id")
    context["rows"] = [
        {
            "decision": draft,
            "href": (resume if draft.author_id == request.user.pk else detail)(draft.pk),
            "due": home.due_summary(draft.urgent_due_at),
        }
        for draft in page.object_list
    ]
    return render(request, "decisions/team_urgent_drafts.html", context)


@require_GET
def leavers_drafts(request: HttpRequest) -> HttpResponse:
    """Every draft the manager may delete because its author has left
    (``home.leavers_drafts``), urgent or not: the page the home page's "Drafts left by
    people who have left" panel links to when it cannot show them all. Each row opens the
    draft's page, which links to deleting it. It shows references, authors and dates, not
    the people's names, like the panel (and the urgent drafts' page), so it is not a list
    to audit; the draft's page is."""
    context = paginate_without_count(request, home.leavers_drafts(request.user))
    page = context["page_obj"]
    context["past_end"] = past_the_end(page)
    detail = url_for_each("decisions:decision_detail", "decision_id")
    context["rows"] = [
        {"decision": draft, "href": detail(draft.pk), "due": home.due_summary(draft.urgent_due_at)}
        for draft in page.object_list
    ]
    return render(request, "decisions/leavers_drafts.html", context)


def _can_amend(user: Any, decision: SharingDecision) -> bool:
    return decision.status == Status.FINAL and services.may_amend(user, decision)


def _can_countersign(user: Any, decision: SharingDecision) -> bool:
    return decision.status == Status.FINAL and _countersigns(user, decision)


def _countersigns(user: Any, decision: SharingDecision) -> bool:
    """Whether ``user`` is a manager who countersigns this record (or did, while it was
    the final version): not yet countersigned, of an organisation that asks for it, and
    not their own."""
    managed = orgs_where(user, frozenset({Role.MANAGER}))
    return (
        decision.organisation.countersign_required
        and decision.countersigned_by_id is None
        and decision.organisation_id in managed
        and decision.author_id != user.pk
    )


@not_found_as_404
@require_GET
def decision_detail(request: HttpRequest, decision_id: int) -> HttpResponse:
    """The record (prints well); every view is audited."""
    decision = view_decision_for(request.user, decision_id)
    result = engine.evaluate(decision.answers, decision.edition)
    recommended: str = result.recommendation if decision.is_draft else decision.recommendation
    amendment = SharingDecision.objects.filter(previous=decision).only("id", "status").first()
    versions = versions_of(request.user, decision)
    # The page speaks to its author as "you"; anyone else reads who answered and decided.
    own = decision.author_id == request.user.pk
    alert = decision.is_draft and flow.at_risk(decision.answers)
    # The banner and the explanation name who can share first and complete the record:
    # only its author, unless they have left (the rule of the link to delete a leaver's draft).
    author_left = alert and not own and services.author_has_left(decision)
    return render(
        request,
        "decisions/decision_detail.html",
        {
            "decision": decision,
            "rows": record_rows(decision, viewer=request.user, author_reading=own),
            "recommended": RECOMMENDATION_LABELS.get(recommended, recommended),
            "explanation": explanation_for(
                decision, result.explanation, author_reading=own, author_left=author_left
            ),
            "caution": security_caution(
                decision.answers, engine.get_edition(decision.edition), result, for_author=own
            ),
            "people": list(decision.people.all()),
            "versions": versions,
            "later_version": _later_version(decision, versions),
            "can_amend": _can_amend(request.user, decision) and amendment is None,
            # Internal to the recording organisation: never shown to a receiving one.
            "advice": advice_shown_to(request.user, decision),
            "show_countersign": countersign_shown_to(request.user, decision),
            "agreement": _agreement_for(decision),
            "can_countersign": _can_countersign(request.user, decision),
            "may_delete_draft": services.may_delete_leavers_draft(request.user, decision),
            # A reader in the organisation it was shared with: asking their advisors about
            # it, and recording their own decision (no query).
            "received_links": received_links(request.user, decision),
            "safeguarding_alert": alert,
            "safeguarding_author": "" if own else str(decision.author),
            "safeguarding_author_left": author_left,
            "back_url": _record_back_url(request),
            # A printed copy says who printed it and when, so a stray copy can be traced.
            "printed_at": timezone.now(),
        },
    )


def _later_version(
    decision: SharingDecision, versions: list[SharingDecision]
) -> SharingDecision | None:
    """The newest finalised version after this one that the viewer may see, if any (a
    superseded record links to it; without one, the viewer is told they cannot see it)."""
    return next(
        (v for v in versions if v.version > decision.version and v.status != Status.DRAFT),
        None,
    )


#: The lists of records: a record's page and a person's page go back to the one they were
#: opened from.
LISTS = frozenset(
    {
        "decisions:my_decisions",
        "decisions:team_decisions",
        "decisions:organisation_decisions",
        "decisions:shared_with_us",
    }
)
#: The pages a record is opened from that its back link returns to: the lists, a person's
#: page, the manager's lists of their team's urgent drafts and of leavers' drafts, and
#: (``_record_back_url``) the page countersigning a record, whose "Read the full record"
#: opens it.
RECORD_OPENED_FROM = LISTS | {
    "decisions:person_detail",
    "decisions:team_urgent_drafts",
    "decisions:leavers_drafts",
}
COUNTERSIGN = "decisions:countersign"
#: The query of a record's address in the countersign page's links to read it ("Read the
#: full record", an earlier version): only a record opened by one of them leads back there.
#: The countersign page's own Back link to the record is without it, so that the two pages
#: never send the manager back and forth between them.
OPENED_FROM_COUNTERSIGNING = ("from", "countersign")
#: The pages the countersign page is opened from that its back link returns to: the home
#: page (its "Records to countersign" panel) and the lists; from anywhere else (the record,
#: whose Countersign button opens it), back to the record.
COUNTERSIGN_OPENED_FROM = LISTS | {"core:home"}
#: A person's page is opened from a record; it goes back to a list, or home (a link back
#: to the record, which links back here, would send the person round in a circle).
PERSON_OPENED_FROM = LISTS


def _came_from(request: HttpRequest) -> tuple[str, ResolverMatch] | None:
    """The page of this service the person came from: its address (with its page number
    and filters) and what it resolves to, from the Referer header, which the browser sends
    to the same origin only; None for any other."""
    came_from = urlsplit(request.headers.get("referer", ""))
    if came_from.scheme not in ("http", "https") or came_from.netloc != request.get_host():
        return None
    try:
        page = resolve(came_from.path)
    except Resolver404:
        return None
    return urlunsplit(("", "", came_from.path, came_from.query, "")), page


def back_url(request: HttpRequest, opened_from: frozenset[str], otherwise: str = "") -> str:
    """The GOV.UK back link: the page of this service the person came from, when it is
    one of ``opened_from``; otherwise ``otherwise``, or the home page."""
    found = _came_from(request)
    if found is not None and found[1].view_name in opened_from:
        return found[0]
    return otherwise or reverse("core:home")


def _record_back_url(request: HttpRequest) -> str:
    """A record's back link (``back_url``): also back to countersigning a record, while it
    waits to be countersigned, when the record was opened by one of that page's links to
    read it (``OPENED_FROM_COUNTERSIGNING``), not by its Back link, which leads here: the
    record would then lead back to the page the manager just went back from, and so on
    round. Once it is countersigned (the countersign page sends the manager on to the
    record, still sent from that page) the page would only send them back here, so the
    link goes home."""
    name, value = OPENED_FROM_COUNTERSIGNING
    found = _came_from(request)
    if found is not None and found[1].view_name == COUNTERSIGN and request.GET.get(name) == value:
        waiting = SharingDecision.objects.filter(
            pk=found[1].kwargs["decision_id"],
            organisation_id__in=orgs_where(request.user, frozenset({Role.MANAGER})),
            countersigned_by__isnull=True,
        )
        return found[0] if waiting.exists() else reverse("core:home")
    return back_url(request, RECORD_OPENED_FROM)


def _agreement_for(decision: SharingDecision) -> dict[str, str] | None:
    """For information only: an agreement in force between the two organisations. Its
    absence is never a reason not to share, and nothing depends on it."""
    if decision.recipient_organisation_id is None:
        return None
    found = active_agreement_between(decision.organisation_id, decision.recipient_organisation_id)
    if found is None:
        return None
    return {
        "title": str(found),
        "href": reverse("agreements:agreement_detail", kwargs={"agreement_id": found.pk}),
    }


@not_found_as_404
@require_http_methods(["GET", "POST"])
def amend(request: HttpRequest, decision_id: int) -> HttpResponse:
    """Correct a final record: a new version with a reason (the old one is kept). The
    view is audited once the person is known to be allowed to amend it."""
    decision = get_decision_for(request.user, decision_id)
    if not _can_amend(request.user, decision):
        raise NotFound()
    record_decision_viewed(request.user, decision)
    form = AmendForm(posted(request))
    in_progress = (
        SharingDecision.objects.filter(previous=decision, status=Status.DRAFT)
        .select_related("author")
        .first()
    )
    # A leaver's amendment stops nobody: starting a new one withdraws it.
    if in_progress is not None and not services.author_has_left(in_progress):
        return _amendment_in_progress(request, decision, in_progress, form)
    if request.method == "POST" and form.is_valid():
        try:
            amendment, _ = services.amend_decision(
                actor=request.user, decision_id=decision.pk, reason=form.cleaned_data["reason"]
            )
            return redirect(flow.step_url(amendment, "finalise"))
        except DomainError as problem:
            add_domain_error(form, problem)
    return _form_page(request, "decisions/amend.html", decision, form)


def _amendment_in_progress(
    request: HttpRequest, decision: SharingDecision, amendment: SharingDecision, form: AmendForm
) -> HttpResponse:
    """The amend page while an amendment of the record is already in progress: it says so
    rather than start another. The person who started it sees its reason, continues it,
    or deletes it to start again with another reason (the reason of a version in progress
    is not changed here). The same reason sent again (a second press) continues it where
    it was left; a different one is not saved, and the page says so, quoting it (400)."""
    own = amendment.author_id == request.user.pk
    not_saved = ""
    status = 200
    if request.method == "POST":
        typed = (form.cleaned_data.get("reason", "") if form.is_valid() else "").strip()
        if own and typed == amendment.amendment_reason:
            return redirect(flow.step_url(amendment, flow.resume_step(amendment)))
        not_saved, status = typed, 400
    context = {
        "decision": decision,
        "form": form,
        "in_progress": amendment,
        "own_amendment": own,
        "may_withdraw": not own and manages(request.user, decision.organisation_id),
        "not_saved": not_saved,
        "has_errors": request.method == "POST",
    }
    return render(request, "decisions/amend.html", context, status=status)


@not_found_as_404
@require_http_methods(["GET", "POST"])
def withdraw_amendment(request: HttpRequest, decision_id: int) -> HttpResponse:
    """A manager deletes someone else's amendment in progress of a final record of their
    organisation, after confirming, so that the record can be corrected again."""
    decision = get_decision_for(request.user, decision_id)
    if not manages(request.user, decision.organisation_id):
        raise NotFound()
    amendment = (
        SharingDecision.objects.filter(previous=decision, status=Status.DRAFT)
        .exclude(author_id=request.user.pk)
        .select_related("author")
        .first()
    )
    amend_url = reverse("decisions:amend", kwargs={"decision_id": decision.pk})
    if request.method == "POST":
        try:
            withdrawn = services.withdraw_amendment(actor=request.user, decision_id=decision.pk)
        except Conflict as problem:
            messages.error(request, problem.message)
            return redirect(amend_url)
        messages.success(request, f"{withdrawn.author}'s amendment of {decision.label} deleted")
        return redirect(amend_url)
    if amendment is None:
        return redirect(amend_url)
    record_decision_viewed(request.user, decision)
    context = {"decision": decision, "amendment": amendment, "back_url": amend_url}
    return render(request, "decisions/withdraw_amendment.html", context)


@not_found_as_404
@require_http_methods(["GET", "POST"])
def delete_leavers_draft(request: HttpRequest, decision_id: int) -> HttpResponse:
    """A manager deletes a draft of their organisation whose author has left, after
    confirming: nobody else could finish or delete it (a current colleague's is not
    offered)."""
    decision = get_decision_for(request.user, decision_id)
    if not services.may_delete_leavers_draft(request.user, decision):
        raise NotFound()
    if request.method == "POST":
        try:
            deleted = services.delete_leavers_draft(actor=request.user, decision_id=decision.pk)
        except Conflict as problem:
            messages.error(request, problem.message)
            return redirect("decisions:decision_detail", decision_id=decision.pk)
        messages.success(request, f"{deleted.author}'s draft {deleted.label} deleted")
        return redirect("core:home")
    record_decision_viewed(request.user, decision)
    back = reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk})
    return render(
        request, "decisions/delete_leavers_draft.html", {"decision": decision, "back_url": back}
    )


@not_found_as_404
@require_http_methods(["GET", "POST"])
def countersign(request: HttpRequest, decision_id: int) -> HttpResponse:
    """The record's summary (the record page's rows) to read before countersigning, and
    a comment. A record countersigned already (in another tab, or by another manager)
    sends the manager to the record (whose page audits the view), saying by whom and when.
    The view is audited once the person is known to be allowed to countersign it."""
    decision = get_decision_for(request.user, decision_id)
    if decision.countersigned_by_id is not None:
        return _countersigned_already(request, decision)
    if decision.is_superseded and _countersigns(request.user, decision):
        return _amended_meanwhile(request, decision)
    if not _can_countersign(request.user, decision):
        raise NotFound()
    record_decision_viewed(request.user, decision)
    form = CountersignForm(posted(request), initial=_kept_comment(request, decision))
    if request.method == "POST" and form.is_valid():
        try:
            services.countersign_decision(
                actor=request.user, decision_id=decision.pk, comment=form.cleaned_data["comment"]
            )
            messages.success(request, f"You countersigned {decision.label}")
            return redirect("decisions:decision_detail", decision_id=decision.pk)
        except Conflict:
            decision.refresh_from_db()
            return _countersigned_already(request, decision)
        except DomainError as problem:
            decision.refresh_from_db()
            if decision.is_superseded:  # amended in the moment since the page was sent
                return _amended_meanwhile(request, decision)
            add_domain_error(form, problem)
    status = form_status(form)
    rows = record_rows(decision, viewer=request.user)
    # An amendment: why, the earlier versions to read, and which rows differ from the
    # version it replaced (a fixed number of queries, however many versions there are).
    earlier = [
        v
        for v in (versions_of(request.user, decision) if decision.version > 1 else [])
        if v.version < decision.version and v.status != Status.DRAFT
    ]
    replaced = next((v for v in earlier if v.pk == decision.previous_id), None)
    removed: list[str] = []
    if replaced is not None:
        rows, removed = compare_rows(rows, record_rows(replaced, viewer=request.user))
    context = {
        "decision": decision,
        "form": form,
        "rows": rows,
        "earlier_versions": earlier,
        "replaced": replaced,
        "removed": removed,
        # Internal to the recording organisation, as on the record page.
        "advice": advice_shown_to(request.user, decision),
        "back_url": _countersign_back_url(request, decision),
        "opened_from_here": "=".join(OPENED_FROM_COUNTERSIGNING),
    }
    return render(request, "decisions/countersign.html", context, status=status)


def _countersign_back_url(request: HttpRequest, decision: SharingDecision) -> str:
    """The countersign page's back link (``back_url``): to the home page or the list it was
    opened from, else to the record (its Countersign button opens the page), by the
    record's address alone, so that the record's own Back link does not lead here again
    (``_record_back_url``)."""
    record = reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk})
    return back_url(request, COUNTERSIGN_OPENED_FROM, otherwise=record)


#: A comment written on the countersign page of a version amended meanwhile: offered on
#: the countersign page of the version that replaced it (its id, and the comment).
KEPT_COMMENT = "infoshare_countersign_comment"


def _amended_meanwhile(request: HttpRequest, decision: SharingDecision) -> HttpResponse:
    """The countersign page of a version amended since it was opened (the manager may
    countersign the record, had it not been amended): on to countersign the version now
    in force, with the comment written kept there; when that version is not theirs to
    countersign, to its record, with the comment in the message so that it is not lost."""
    current = (
        SharingDecision.objects.filter(
            organisation_id=decision.organisation_id,
            reference=decision.reference,
            status=Status.FINAL,
        )
        .select_related("organisation", "countersigned_by")
        .first()
    )
    sent = request.method == "POST"
    comment = str(request.POST.get("comment", "")).strip() if sent else ""
    if current is None:  # not expected: a superseded record has a final version after it
        raise NotFound()
    amended = (
        f"{decision.label} was amended to version {current.version} while you were "
        "writing, so it was not countersigned"
        if sent
        else f"{decision.label} has been amended to version {current.version}"
    )
    if _can_countersign(request.user, current):
        if comment:
            request.session[KEPT_COMMENT] = {"decision_id": current.pk, "comment": comment}
        kept = " Your comment is kept below." if comment else ""
        # Sent: their countersignature was not made (an alert, focused); opened: information.
        said = messages.warning if sent else messages.info
        said(request, f"{amended}: countersign that version.{kept}")
        return redirect("decisions:countersign", decision_id=current.pk)
    if current.countersigned_by_id is not None:
        amended += (
            f". Version {current.version} was countersigned already, by "
            f"{current.countersigned_by} on {datetime_text(current.countersigned_at)}"
        )
    said = messages.warning if sent else messages.info
    said(request, f"{amended}.{f' Your comment was: {comment}' if comment else ''}")
    return redirect("decisions:decision_detail", decision_id=current.pk)


def _kept_comment(request: HttpRequest, decision: SharingDecision) -> dict[str, str]:
    """The comment written on the page of the version this one replaced
    (``_amended_meanwhile``), once, to start the comment box with."""
    kept = request.session.get(KEPT_COMMENT)
    if not kept or kept.get("decision_id") != decision.pk:
        return {}
    del request.session[KEPT_COMMENT]
    return {"comment": str(kept.get("comment", ""))}


def _countersigned_already(request: HttpRequest, decision: SharingDecision) -> HttpResponse:
    # Sent: their countersignature was not made (an alert, focused); opened: information.
    said = messages.warning if request.method == "POST" else messages.info
    said(
        request,
        f"{decision.label} was countersigned already, by {decision.countersigned_by} "
        f"on {datetime_text(decision.countersigned_at)}",
    )
    return redirect("decisions:decision_detail", decision_id=decision.pk)


def _form_page(
    request: HttpRequest, template: str, decision: SharingDecision, form: forms.Form
) -> HttpResponse:
    status = form_status(form)
    return render(request, template, {"decision": decision, "form": form}, status=status)


def _held_by(holders: list[Any]) -> str:
    return f"{organisation_names(holders)} {holds(holders)}" if holders else ""


@not_found_as_404
@require_GET
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    """A person's page: the decisions about them that the viewer may see. Audited as a
    view of the person and, like the list pages, an event for each organisation whose
    records its page of rows shows (naming them, and the person): both in one transaction,
    written once the page's rows are read, so that the page pays one commit."""
    person = get_person_for(request.user, person_id)
    context: dict[str, Any] = {
        "person": person,
        # Staff of a receiving organisation see the name only (selectors.people).
        "identifiers": sees_identifiers(request.user, person),
        # Whose holdings the reader may export for a subject access request, with its verb
        # ("Northshire Council holds"), or "" if they may not.
        "subject_access_by": _held_by(subject_access_holders(request.user, person)),
        "back_url": back_url(request, PERSON_OPENED_FROM),
    }
    # Staff of a receiving organisation read who shared each record with them: the
    # recording organisation's name is read with the rows (a join, not a query).
    found = lists.as_rows(lists.decisions_about(request.user, person), with_sender=True)
    rows = _linked_rows(request.user, marks_received=True)
    context |= paginate_without_count(request, found, rows=rows)
    page = context["page_obj"]
    context["past_end"] = past_the_end(page)
    with transaction.atomic():
        record_person_viewed(request.user, person)
        record_listed(
            request.user,
            page.object_list,
            {"via": "page", "scope": "person", "person": person.pk, "page": page.number},
        )
    return render(request, "decisions/person_detail.html", context)
