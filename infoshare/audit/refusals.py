"""Refused access to an object is audited (pages and API alike).

Every route that names an object (``<int:decision_id>``, ``<int:person_id>``, ...) answers
"not yours" as "not found" (404), so as not to say what exists. Nothing is shown, and
nothing was written to the trail either: a person walking through sequential ids left
traces only in the web server's log. This middleware writes one event for each such 404 of
a signed-in person: the route, the ids asked for, the method. A 403 is not recorded here:
it is a rule refusing the page whatever the id (or a CSRF or two-factor refusal), not an
object found to be someone else's.

The event names no organisation (the object's is not looked up: that would be a query on
every refusal and would say whose it is), so the auditors of the person's own partnerships
see it. At most ``LIMIT`` events a person in ``WINDOW`` seconds: enough to show a walk
through ids without letting one person fill the trail; past it one line is logged. Writing
the event never turns the answer into an error: a failure is logged and the 404 stands."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from infoshare.audit.audit import Action
from infoshare.audit.services import record
from infoshare.core.middleware import route_name
from infoshare.core.numbers import parse_id

logger = logging.getLogger(__name__)

LIMIT = 50
WINDOW = 10 * 60


def _object_ids(request: HttpRequest) -> dict[str, int]:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return {}
    ids = {
        name: parse_id(str(value))
        for name, value in match.kwargs.items()
        if name.endswith("_id") and name != "org_id"
    }
    return {name: number for name, number in ids.items() if number is not None}


def _within_limit(person_id: int) -> bool:
    key = f"audit:refusals:{person_id}"
    cache.add(key, 0, WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW)
        count = 1
    if count == LIMIT + 1:
        logger.warning(
            "Refusals of person %s past %s in %s s: no longer audited", person_id, LIMIT, WINDOW
        )
    return count <= LIMIT


class RefusalAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response
        ids = _object_ids(request)
        if not ids:
            return response
        try:
            if _within_limit(user.pk):
                self._record(request, user, ids)
        except Exception:  # the 404 stands whatever happens to its audit
            logger.exception("The refusal could not be audited")
        return response

    @staticmethod
    def _record(request: HttpRequest, user: object, ids: dict[str, int]) -> None:
        record(
            action=Action.ACCESS_REFUSED,
            actor=user,
            data={
                "route": route_name(request),
                "method": request.method,
                "status": 404,
                "ids": ids,
            },
        )
