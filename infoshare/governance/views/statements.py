"""Position statements: read, publish a new version, acknowledge; the reading list;
acknowledgement rates for senior leads."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from infoshare.core.errors import DomainError, NotFound
from infoshare.core.page_keys import new_page_key, sent_key, success_once
from infoshare.core.pages import add_domain_error, paginate
from infoshare.core.roles import Role
from infoshare.governance import board, permissions, selectors, services
from infoshare.governance.forms import PositionStatementForm
from infoshare.governance.models import Policy, PositionStatement, StatementStatus
from infoshare.governance.views._helpers import form_page, found, posted, problem


def position_statement(request: HttpRequest, org_id: int) -> HttpResponse:
    organisation = found(selectors.get_organisation_for, request.user, org_id)
    current, scheduled, versions = selectors.statement_versions(
        list(selectors.statements_of(organisation))
    )
    is_member = org_id in permissions.organisation_ids(request.user)
    acknowledged = bool(current and selectors.has_acknowledged(request.user, statement=current))
    roles = permissions.roles_in_organisation(request.user, org_id)
    return render(
        request,
        "governance/position_statement.html",
        {
            "organisation": organisation,
            "current": current,
            "scheduled": scheduled,
            "history": versions,
            "can_acknowledge": is_member and current is not None and not acknowledged,
            "acknowledged": acknowledged,
            "can_publish": Role.SENIOR_LEAD in roles,
            "can_see_rates": Role.SENIOR_LEAD in roles,
        },
    )


@require_http_methods(["GET", "POST"])
def statement_publish(request: HttpRequest, org_id: int) -> HttpResponse:
    organisation = found(selectors.get_organisation_for, request.user, org_id)
    current = selectors.current_statement_of(organisation)
    scheduled = selectors.scheduled_statement_of(organisation)
    latest = scheduled or current
    initial: dict[str, Any] = {}
    if latest is not None:
        initial = {"title": latest.title, "body": latest.body}
    form = PositionStatementForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            statement = services.publish_position_statement(
                actor=request.user,
                organisation_id=organisation.pk,
                title=data["title"],
                body=data["body"],
                effective_date=data["effective_date"],
                # The same page sent twice publishes one version, and the repeat goes
                # where the first went; used again after going Back, with something
                # else typed, the page publishes another.
                idempotency_key=sent_key(
                    request, "page_key", f"statement-{organisation.pk}", dict(data)
                ),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            success_once(request, _published_message(statement, current))
            return redirect("governance:position_statement", org_id=organisation.pk)
    return form_page(
        request,
        "governance/statement_publish.html",
        form,
        {
            "organisation": organisation,
            "current": current,
            "scheduled": scheduled,
            "page_key": new_page_key(),
        },
    )


def _published_message(statement: PositionStatement, current: PositionStatement | None) -> str:
    done = f"Version {statement.version} of the position statement is published"
    if statement.status != StatementStatus.SCHEDULED:
        return done
    when = f"{statement.effective_date:%-d %B %Y}"
    until = f"; until then version {current.version} stays current" if current else ""
    return f"{done}. It takes effect on {when}{until}"


@require_POST
def statement_acknowledge(request: HttpRequest, org_id: int, statement_id: int) -> HttpResponse:
    back = reverse("governance:position_statement", kwargs={"org_id": org_id})
    organisation = found(selectors.get_organisation_for, request.user, org_id)
    if not selectors.statements_of(organisation).filter(pk=statement_id).exists():
        raise Http404("Position statement not found")
    try:
        services.acknowledge_position_statement(actor=request.user, statement_id=statement_id)
    except NotFound as error:
        raise Http404(error.message) from error
    except DomainError as error:
        return problem(request, error, back=back)
    messages.success(request, "Thank you. You have acknowledged the position statement")
    return redirect(back)


def acknowledgements(request: HttpRequest, org_id: int) -> HttpResponse:
    organisation = found(selectors.get_organisation_for, request.user, org_id)
    return render(
        request,
        "governance/acknowledgements.html",
        {"organisation": organisation, "documents": board.acknowledgement_rates(organisation)},
    )


def to_read(request: HttpRequest) -> HttpResponse:
    """Everything the person has still to read, a page at a time as every list (25): the
    position statements, then the policies."""
    reading = selectors.ReadingList(request.user)
    page = paginate(request, cast(list[Any], reading))
    shown = list(page["page_obj"])
    return render(
        request,
        "governance/to_read.html",
        {
            **page,
            "statements": [item for item in shown if isinstance(item, PositionStatement)],
            "policies": [item for item in shown if isinstance(item, Policy)],
            # Whether there is anything of each kind to read at all, on any page.
            "any_statements": bool(reading.statements),
            "any_policies": reading.policy_count > 0,
        },
    )
