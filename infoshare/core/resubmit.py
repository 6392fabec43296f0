"""Nothing typed is lost when a session expires.

When a form is posted after the session has ended, the access middleware keeps what was
typed (text fields only; never files or passwords) in the new, signed-out session and
sends the person to sign in. Signing in keeps that session's data, and the person comes
back to the same page, where the kept form is submitted again as if they had pressed the
button once more. The CSRF check has already passed for the original post, so only a
form the person really submitted from this service is kept; it is kept for one page."""

from __future__ import annotations

import time

from django.http import HttpRequest, QueryDict

SESSION_KEY = "infoshare_resubmit"
KEEP_SECONDS = 2 * 60 * 60
NEVER_KEPT = {"csrfmiddlewaretoken", "password", "password1", "password2", "oldpassword"}


def keep_post(request: HttpRequest) -> None:
    data = QueryDict(mutable=True)
    for key, values in request.POST.lists():
        if key not in NEVER_KEPT:
            data.setlist(key, values)
    request.session[SESSION_KEY] = {
        "path": request.path,
        "data": data.urlencode(),
        "at": time.time(),
    }


def restore_post(request: HttpRequest) -> bool:
    """On the signed-in GET of the same page, turns the request back into the kept post."""
    kept = request.session.get(SESSION_KEY)
    if not kept or kept.get("path") != request.path or request.method != "GET":
        return False
    del request.session[SESSION_KEY]
    if time.time() - float(kept.get("at", 0)) > KEEP_SECONDS:
        return False
    request.method = "POST"
    request.POST = QueryDict(kept["data"])  # type: ignore[misc]
    return True
