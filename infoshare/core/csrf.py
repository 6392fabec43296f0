"""When a form's CSRF check fails (``settings.CSRF_FAILURE_VIEW``).

Most failures are a stale page, not an attack: the form was opened before the person
last signed in (in another tab, say), which replaced the token it carries. When the
browser says the form came from this service (an ``Origin`` header that Django's check has
already found to be ours), what was typed is kept, as for an expired session, and the page
asks the person to confirm it before anything is saved (``core.resubmit``): it is never
saved by itself. Any other failure (no ``Origin``, or another site's) keeps nothing, and
a GOV.UK page says what happened. (The API checks its own: ``core.api.SessionOrToken``.)"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import REASON_BAD_ORIGIN
from django.shortcuts import redirect, render
from django.urls import Resolver404, ResolverMatch, resolve

from infoshare.core import access, resubmit


def _from_this_service(request: HttpRequest, reason: str) -> bool:
    # Django checks a request's Origin before its token: a failure for any other reason
    # with an Origin header present means the Origin is this service's own.
    bad_origin = reason.startswith(REASON_BAD_ORIGIN.split("%")[0])
    return "HTTP_ORIGIN" in request.META and not bad_origin


def _keeps_forms(request: HttpRequest) -> bool:
    """Only a form of a page for signed-in people who have set up two-factor
    authentication is kept: never one of the sign-in, password or set-up pages (their
    fields are secrets), nor the API's (it answers for itself). Files are never kept."""
    if request.path.startswith("/api/"):
        return False
    match = request.resolver_match or _resolve(request.path_info)
    rule = access.rule_for(match.view_name) if match else None
    return rule is not None and rule.scope is not access.Scope.PUBLIC and not rule.before_mfa


def _resolve(path: str) -> ResolverMatch | None:
    try:
        return resolve(path)
    except Resolver404:
        return None


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if (
        request.method == "POST"
        and _from_this_service(request, reason)
        and _keeps_forms(request)
        and resubmit.keep_post(request, resubmit.STALE_PAGE)
    ):
        return redirect(request.path)
    return render(request, "errors/csrf.html", status=403)
