"""Answers ``/healthz`` before any other middleware runs.

A load balancer probes each backend directly: over plain http, and often with the
backend's own address as its Host (some cannot send another). The security middleware
would send it to https, and the first ``request.get_host()`` would refuse a Host not in
``ALLOWED_HOSTS``, so a healthy service would look down. The health check builds no URL
from the Host and says nothing but whether the database answers, so it is safe to answer
whatever the Host and scheme; every other address still goes through every check."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from infoshare.core.views import healthz

PATH = "/healthz"


class HealthCheckMiddleware:
    """First in ``MIDDLEWARE``: ``/healthz`` is answered by its view, nothing else runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == PATH:
            return healthz(request)
        return self.get_response(request)
