from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from infoshare.core import session_timeout
from infoshare.core.access import roles_held
from infoshare.core.api_errors import api_error
from infoshare.core.home import panels_for
from infoshare.core.roles import Role


def home(request: HttpRequest) -> HttpResponse:
    held = roles_held(request.user)
    labels = [Role(role).label for role in Role.values if role in held]
    return render(request, "core/home.html", {"panels": panels_for(request), "role_labels": labels})


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers (GET, or HEAD as some probe): is the database reachable? Names no
    settings or secrets. It is answered before the security middleware
    (``core.healthz``), so it sets ``nosniff`` itself."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        response = JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    else:
        response = JsonResponse({"status": "ok", "database": "ok"})
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@require_POST
def extend_session(request: HttpRequest) -> HttpResponse:
    """ "Stay signed in" in the timeout warning (frontend/js/timeout-warning.mjs): saves the
    session, which renews its expiry, so the idle timeout runs again from now. Pages touch
    the session at most once a minute (``accounts.activity``), so this one always does.
    Answers 204 with no body: nothing about the person. Signed out, it answers 401
    (``core.middleware.SCRIPT_ROUTES``) and keeps nothing."""
    request.session.modified = True
    return HttpResponse(status=204)


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/accessibility.html",
        {
            "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
            "idle_time": session_timeout.idle_text(),
            "warning_time": session_timeout.warning_text(),
        },
    )


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "core/cookies.html")


#: Errors Django raises before any API view runs, in the API's own JSON error shape.
API_ERRORS = {
    400: ("bad_request", "The request could not be read"),
    403: ("forbidden", "You do not have access to this"),
    404: ("not_found", "There is nothing at this address"),
    405: ("method_not_allowed", "This address does not take that method"),
    429: ("too_many_requests", "Too many attempts in a short time; wait a minute and try again"),
    500: ("server_error", "Something went wrong; try again later"),
}


def _for_api(request: HttpRequest, status: int) -> HttpResponse | None:
    if not request.path.startswith("/api/"):
        return None
    return api_error(status, *API_ERRORS[status])


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _for_api(request, 403) or render(request, "errors/403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _for_api(request, 404) or render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors: the database may be the thing that failed.
    return _for_api(request, 500) or HttpResponse(
        loader.render_to_string("errors/500.html"), status=500
    )


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _for_api(request, 400) or render(request, "errors/400.html", status=400)


def error_405(request: HttpRequest, allowed: str) -> HttpResponse:
    """A method the address does not take (a GET of a button's address): the API's error
    shape, or a page that says what happened, with the methods it takes (``Allow``)."""
    response = _for_api(request, 405) or render(request, "errors/405.html", status=405)
    response["Allow"] = allowed
    return response


def error_429(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Too many attempts (allauth's rate limits call ``handler429``)."""
    return _for_api(request, 429) or render(request, "errors/429.html", status=429)
