"""Per-request facts that the audit trail records: request id and client address."""

from __future__ import annotations

import contextvars
import ipaddress
import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
client_address_var: contextvars.ContextVar[str] = contextvars.ContextVar(
    "client_address", default=""
)

#: What an X-Request-ID set by a trusted proxy may look like (the audit trail's column holds
#: 64 characters; nothing that a spreadsheet or a terminal would read as more than text).
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._-]{8,64}")


def request_id_for(request: HttpRequest) -> str:
    """The request's id, for the audit trail and the X-Request-ID response header: a new
    random one, unless ``TRUSTED_REQUEST_ID_HEADER`` says that the proxy in front sets
    X-Request-ID itself and the header is one of ``REQUEST_ID_PATTERN``. A client's own
    header is otherwise never used, so it can neither give its events another request's id
    nor store what it likes in the trail (docs/architecture.md, "Audit trail")."""
    if getattr(settings, "TRUSTED_REQUEST_ID_HEADER", False):
        incoming = request.headers.get("X-Request-ID", "")
        if REQUEST_ID_PATTERN.fullmatch(incoming):
            return incoming
    return uuid.uuid4().hex


def client_address(request: HttpRequest) -> str:
    """The client's address, by the rule sign-in throttling uses (django-allauth's
    ``ALLAUTH_TRUSTED_PROXY_COUNT``, set from ``TRUSTED_PROXY_COUNT``).

    With N trusted proxies, each appending the address it received the request from to
    X-Forwarded-For, the N-th address from the right is the client's; anything further
    left was sent by the client and is never used. That entry must be an IP address (a
    port after it is dropped, as allauth does); it is stored in its normal form. With
    N = 0, when the header is missing or has fewer than N addresses, or when the entry is
    not an IP address, the address is REMOTE_ADDR. (allauth fails or refuses a request with
    such a header where it asks for the address; docs/architecture.md, "Settings".)"""
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    if proxies > 0 and forwarded:
        addresses = forwarded.split(",")
        if len(addresses) >= proxies:
            address = _ip_address(addresses[-proxies])
            if address:
                return address[:45]
    return str(request.META.get("REMOTE_ADDR", ""))[:45]


def _ip_address(text: str) -> str:
    """``text`` as an IP address in its normal form, without a port; "" if it is none."""
    text = text.strip()
    host, port = split_domain_port(text)
    if port and host:  # "203.0.113.7:4431" or "[2001:db8::1]:4431"
        text = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return ""


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = request_id_for(request)
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
