"""Enforces the access registry before any view runs (deny by default), and keeps
personal data out of browser caches."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.middleware.common import CommonMiddleware as DjangoCommonMiddleware
from django.shortcuts import redirect
from django.urls import get_resolver, get_urlconf
from ninja.operation import PathView

from infoshare.core import access, resubmit, session_timeout
from infoshare.core.api_errors import api_error


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


NO_STORE = "no-store, private"


class NoStoreMiddleware:
    """Every response to a signed-in request (a session or a personal API token) and every
    /api/ response says ``Cache-Control: no-store, private``: children's records, PDFs and
    people's pages must not stay in the browser's cache or back-button history after
    signing out, nor in any shared cache. A view that sets its own Cache-Control keeps it.

    Placed after AuthenticationMiddleware; it reads the person after the view has run, so
    a request that signed someone in or out counts if they were signed in at either end."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        before = _signed_in(request)
        response = self.get_response(request)
        private = before or _signed_in(request) or _is_api(request)
        if private and not response.has_header("Cache-Control"):
            response["Cache-Control"] = NO_STORE
        return response


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class AccessMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        was = request.user.pk if _signed_in(request) else None
        response = self.get_response(request)
        resubmit.after_response(request, response, was=was)
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        name = route_name(request, view_func)
        rule = access.rule_for(name)
        if rule is None:
            # Deny by default: a route nobody wrote a rule for is never served.
            return self._deny(request, status=403)
        if rule.scope is access.Scope.PUBLIC:
            return None
        user = request.user
        if not user.is_authenticated:
            if _is_api(request):
                return api_error(401, "not_authenticated", "Sign in or send an API token.")
            if name in SCRIPT_ROUTES:
                return HttpResponse(status=401)  # nothing to keep, nowhere to send a script
            timed_out = session_timeout.timed_out(request)
            kept = False
            if request.method == "POST":
                # the session expired while they were typing
                kept = resubmit.keep_post(request)
            if timed_out:
                # The sign-in page says why (a message: nothing about them in its address).
                messages.info(request, session_timeout.signed_out_message(kept=kept))
            signing_in = redirect_to_login(_page_path(request), settings.LOGIN_URL)
            if getattr(request, "htmx", False):
                # htmx would follow a redirect and swap part of the sign-in page into the
                # page: send the whole browser there instead, back to the page after.
                return HttpResponse(status=204, headers={"HX-Redirect": signing_in.url})
            return signing_in
        if not rule.before_mfa and not _has_mfa(request):
            if _is_api(request):
                return api_error(403, "mfa_required", "Set up two-factor authentication first.")
            return redirect("accounts:mfa_required")
        org_id = _org_id(view_kwargs.get("org_id"))
        if org_id is False:
            return self._deny(request, status=404)
        if not access.allows(rule, user, org_id):
            return self._deny(request, status=403)
        if not _is_api(request):
            # A form kept from this person's expired session: confirm it, never replay it.
            return resubmit.kept_form_page(request)
        return None

    @staticmethod
    def _deny(request: HttpRequest, *, status: int) -> HttpResponse:
        # An access rule's refusal (the audit trail records it: ``audit.refusals``), not a
        # CSRF, two-factor or domain refusal, which answer 403 too.
        setattr(request, REFUSED_BY_RULE, status == 403)
        if status == 404:
            if _is_api(request):
                return api_error(404, "not_found", "Not found.")
            raise Http404
        if _is_api(request):
            return api_error(status, "forbidden", "You do not have access to this.")
        # The 403 page (``handler403``), as for a PermissionDenied, without raising one: a
        # refusal is ordinary, and Django logs a raised one with its traceback. The answer
        # is logged as any 4xx is, in one line ("Forbidden: /path").
        resolver = get_resolver(get_urlconf())
        handler: Callable[..., HttpResponse] = resolver.resolve_error_handler(403)
        return handler(request, PermissionDenied())


