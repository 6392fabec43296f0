"""Refused access is audited (pages and API alike): each refusal of an object by its id,
and each refusal by an access rule (OWASP ASVS 7.2.2: every failed access decision is
logged).

Every route that names an object (``<int:decision_id>``, ``<int:person_id>``, ...) answers
"not yours" as "not found" (404), so as not to say what exists; an access rule refuses a
page to a person without the role it needs (403), in their organisation or in the one the
address names (``<int:org_id>``). Nothing is shown, and nothing was written to the trail
either: a person walking through sequential ids, or trying pages and organisations that are
not theirs, left traces only in the web server's log. This middleware writes one event for
each such refusal of a signed-in person: the route, the ids asked for (the organisation's
too, on a 403), the method and the status. A 403 that is not an access rule's (a missing
CSRF token, two-factor not set up, a service refusing an action as the rules of the
domain say) is not recorded here.

The event names no organisation (an object's is not looked up: that would be a query on
every refusal and would say whose it is), so the auditors of the person's own partnerships
see it. At most ``LIMIT`` events a person in ``WINDOW`` seconds: enough to show a walk
through ids without letting one person fill the trail. The refusal after the ``LIMIT``-th
writes one more event, ``audit.access_refusals_capped``: that
refusal's details, the count so far, and that the person's refusals are no longer recorded
one by one until the window ends, so an auditor sees the cap was reached and by whom, not a
walk that seems to stop. The refusals after it are still counted, so the cap is written
once a window (and one line logged). Writing an event never turns the answer into an
error: a failure is logged and the refusal stands.

An id can come from the request's input as well as its path: a form's field, a query
string, an API body ("the people this record is about", "the decision this question is
asked from", "the organisation to search"). The code that refuses such an id (as not
found, or as not one the person may choose) calls ``refused_ids.mark_refused`` with it,
named as a route would name it (``decision_id``, ``person_id``, ``org_id``), whatever the
answer's status. The same event is written, once for the request, with those ids instead
of the path's: the path's objects were found, and it is the marked ones that were refused.
A value is the id, or the ids in order when several of one kind were refused at once.
Only refusals of objects are marked, never a malformed value (that is a validation error):
an id that does not exist is refused as one that is not the person's, as in a path."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from infoshare.audit.audit import Action
from infoshare.audit.refused_ids import as_event_ids, collecting
from infoshare.audit.services import record
from infoshare.core.middleware import REFUSED_BY_RULE, route_name
from infoshare.core.numbers import parse_id

logger = logging.getLogger(__name__)

LIMIT = 50
WINDOW = 10 * 60


def _object_ids(request: HttpRequest, *, with_organisation: bool) -> dict[str, int]:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return {}
    ids = {
        name: parse_id(str(value))
        for name, value in match.kwargs.items()
        if name.endswith("_id") and (with_organisation or name != "org_id")
    }
    return {name: number for name, number in ids.items() if number is not None}


def _count_refusal(person_id: int) -> int:
    """Counts one more refusal of the person in the current window (which starts at their
    first refusal and lasts ``WINDOW`` seconds); returns the count, this one included."""
    key = f"audit:refusals:{person_id}"
    cache.add(key, 0, WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW)
        count = 1
    if count == LIMIT + 1:
        logger.warning(
            "Refusals of person %s past %s in %s s: no longer audited one by one",
            person_id,
            LIMIT,
            WINDOW,
        )
    return count


class RefusalAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with collecting() as marked:
            response = self.get_response(request)
        status = response.status_code
        by_rule = status == 403 and getattr(request, REFUSED_BY_RULE, False)
        refused_by_input = as_event_ids(marked)
        if status != 404 and not by_rule and not refused_by_input:
            return response
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response
        ids: dict[str, Any] = refused_by_input or _object_ids(request, with_organisation=by_rule)
        if not ids and not by_rule:
            return response  # a page that does not exist, not an object refused
        try:
            count = _count_refusal(user.pk)
            refusal = {
                "route": route_name(request),
                "method": request.method,
                "status": status,
                "ids": ids,
            }
            if count <= LIMIT:
                record(action=Action.ACCESS_REFUSED, actor=user, data=refusal)
            elif count == LIMIT + 1:
                record(
                    action=Action.ACCESS_REFUSALS_CAPPED, actor=user, data=_capped(refusal, count)
                )
        except Exception:  # the refusal stands whatever happens to its audit
            logger.exception("The refusal could not be audited")
        return response


def _capped(refusal: dict[str, Any], count: int) -> dict[str, Any]:
    """The cap event's details: the refusal that reached it, and what the cap means."""
    return {
        **refusal,
        "refusals_so_far": count,
        "recorded_one_by_one": LIMIT,
        "window_seconds": WINDOW,
        "note": (
            f"{LIMIT} refusals of this person were recorded in {WINDOW // 60} minutes: "
            "the ones after this are no longer recorded one by one until that window ends"
        ),
    }
