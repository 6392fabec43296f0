"""Confirmation pages for each step of sign-off: send, sign, refuse, new version,
withdraw, remove a party. GET shows what will happen; POST does it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from infoshare.agreements import errors, selectors, services
from infoshare.agreements.forms import ConfirmForm, ReasonForm
from infoshare.agreements.models import Agreement, AgreementParty, Status
from infoshare.agreements.views._helpers import (
    add_errors,
    change_problem,
    int_or_none,
    managed_agreement,
    new_version_problem,
    not_found_as_404,
    posted,
    refused_on_get,
    sign_problem,
    withdraw_problem,
)
from infoshare.core.errors import DomainError
from infoshare.core.pages import form_status


def _confirm(
    request: HttpRequest,
    agreement: Agreement,
    *,
    form: forms.Form,
    act: Callable[[], Any],
    done: str,
    page: dict[str, Any],
    redirect_to: Callable[[Any], HttpResponse] | None = None,
    error_links: Callable[[DomainError], list[tuple[str, str]]] | None = None,
) -> HttpResponse:
    """GET shows what will happen; POST does it. ``error_links`` turns a refusal into
    error summary links to the pages where it can be put right."""
    links: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = act()
        except DomainError as error:
            if error.status == 404:
                raise Http404(error.message) from error
            add_errors(form, error)
            links = error_links(error) if error_links else []
        else:
            messages.success(request, done)
            if redirect_to is not None:
                return redirect_to(result)
            return redirect("agreements:agreement_detail", agreement_id=agreement.pk)
    status = form_status(form)
    context = {"form": form, "agreement": agreement, "error_links": links, **page}
    return render(request, "agreements/confirm.html", context, status=status)


@require_http_methods(["GET", "POST"])
@not_found_as_404
def agreement_submit(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = managed_agreement(request, agreement_id)
    if refused := refused_on_get(request, agreement, change_problem(agreement)):
        return refused
    return _confirm(
        request,
        agreement,
        form=ConfirmForm(posted(request)),
        act=lambda: services.submit_for_signature(actor=request.user, agreement_id=agreement.pk),  # type: ignore[arg-type]
        done="Sent for signature. Each party's signatory can now sign.",
        page={
            "heading": "Send this agreement for signature",
            "lead": "Each party's named signatory will be asked to sign. You cannot change the agreement while it awaits signatures; a signatory who refuses sends it back to draft.",
            "button": "Send for signature",
        },
        error_links=lambda error: _submit_error_links(agreement, error),
    )


def _submit_error_links(agreement: Agreement, error: DomainError) -> list[tuple[str, str]]:
    """Where to put right what stops the agreement being sent: a link per party without
    a signatory to its signatory page, or to adding a party."""
    if error.code == "too_few_parties":
        return [(reverse("agreements:party_add", args=[agreement.pk]), errors.ADD_PARTIES)]
    if error.code == "signatory_missing":
        parties = agreement.parties.select_related("organisation", "signatory")
        return [
            (
                reverse("agreements:party_signatory", args=[agreement.pk, party.pk]),
                errors.NAME_A_SIGNATORY.format(party=party.name),
            )
            for party in parties
            if not party.has_signatory
        ]
    return []


def _party_for_signing(request: HttpRequest, agreement: Agreement) -> AgreementParty | None:
    """The party named in the request, else the person's own party still to sign; None
    when they have none (a party named but not of this agreement is not found)."""
    raw = request.POST.get("party") or request.GET.get("party")
    parties = agreement.parties.all()
    if raw:
        party_id = int_or_none(raw)
        party = next((p for p in parties if p.pk == party_id), None)
        if party is None:
            raise Http404("Party not found")
        return party
    return next((p for p in parties if p.signatory_id == request.user.pk and not p.signed_at), None)


def _signing(request: HttpRequest, agreement: Agreement) -> AgreementParty | HttpResponse:
    """The party to sign (or refuse) for; on a GET, back to the agreement saying why when
    the person cannot sign for it now (the service refuses a POST the same way)."""
    party = _party_for_signing(request, agreement)
    problem: str | None
    if party is None:
        if request.method != "GET":
            raise Http404("Party not found")
        awaiting = agreement.status == Status.AWAITING_SIGNATURE
        problem = errors.NOTHING_TO_SIGN if awaiting else errors.NOT_AWAITING
    else:
        problem = sign_problem(request.user, agreement, party)
    refused = refused_on_get(request, agreement, problem)
    if refused is not None:
        return refused
    if party is None:  # for the type checker: a missing party was answered above
        raise Http404("Party not found")
    return party


@require_http_methods(["GET", "POST"])
@not_found_as_404
def agreement_sign(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = selectors.get_agreement_for(request.user, agreement_id)
    party = _signing(request, agreement)
    if isinstance(party, HttpResponse):
        return party
    for_external = party.is_external
    return _confirm(
        request,
        agreement,
        form=ConfirmForm(posted(request)),
        act=lambda: services.sign_agreement(
            actor=request.user,  # type: ignore[arg-type]
            agreement_id=agreement.pk,
            party_id=party.pk,
        ),
        done=f"Signed for {party.name}",
        page={
            "heading": f"Record the signature of {party.name}"
            if for_external
            else f"Sign for {party.name}",
            "lead": (
                f"Record that {party.signatory_label} signed for {party.name}, for example on a signed copy you have uploaded."
                if for_external
                else f"By signing you confirm that {party.name} agrees to this agreement, version {agreement.version}. The agreement becomes active when every party has signed."
            ),
            "button": "Record signature" if for_external else "Sign the agreement",
            "party": party,
            "show_summary": True,
        },
    )


@require_http_methods(["GET", "POST"])
@not_found_as_404
def agreement_refuse(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = selectors.get_agreement_for(request.user, agreement_id)
    party = _signing(request, agreement)
    if isinstance(party, HttpResponse):
        return party
    form = ReasonForm(posted(request))
    form.fields["reason"].label = "Why are you not signing?"
    form.fields["reason"].help_text = "The agreement's owner will see this and can change the draft"
    return _confirm(
        request,
        agreement,
        form=form,
        act=lambda: services.refuse_to_sign(
            actor=request.user,  # type: ignore[arg-type]
            agreement_id=agreement.pk,
            party_id=party.pk,
            reason=form.cleaned_data["reason"],
        ),
        done="You did not sign. The agreement is back in draft with your reason.",
        page={
            "heading": f"Do not sign for {party.name}",
            "lead": "The agreement goes back to draft. Every party signs again once it has been changed.",
            "button": "Do not sign",
            "party": party,
            "warning": True,
        },
    )


@require_http_methods(["GET", "POST"])
@not_found_as_404
def new_version(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = managed_agreement(request, agreement_id)
    following = selectors.next_version_in_preparation(agreement)
    if following is not None:
        # One version is prepared at a time: take them to it rather than to an error.
        messages.info(
            request, f"Version {following.version} is already being prepared. Continue it here."
        )
        return redirect("agreements:agreement_detail", agreement_id=following.pk)
    if refused := refused_on_get(request, agreement, new_version_problem(agreement)):
        return refused
    return _confirm(
        request,
        agreement,
        form=ConfirmForm(posted(request)),
        act=lambda: services.start_new_version(actor=request.user, agreement_id=agreement.pk),  # type: ignore[arg-type]
        done="New draft version started",
        page={
            "heading": f"Start version {agreement.version + 1}",
            "lead": f"This copies version {agreement.version} into a new draft with the same parties. Version {agreement.version} stays in force until every party has signed the new version.",
            "button": "Start a new version",
        },
        redirect_to=lambda new: redirect("agreements:agreement_edit", agreement_id=new.pk),
    )


@require_http_methods(["GET", "POST"])
@not_found_as_404
def agreement_withdraw(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = managed_agreement(request, agreement_id)
    if refused := refused_on_get(request, agreement, withdraw_problem(agreement)):
        return refused
    form = ReasonForm(posted(request))
    form.fields["reason"].label = "Why is the agreement being withdrawn?"
    abandoning = agreement.status in (Status.DRAFT, Status.AWAITING_SIGNATURE)
    return _confirm(
        request,
        agreement,
        form=form,
        act=lambda: services.withdraw_agreement(
            actor=request.user,  # type: ignore[arg-type]
            agreement_id=agreement.pk,
            reason=form.cleaned_data["reason"],
        ),
        done="Agreement withdrawn",
        page={
            "heading": "Abandon this draft" if abandoning else "Withdraw this agreement",
            "lead": "The agreement stays in the register as withdrawn. Staff keep sharing information as the guidance says, case by case: an agreement is never needed to share.",
            "button": "Withdraw",
            "warning": True,
        },
    )


@require_http_methods(["GET", "POST"])
@not_found_as_404
def party_remove(request: HttpRequest, agreement_id: int, party_id: int) -> HttpResponse:
    agreement = managed_agreement(request, agreement_id)
    party = next((p for p in agreement.parties.all() if p.pk == party_id), None)
    if party is None:
        raise Http404("Party not found")
    if refused := refused_on_get(request, agreement, change_problem(agreement)):
        return refused
    return _confirm(
        request,
        agreement,
        form=ConfirmForm(posted(request)),
        act=lambda: services.remove_party(
            actor=request.user,  # type: ignore[arg-type]
            agreement_id=agreement.pk,
            party_id=party.pk,
        ),
        done=f"{party.name} removed",
        page={
            "heading": f"Remove {party.name} from this draft",
            "lead": "You can add the party again later.",
            "button": "Remove party",
            "warning": True,
        },
    )
