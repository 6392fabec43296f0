"""Per-request facts that the audit trail records: request id and client address."""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
client_address_var: contextvars.ContextVar[str] = contextvars.ContextVar(
    "client_address", default=""
)


def client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is set by the proxy and documented in the README.
    return str(request.META.get("REMOTE_ADDR", ""))[:45]


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if 8 <= len(incoming) <= 64 and incoming.isascii() else uuid.uuid4().hex
        request.request_id = rid  # type: ignore[attr-defined]
        t1 = request_id_var.set(rid)
        t2 = client_address_var.set(client_address(request))
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(t1)
            client_address_var.reset(t2)
        response["X-Request-ID"] = rid
        return response
