"""Reading one agreement, drafting it and its parties."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from infoshare.agreements import selectors, services
from infoshare.agreements.forms import AgreementForm, EditAgreementForm, PartyForm
from infoshare.agreements.views._helpers import (
    add_errors,
    change_problem,
    managed_agreement,
    not_found_as_404,
    posted,
    refused_on_get,
)
from infoshare.core.errors import DomainError
from infoshare.core.page_keys import new_page_key, sent_key, success_once
from infoshare.core.pages import form_status

#: The hidden field that carries the create page's own key (``core.page_keys``).
PAGE_KEY = "page_key"


@require_GET
@not_found_as_404
def agreement_detail(request: HttpRequest, agreement_id: int) -> HttpResponse:
    detail = selectors.agreement_detail_for(request.user, agreement_id)
    return render(
        request,
        "agreements/agreement_detail.html",
        {"detail": detail, "agreement": detail.agreement},
    )


@require_http_methods(["GET", "POST"])
def agreement_create(request: HttpRequest) -> HttpResponse:
    """Creates a draft. The page carries its own key, so that the same page sent twice (a
    double press, a resent form) makes one draft, and the repeat goes where the first
    went; the page used again after going Back, with something else typed, makes
    another."""
    organisations = selectors.lead_organisation_choices(request.user)
    if not organisations:
        raise PermissionDenied
    form = AgreementForm(posted(request), organisations=organisations)
    if request.method == "POST" and form.is_valid():
        lead = form.cleaned_data["lead_organisation"]
        content = form.content()
        try:
            agreement, _ = services.start_draft_agreement(
                actor=request.user,  # type: ignore[arg-type]
                lead_organisation_id=lead,
                content=content,
                idempotency_key=sent_key(
                    request, PAGE_KEY, "agreement-page", {"lead": lead, **content}
                ),
            )
        except DomainError as error:
            add_errors(form, error)
        else:
            success_once(request, "Draft agreement created. Now add the parties.")
            return redirect("agreements:party_add", agreement_id=agreement.pk)
    context = {"form": form, "creating": True, "page_key": new_page_key()}
    return render(request, "agreements/agreement_form.html", context, status=form_status(form))


@require_http_methods(["GET", "POST"])
@not_found_as_404
def agreement_edit(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = managed_agreement(request, agreement_id)
    if refused := refused_on_get(request, agreement, change_problem(agreement)):
        return refused
    initial = AgreementForm.initial_from(agreement)
    form = EditAgreementForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_draft(
                actor=request.user,  # type: ignore[arg-type]
                agreement_id=agreement.pk,
                **form.content(),
            )
        except DomainError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Draft saved")
            return redirect("agreements:agreement_detail", agreement_id=agreement.pk)
    context = {"form": form, "agreement": agreement, "creating": False}
    return render(request, "agreements/agreement_form.html", context, status=form_status(form))


@require_http_methods(["GET", "POST"])
@not_found_as_404
def party_add(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = managed_agreement(request, agreement_id)
    if refused := refused_on_get(request, agreement, change_problem(agreement)):
        return refused
    choices: dict[str, Any] = {
        "organisations": list(
            selectors.organisations_for_register(request.user).filter(
                partnership_id=agreement.partnership_id, is_active=True
            )
        ),
        "signatories": selectors.signatory_choices(agreement.partnership_id),
    }
    form = PartyForm(posted(request), **choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            party = services.add_party(
                actor=request.user,  # type: ignore[arg-type]
                agreement_id=agreement.pk,
                organisation_id=data["organisation"],
                external_party_name=data["external_party_name"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                signatory_id=data["signatory"],
                external_signatory_name=data["external_signatory_name"],
            )
        except DomainError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{party.name} added as a party")
            if "add_another" in request.POST:
                return redirect("agreements:party_add", agreement_id=agreement.pk)
            return redirect("agreements:agreement_detail", agreement_id=agreement.pk)
    parties = list(agreement.parties.all())
    context = {"form": form, "agreement": agreement, "parties": parties}
    return render(request, "agreements/party_form.html", context, status=form_status(form))
