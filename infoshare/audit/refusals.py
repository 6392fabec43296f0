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
through ids without letting one person fill the trail; past it one line is logged. Writing
the event never turns the answer into an error: a failure is logged and the refusal
stands."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from infoshare.audit.audit import Action
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
        status = response.status_code
        by_rule = status == 403 and getattr(request, REFUSED_BY_RULE, False)
        if status != 404 and not by_rule:
            return response
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response
        ids = _object_ids(request, with_organisation=by_rule)
        if not ids and not by_rule:
            return response  # a page that does not exist, not an object refused
        try:
            if _within_limit(user.pk):
                self._record(request, user, status, ids)
        except Exception:  # the refusal stands whatever happens to its audit
            logger.exception("The refusal could not be audited")
        return response

    @staticmethod
    def _record(request: HttpRequest, user: object, status: int, ids: dict[str, int]) -> None:
        record(
            action=Action.ACCESS_REFUSED,
            actor=user,
            data={
                "route": route_name(request),
                "method": request.method,
                "status": status,
                "ids": ids,
            },
        )
