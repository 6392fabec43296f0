"""Refused access to an object is audited (pages and API alike).

Every route that names an object (``<int:decision_id>``, ``<int:person_id>``, ...) answers
"not yours" as "not found" (404), so as not to say what exists; a rule refuses with 403.
Either way nothing is shown, and nothing was written to the trail either: a person walking
through sequential ids left traces only in the web server's log. This middleware writes
one event for each such refusal of a signed-in person: the route, the ids asked for, the
method and the answer. The event names no organisation (the object's is not looked up:
that would be a query on every refusal and would say whose it is), so the auditors of the
person's own partnerships see it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from infoshare.audit.audit import Action
from infoshare.audit.services import record
from infoshare.core.middleware import operation_url_name

REFUSALS = frozenset({403, 404})


def _object_ids(request: HttpRequest) -> dict[str, int]:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return {}
    return {
        name: int(value)
        for name, value in match.kwargs.items()
        if name.endswith("_id") and name != "org_id" and str(value).isdigit()
    }


class RefusalAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code not in REFUSALS:
            return response
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response
        ids = _object_ids(request)
        if not ids:
            return response
        match = request.resolver_match
        route = ""
        if match is not None:
            # An API path serves several operations: name the one the method asked for.
            route = operation_url_name(match.func, request) or match.view_name
        record(
            action=Action.ACCESS_REFUSED,
            actor=user,
            data={
                "route": route,
                "method": request.method,
                "status": response.status_code,
                "ids": ids,
            },
        )
        return response
