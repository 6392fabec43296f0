"""Confirmation pages for each step of sign-off: send, sign, refuse, new version,
withdraw, remove a party. GET shows what will happen; POST does it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from infoshare.agreements import selectors, services
from infoshare.agreements.forms import ConfirmForm, ReasonForm
from infoshare.agreements.models import Agreement, AgreementParty, Status
from infoshare.agreements.views._helpers import (
    int_or_none,
    managed_agreement,
    not_found_as_404,
    posted,
)
from infoshare.core.errors import DomainError
from infoshare.core.pages import add_domain_error


def _confirm(
    request: HttpRequest,
    agreement: Agreement,
    *,
    form: forms.Form,
    act: Callable[[], Any],
    done: str,
    page: dict[str, Any],
    redirect_to: Callable[[Any], HttpResponse] | None = None,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            result = act()
        except DomainError as error:
            if error.status == 404:
                raise Http404(error.message) from error
            add_domain_error(form, error)
        else:
            messages.success(request, done)
            if redirect_to is not None:
                return redirect_to(result)
            return redirect("agreements:agreement_detail", agreement_id=agreement.pk)
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "agreement": agreement, **page}
    return render(request, "agreements/confirm.html", context, status=status)


@require_http_methods(["GET", "POST"])
@not_found_as_404
def agreement_submit(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = managed_agreement(request, agreement_id)
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
    )


def _party_for_signing(request: HttpRequest, agreement: Agreement) -> AgreementParty:
    raw = request.POST.get("party") or request.GET.get("party")
    parties = agreement.parties.all()
    if raw:
        party_id = int_or_none(raw)
        party = next((p for p in parties if p.pk == party_id), None)
    else:
        party = next(
            (p for p in parties if p.signatory_id == request.user.pk and not p.signed_at), None
        )
    if party is None:
        raise Http404("Party not found")
    return party


@require_http_methods(["GET", "POST"])
@not_found_as_404
def agreement_sign(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = selectors.get_agreement_for(request.user, agreement_id)
    party = _party_for_signing(request, agreement)
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
    party = _party_for_signing(request, agreement)
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
