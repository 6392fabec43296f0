from __future__ import annotations

from typing import cast

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from infoshare.accounts import services
from infoshare.accounts.forms import TokenForm
from infoshare.accounts.models import ApiToken, User
from infoshare.core.errors import DomainError
from infoshare.core.pages import add_domain_error


def _person(request: HttpRequest) -> User:
    # The access registry has already required a signed-in person for these pages.
    return cast(User, request.user)


def security(request: HttpRequest) -> HttpResponse:
    from allauth.usersessions.models import UserSession

    sessions = UserSession.objects.purge_and_list(request.user)
    return render(request, "accounts/security.html", {"sessions": sessions})


def mfa_required(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/mfa_required.html")


@require_http_methods(["GET", "POST"])
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.sign_out_everywhere(actor=_person(request))
        logout(request)
        return redirect("account_login")
    return render(request, "accounts/sign_out_everywhere.html")


@require_http_methods(["GET", "POST"])
@reauthentication_required(allow_get=True)
def tokens(request: HttpRequest) -> HttpResponse:
    """Creating a token asks for the password (or a code) again if the person has not
    confirmed it in the last few minutes: a token outlives the session that made it."""
    form = TokenForm(request.POST or None)
    created, secret = None, None
    if request.method == "POST" and form.is_valid():
        try:
            created, secret = services.create_api_token(
                actor=_person(request),
                name=form.cleaned_data["name"],
                days=form.cleaned_data["expires_in"],
                access=form.cleaned_data["access"],
            )
            form = TokenForm()
        except DomainError as error:
            add_domain_error(form, error)
    items = ApiToken.objects.filter(user=_person(request))
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": items, "secret": secret, "created": created},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        token = services.revoke_api_token(actor=_person(request), token_id=token_id)
    except DomainError:
        return render(request, "errors/404.html", status=404)
    messages.success(request, f"Token '{token.name}' revoked")
    return redirect("accounts:tokens")
