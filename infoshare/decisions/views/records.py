"""Decision records: lists, the record page, amendments, countersigning, a person's page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from infoshare.agreements.selectors import active_agreement_between
from infoshare.core.access import roles_held
from infoshare.core.errors import DomainError, NotFound
from infoshare.core.pages import add_domain_error, paginate_without_count, url_for_each
from infoshare.core.roles import Role
from infoshare.decisions import engine, flow, services
from infoshare.decisions.forms import AmendForm, CountersignForm
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.selectors import lists, versions_of, view_decision_for, view_person_for
from infoshare.decisions.selectors.advice import advice_for
from infoshare.decisions.selectors.lists import Filters
from infoshare.decisions.selectors.scope import orgs_where
from infoshare.decisions.summary import RECOMMENDATION_LABELS, record_rows
from infoshare.decisions.views.common import not_found_as_404, posted
from infoshare.decisions.views.filters import FilterForm


def _linked_rows(user: Any) -> Any:
    """The page's rows, each linked to its record (or, for the author's own draft, to where
    they left off)."""
    detail = url_for_each("decisions:decision_detail", "decision_id")
    resume = url_for_each("decisions:resume", "decision_id")

    def rows(values: list[dict[str, Any]]) -> list[lists.DecisionRow]:
        found = lists.rows_for(values)
        for row in found:
            own_draft = row.is_draft and row.author_id == user.pk
            row.href = (resume if own_draft else detail)(row.pk)
        return found

    return rows


def _list(
    request: HttpRequest, query: Any, title: str, template: str = "decisions/list.html"
) -> HttpResponse:
    form = FilterForm(request.GET or None, user=request.user)
    filters = form.filters() if form.is_bound and form.is_valid() else Filters()
    held = roles_held(request.user)
    links = {
        "mine": True,
        "team": Role.MANAGER in held,
        "organisation": bool(held & {Role.MANAGER, Role.ADVISOR, Role.SENIOR_LEAD}),
        "export": Role.ADVISOR in held and query is lists.organisation_decisions,
    }
    context = {"title": title, "form": form, "links": links}
    found = lists.as_rows(query(request.user, filters))
    context |= paginate_without_count(request, found, rows=_linked_rows(request.user))
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, context, status=status)


@require_GET
def my_decisions(request: HttpRequest) -> HttpResponse:
    return _list(request, lists.my_decisions, "Your decisions")


@require_GET
def team_decisions(request: HttpRequest) -> HttpResponse:
    return _list(request, lists.team_decisions, "Your team's decisions")


@require_GET
def organisation_decisions(request: HttpRequest) -> HttpResponse:
    return _list(request, lists.organisation_decisions, "Your organisation's decisions")


def _can_amend(user: Any, decision: SharingDecision) -> bool:
    managed = orgs_where(user, frozenset({Role.MANAGER}))
    return decision.status == Status.FINAL and (
        decision.author_id == user.pk or decision.organisation_id in managed
    )


def _can_countersign(user: Any, decision: SharingDecision) -> bool:
    managed = orgs_where(user, frozenset({Role.MANAGER}))
    return (
        decision.status == Status.FINAL
        and decision.organisation.countersign_required
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
    return render(
        request,
        "decisions/decision_detail.html",
        {
            "decision": decision,
            "rows": record_rows(decision),
            "recommended": RECOMMENDATION_LABELS.get(recommended, recommended),
            "explanation": result.explanation,
            "people": list(decision.people.all()),
            "versions": versions_of(request.user, decision),
            "can_amend": _can_amend(request.user, decision) and amendment is None,
            "advice": (
                [*decision.advice_record, *advice_for(request.user, decision.pk)]
                if decision.is_draft
                else decision.advice_record
            ),
            "agreement": _agreement_for(decision),
            "can_countersign": _can_countersign(request.user, decision),
            "safeguarding_alert": decision.is_draft and decision.answers.get(flow.RISK) == "yes",
        },
    )


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
    """Correct a final record: a new version with a reason (the old one is kept)."""
    decision = view_decision_for(request.user, decision_id)
    if not _can_amend(request.user, decision):
        raise NotFound()
    form = AmendForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            amendment = services.amend_decision(
                actor=request.user, decision_id=decision.pk, reason=form.cleaned_data["reason"]
            )
            return redirect(flow.step_url(amendment, "finalise"))
        except DomainError as problem:
            add_domain_error(form, problem)
    return _form_page(request, "decisions/amend.html", decision, form)


@not_found_as_404
@require_http_methods(["GET", "POST"])
def countersign(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = view_decision_for(request.user, decision_id)
    if not _can_countersign(request.user, decision):
        raise NotFound()
    form = CountersignForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.countersign_decision(
                actor=request.user, decision_id=decision.pk, comment=form.cleaned_data["comment"]
            )
            messages.success(request, f"You countersigned {decision.label}")
            return redirect("decisions:decision_detail", decision_id=decision.pk)
        except DomainError as problem:
            add_domain_error(form, problem)
    return _form_page(request, "decisions/countersign.html", decision, form)


def _form_page(
    request: HttpRequest, template: str, decision: SharingDecision, form: forms.Form
) -> HttpResponse:
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, {"decision": decision, "form": form}, status=status)


@not_found_as_404
@require_GET
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    """A person's page: the decisions about them that the viewer may see; audited."""
    person = view_person_for(request.user, person_id)
    advising = orgs_where(request.user, frozenset({Role.ADVISOR}))
    context = {"person": person, "can_export": person.organisation_id in advising}
    found = lists.as_rows(lists.decisions_about(request.user, person))
    context |= paginate_without_count(request, found, rows=_linked_rows(request.user))
    return render(request, "decisions/person_detail.html", context)
