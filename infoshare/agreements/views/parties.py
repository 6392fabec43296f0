"""Naming who signs for a party of a draft."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from infoshare.agreements import errors, permissions, selectors, services
from infoshare.agreements.forms import ExternalSignatoryForm, OrganisationSignatoryForm
from infoshare.agreements.views._helpers import (
    add_errors,
    change_problem,
    managed_agreement,
    not_found_as_404,
    posted,
    refused_on_get,
)
from infoshare.core.errors import DomainError
from infoshare.core.pages import form_status


@require_http_methods(["GET", "POST"])
@not_found_as_404
def party_signatory(request: HttpRequest, agreement_id: int, party_id: int) -> HttpResponse:
    """For an organisation, a choice of the people who may sign for it; when it has none,
    the page says why and what to do. For an external party, the signatory's name."""
    agreement = managed_agreement(request, agreement_id)
    party = next((p for p in agreement.parties.all() if p.pk == party_id), None)
    if party is None:
        raise Http404("Party not found")
    if refused := refused_on_get(request, agreement, change_problem(agreement)):
        return refused
    people = (
        [] if party.is_external else selectors.signatory_choices_for(party.organisation_id)  # type: ignore[arg-type]
    )
    form: forms.Form
    if party.is_external:
        form = ExternalSignatoryForm(
            posted(request), initial={"external_signatory_name": party.external_signatory_name}
        )
    else:
        form = OrganisationSignatoryForm(
            posted(request),
            party_name=party.name,
            people=people,
            nobody=errors.NOBODY_CAN_SIGN.format(organisation=party.name),
            initial={"signatory": party.signatory_id},
        )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.change_party_signatory(
                actor=request.user,  # type: ignore[arg-type]
                agreement_id=agreement.pk,
                party_id=party.pk,
                signatory_id=form.cleaned_data.get("signatory"),
                external_signatory_name=form.cleaned_data.get("external_signatory_name", ""),
            )
        except DomainError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{changed.signatory_label} will sign for {party.name}")
            return redirect("agreements:agreement_detail", agreement_id=agreement.pk)
    context = {
        "form": form,
        "agreement": agreement,
        "party": party,
        "people": people,
        "nobody_can_sign": not party.is_external and not people,
        "eligible_roles": permissions.SIGNATORY_ROLES_TEXT,
    }
    status = form_status(form)
    return render(request, "agreements/party_signatory.html", context, status=status)
