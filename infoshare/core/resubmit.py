"""Nothing typed is lost when a session expires, and nothing typed is ever sent as
someone else.

When a form is posted after the session has ended, the access middleware keeps what was
typed (text fields only; never files or passwords) in the new, signed-out session and
sends the person to sign in. The kept form is tied to the person whose session expired:
a signed, HttpOnly cookie names the last person signed in on this browser (set on every
signed-in response, removed when they sign out). With no such cookie nothing is kept.

Signing in keeps that session's data, and the person comes back to the same page. There
the kept form is never submitted by itself: the page asks the person to confirm ("Save
what you typed", which posts the kept fields with a fresh CSRF token, or "Discard it").
It lists each answer by the question the page asked and, for a choice, the choice's name
(``core.kept_labels``); hidden fields and buttons are not listed, but are posted back.
If someone else signs in on this browser, the kept form is thrown away unseen: on a
shared computer, anything typed while signed out must not be sent as the next person.

The CSRF check has already passed for the original post, so only a form the person
really submitted from this service is kept. It is kept for two hours at most, and is
gone once the page is posted again or discarded."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from infoshare.core import kept_labels

SESSION_KEY = "infoshare_resubmit"
KEEP_SECONDS = 2 * 60 * 60
#: A form's ``action`` that asks to search, not to change anything (never kept).
SEARCH = "search"

NEVER_KEPT = {
    "csrfmiddlewaretoken",
    "password",
    "password1",
    "password2",
    "oldpassword",
    "old_password",
    "new_password1",
    "new_password2",
    "code",
    "token",
    "key",
}

#: Names the last person signed in on this browser (their id, signed; HttpOnly).
LAST_PERSON_COOKIE = "infoshare_last_person"
LAST_PERSON_SALT = "infoshare.core.resubmit.last_person"
LAST_PERSON_MAX_AGE = 12 * 60 * 60

#: ``?discard-kept=1`` on the kept page's own address throws the kept form away.
DISCARD_PARAM = "discard-kept"
#: How much of each kept value the confirmation page shows.
SHOWN_CHARACTERS = 200
#: The longest address (path and query) kept to post the form back to; a longer one is
#: posted back to the page's path alone.
ADDRESS_MAX = 2000


def last_person(request: HttpRequest) -> int | None:
    """The id of the last person signed in on this browser, if the cookie is genuine."""
    value = request.get_signed_cookie(
        LAST_PERSON_COOKIE, default=None, salt=LAST_PERSON_SALT, max_age=LAST_PERSON_MAX_AGE
    )
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def after_response(request: HttpRequest, response: HttpResponse, *, was: int | None) -> None:
    """After every request (``was`` is who was signed in when it started): when someone
    has just signed in, throws away a form kept for anyone else, and names them in the
    last-person cookie; when the request signed the person out, removes the cookie."""
    if getattr(request, "api_token", None) is not None:
        return  # a system using a personal token, not a browser
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        if user.pk != was:
            kept = request.session.get(SESSION_KEY)
            if kept and kept.get("user_id") != user.pk:
                discard(request)
        if last_person(request) != user.pk:
            response.set_signed_cookie(
                LAST_PERSON_COOKIE,
                str(user.pk),
                salt=LAST_PERSON_SALT,
                max_age=LAST_PERSON_MAX_AGE,
                httponly=True,
                secure=settings.SESSION_COOKIE_SECURE,
                samesite="Lax",
            )
    elif was is not None and LAST_PERSON_COOKIE in request.COOKIES:
        # Signed out on purpose: there is no expired session to come back to.
        response.delete_cookie(LAST_PERSON_COOKIE, samesite="Lax")


#: Why a form was kept: the session ended, or the page's form had gone stale (its CSRF
#: token replaced, as signing in again in another tab does).
SIGNED_OUT = "signed_out"
STALE_PAGE = "stale_page"


def keep_post(request: HttpRequest, why: str = SIGNED_OUT) -> bool:
    """Keeps a form posted on an expired session (or from a stale page), for the person
    whose session it was; False when there is nobody to tie it to."""
    if getattr(request, "htmx", False) or request.POST.get("action") == SEARCH:
        # A search changes nothing, so nothing is lost; what it holds (a child's name and
        # date of birth) is not kept in a signed-out session to be offered back.
        return False
    person = last_person(request)
    if person is None:
        return False  # nobody to tie it to: it can never be offered back
    data = QueryDict(mutable=True)
    for key, values in request.POST.lists():
        if key not in NEVER_KEPT:
            data.setlist(key, values)
    request.session[SESSION_KEY] = {
        "path": request.path,
        # The page's settings too (``?return=check``): the form is posted back with them.
        "address": request.get_full_path()[: ADDRESS_MAX + 1],
        "data": data.urlencode(),
        "at": time.time(),
        "user_id": person,
        "why": why,
    }
    return True


def discard(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


def _address(request: HttpRequest, kept: dict[str, Any]) -> str:
    """Where the kept form is posted back: the address it was posted to, query and all,
    when it is this page of this site and not too long; else this page's path alone."""
    address = str(kept.get("address", ""))
    same_page = address == request.path or address.startswith(f"{request.path}?")
    safe = url_has_allowed_host_and_scheme(
        address, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if same_page and safe and address.startswith("/") and len(address) <= ADDRESS_MAX:
        return address
    return request.path


def kept_form_page(request: HttpRequest) -> HttpResponse | None:
    """For a signed-in page request: the confirmation page, when a form kept for this
    person was posted to this page; None otherwise (the view runs as usual).

    A form kept for someone else, or for too long, is discarded here, unseen."""
    kept: dict[str, Any] | None = request.session.get(SESSION_KEY)
    if not kept:
        return None
    too_old = time.time() - float(kept.get("at", 0)) > KEEP_SECONDS
    if too_old or kept.get("user_id") != request.user.pk:
        discard(request)
        return None
    if kept.get("path") != request.path:
        return None
    if request.method == "POST":
        discard(request)  # saved (from the confirmation page) or typed again
        return None
    if request.method != "GET" or getattr(request, "htmx", False):
        return None
    address = _address(request, kept)
    if request.GET.get(DISCARD_PARAM):
        discard(request)
        return redirect(address)
    data = QueryDict(kept.get("data", ""))
    fields = [(name, value) for name, values in data.lists() for value in values]
    # Each answer as the page showed it: its question and, for a choice, the choice's name.
    shown = kept_labels.shown_answers(request, data, SHOWN_CHARACTERS)
    return render(
        request,
        "core/kept_form.html",
        {
            "action": address,
            "fields": fields,
            "shown": shown,
            "discard_url": f"{address}{'&' if '?' in address else '?'}{DISCARD_PARAM}=1",
            "stale_page": kept.get("why") == STALE_PAGE,
        },
    )
