"""Downloads: the organisation's records as CSV (advisors), one record as a PDF, and a
person's subject access bundle (advisors). Every download is audited."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from infoshare.core.errors import NotFound
from infoshare.decisions import exports
from infoshare.decisions.selectors import (
    get_decision_for,
    get_person_for,
    record_decision_viewed,
    versions_of,
    with_related,
)
from infoshare.decisions.selectors.advice import advice_shown_for, advice_shown_to
from infoshare.decisions.selectors.lists import Filters, organisation_decisions
from infoshare.decisions.selectors.people import (
    ADVISING,
    held_by,
    received_ids,
    records_held_about,
    subject_access_holders,
)
from infoshare.decisions.selectors.scope import orgs_where
from infoshare.decisions.services.exports import record_exports, record_subject_access
from infoshare.decisions.views.common import not_found_as_404
from infoshare.decisions.views.filters import FilterForm

EXPORT_LIMIT = 50_000


@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    """The current final records of the organisations where the user is an advisor (not
    those they only manage or lead), audited for each organisation with its count; at most
    ``EXPORT_LIMIT``, newest first, with a last line saying so when there were more."""
    form = FilterForm(request.GET or None, user=request.user)
    if form.is_bound and not form.is_valid():
        # The filters again, with the error summary, to correct and download from.
        return render(request, "decisions/export_filters.html", {"form": form}, status=400)
    filters = form.filters() if form.is_bound else Filters()
    # One more than the limit, to know whether there were more (the CSV's last line says so).
    found = list(
        exports.for_csv(
            with_related(organisation_decisions(request.user, filters, roles=ADVISING))
        )[: EXPORT_LIMIT + 1]
    )
    cut_short = len(found) > EXPORT_LIMIT
    del found[EXPORT_LIMIT:]
    record_exports(
        actor=request.user,
        kind="decisions_csv",
        organisation_ids=orgs_where(request.user, ADVISING),
        records=found,
        filters=filters.applied(),
    )
    content = exports.decisions_csv(found, cut_short_at=EXPORT_LIMIT if cut_short else None)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="decisions.csv"'
    return response


@not_found_as_404
@require_GET
def decision_pdf(request: HttpRequest, decision_id: int) -> HttpResponse:
    """The record as its page shows it to the viewer (the advice only to the recording
    organisation's staff); audited as a view of the record once the PDF is made, so that a
    download that fails claims no view."""
    decision = get_decision_for(request.user, decision_id)
    pdf = exports.decision_pdf(
        decision,
        viewer=request.user,
        advice=advice_shown_to(request.user, decision),
        versions=versions_of(request.user, decision),
    )
    record_decision_viewed(request.user, decision, via="pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{decision.reference}-v{decision.version}.pdf"'
    )
    return response


@not_found_as_404
@require_GET
def subject_access(request: HttpRequest, person_id: int) -> HttpResponse:
    """Everything the advisor's organisation holds about the person entry, for a subject
    access request, as PDF and JSON with the same content: the records it made about them
    (final and superseded versions, and the drafts its staff are writing, marked as
    drafts, with the advice asked from each, a draft's asked so far, and saying who made
    it), and the records other organisations shared with it about them, as it sees them.
    For any person whose page the advisor may see and whom their organisation holds
    records about (``subject_access_holders``); otherwise not found. Audited for each
    organisation whose holdings it covers, naming the records."""
    person = get_person_for(request.user, person_id)
    holders = subject_access_holders(request.user, person)
    if not holders:
        raise NotFound()
    found = list(records_held_about(request.user, person))
    received = received_ids(request.user, found)
    record_subject_access(actor=request.user, person=person, held=held_by(holders, found))
    # A draft's advice is still in the advice app (a final record keeps its own): the
    # advisor works for the recording organisation, so is shown it.
    advice = advice_shown_for(request.user, [d for d in found if d.is_draft])
    bundle = exports.subject_access_bundle(
        person, found, holders=holders, received=received, made_by=request.user, advice=advice
    )
    response = HttpResponse(bundle, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{person.pk}.zip"'
    return response
