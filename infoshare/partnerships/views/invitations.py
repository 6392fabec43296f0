"""The public page an invited person reaches from their email to set a password."""

from __future__ import annotations

from allauth.account.internal.flows.login import record_authentication
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from infoshare.core.errors import DomainError, NotFound
from infoshare.core.pages import add_domain_error, form_status
from infoshare.partnerships import errors as msg
from infoshare.partnerships import selectors, services
from infoshare.partnerships.forms import AcceptInvitationForm
from infoshare.partnerships.models import Invitation


def _unusable(
    request: HttpRequest,
    message: str,
    status: int,
    *,
    replaced: bool = False,
    invitation: Invitation | None = None,
) -> HttpResponse:
    """Why the link cannot be used. A link replaced by a newer invitation sends the person
    to that newer email, not back to their administrator for another. A new partnership's
    first administrator has no administrator to ask: their link came from Infoshare's
    set-up (``Invitation.by_set_up``), so the page sends them back to whoever set it up."""
    set_up = invitation is not None and invitation.by_set_up
    context = {"message": message, "replaced": replaced, "set_up": set_up}
    return render(request, "partnerships/invitation_invalid.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_for_token(token)
    if invitation is None:
        return _unusable(request, msg.INVITATION_NOT_FOUND, 404)
    if invitation.replaced_at is not None:
        return _unusable(
            request, msg.INVITATION_REPLACED, 410, replaced=True, invitation=invitation
        )
    if invitation.used_at is not None:
        return _unusable(request, msg.INVITATION_USED, 410, invitation=invitation)
    if invitation.expires_at <= timezone.now() or not invitation.person.is_active:
        return _unusable(request, msg.INVITATION_EXPIRED, 410, invitation=invitation)
    form = AcceptInvitationForm(invitation.person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.accept_invitation(
                token=token, password=form.cleaned_data["new_password1"]
            )
        except NotFound:
            return _unusable(request, msg.INVITATION_NOT_FOUND, 404)
        except DomainError as error:
            if error.field is None:
                replaced = error.code == "invitation_replaced"
                return _unusable(
                    request, error.message, 410, replaced=replaced, invitation=invitation
                )
            add_domain_error(form, error)
        else:
            login(request, person, backend="django.contrib.auth.backends.ModelBackend")
            # As allauth's own sign-in does: the session records how and when the person
            # proved who they are, so setting up two-factor authentication next does not
            # ask for the password they have just set (AccountAdapter.signed_in_recently).
            record_authentication(request, person, method="password", email=person.email)
            return redirect("accounts:mfa_required")
    context = {"form": form, "invitation": invitation}
    return render(request, "partnerships/accept_invitation.html", context, status=form_status(form))
