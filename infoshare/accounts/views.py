from __future__ import annotations

from typing import Any, cast

from allauth.account.decorators import reauthentication_required
from allauth.usersessions import app_settings as usersessions_settings
from allauth.usersessions.views import ListUserSessionsView
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from infoshare.accounts import services
from infoshare.accounts.forms import TokenForm
from infoshare.accounts.models import User
from infoshare.accounts.selectors import tokens_of
from infoshare.accounts.user_sessions import live_sessions_of
from infoshare.core.errors import DomainError
from infoshare.core.pages import add_domain_error


def _person(request: HttpRequest) -> User:
    # The access registry has already required a signed-in person for these pages.
    return cast(User, request.user)


def security(request: HttpRequest) -> HttpResponse:
    sessions = live_sessions_of(_person(request))
    return render(request, "accounts/security.html", {"sessions": sessions})


class UserSessionsView(ListUserSessionsView):
    """allauth's "Where you are signed in" (``usersessions_list``), listing the sessions
    with the same one query as the security page instead of three queries a session.
    Signing out of the other sessions is allauth's, unchanged."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # Skips allauth's listing (purge_and_list), keeping FormView's context.
        context = super(ListUserSessionsView, self).get_context_data(**kwargs)
        sessions = live_sessions_of(_person(self.request))
        context["sessions"] = sessions
        context["session_count"] = len(sessions)
        context["show_last_seen_at"] = usersessions_settings.TRACK_ACTIVITY
        return context


usersessions_list = UserSessionsView.as_view()


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
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": tokens_of(_person(request)), "secret": secret, "created": created},
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