def _page_path(request: HttpRequest) -> str:
    """Where to come back to after signing in: for an htmx request, the page it was made
    from (its URL, as htmx keeps it, when on this site), else the request's own."""
    htmx = getattr(request, "htmx", None)
    current = htmx.current_url_abs_path if htmx else None
    return current or request.get_full_path()


def _org_id(value: object) -> int | Literal[False] | None:
    """The organisation of the URL; False when the URL's id is not a number."""
    if value is None:
        return None
    try:
        return int(str(value))
    except ValueError:
        return False


#: Addresses the page's script calls, not pages: signed out, they answer 401 (the script
#: says so) instead of keeping the post and sending the browser to sign in.
SCRIPT_ROUTES = frozenset({"core:extend_session"})

#: Set on a request the access rules refused (403).
REFUSED_BY_RULE = "infoshare_refused_by_rule"


def route_name(request: HttpRequest, view_func: Callable[..., Any] | None = None) -> str:
    """The URL name whose rule applies to this request: an API operation's own name for
    the method asked (``operation_url_name``), or the name the path resolved to."""
    match = request.resolver_match
    if match is None:
        return ""
    return operation_url_name(view_func or match.func, request) or match.view_name


def operation_url_name(view_func: Callable[..., Any], request: HttpRequest) -> str:
    """The URL name of the API operation that will handle this method.

    django-ninja serves every method of one path (GET list, POST create) from one
    view, and Django resolves the path to the first operation's URL name. So that each
    operation keeps its own access rule, find the operation for the request's method."""
    match = request.resolver_match
    if match is None or not match.namespace.startswith("api-"):
        return ""
    for cell in getattr(view_func, "__closure__", None) or ():
        path_view = cell.cell_contents
        if isinstance(path_view, PathView):
            operation = path_view._find_operation(request)
            url_name = getattr(operation, "url_name", None)
            return f"{match.namespace}:{url_name}" if url_name else ""
    return ""


MFA_SEEN_KEY = "_infoshare_mfa_user"


def _has_mfa(request: HttpRequest) -> bool:
    """Whether the signed-in person has set up TOTP. Once seen it is remembered in the
    session: a person cannot remove their authenticator (accounts.adapter.MFAAdapter), and
    an administrator's reset (partnerships.services.credentials) ends all their sessions."""
    if getattr(request, "api_token", None) is not None:
        return True  # tokens can only be created by a person who has MFA set up
    session = request.session
    if session.get(MFA_SEEN_KEY) == request.user.pk:
        return True
    from allauth.mfa.models import Authenticator

    found = Authenticator.objects.filter(
        user_id=request.user.pk, type=Authenticator.Type.TOTP
    ).exists()
    if found:
        session[MFA_SEEN_KEY] = request.user.pk
    return found


class ErrorShapeMiddleware:
    """A 405 answered with no body (``require_http_methods``, django-ninja's path views)
    becomes the API's JSON error or a GOV.UK page: people reach a button's address with
    GET after signing in again, and API clients expect the one error shape. So does the
    API's 404 where Django answers it in HTML (its debug page, with ``DEBUG`` on).

    Placed before ``AccessMiddleware`` and after the security headers' middleware, so the
    page it makes gets the same headers as any other."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed):
            from infoshare.core.views import error_405

            return error_405(request, response.get("Allow", ""))
        if response.status_code == 404 and _is_api(request) and _is_html(response):
            return api_error(404, "not_found", "There is nothing at this address")
        return response


def _is_html(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


class CommonMiddleware(DjangoCommonMiddleware):
    """Django's, except that the API never redirects to add a slash: a redirected POST
    loses its body (and with ``DEBUG`` on it is an error). The API's paths are exact."""

    def should_redirect_with_slash(self, request: HttpRequest) -> bool:
        return not _is_api(request) and super().should_redirect_with_slash(request)
