"""How many API requests one person may make: Django Ninja's throttling, per person.

Every API request of a signed-in person (any of their tokens, or their session) counts
towards ``settings.API_RATE_LIMIT``; a request that changes something (not
``core.api.only_reads``) counts towards ``settings.API_WRITE_RATE_LIMIT`` as well. Both
are "<requests>/<period>" as Django Ninja reads them ("240/min", "60/min"), read at each
request so that a changed setting (or a test's) applies at once. The counts are kept in
the default cache: Redis in production, shared by every worker (the system check
``infoshare.W001`` warns when it is per process).

A refused request gets 429 ``rate_limited`` with ``Retry-After`` (``api.router``). The
first refusal of a burst writes one ``accounts.api_rate_limited`` event (the limit, the
route, and the token if one was used); the refusals after it are not recorded one by one:
at most one event per person and limit in each period of the limit (each minute, by
default), so a client that keeps retrying cannot fill the audit trail. Requests that are not signed in are refused (401) before
any limit is counted."""

from __future__ import annotations

import logging
import math
import threading
import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import BaseThrottle, SimpleRateThrottle

from infoshare.accounts.audit import Action
from infoshare.audit.services import record
from infoshare.core.api import only_reads
from infoshare.core.middleware import route_name

logger = logging.getLogger(__name__)


class PersonRateThrottle(SimpleRateThrottle):
    """All of one person's API requests, within ``settings.API_RATE_LIMIT``.

    Django Ninja keeps one throttle object per operation and its ``SimpleRateThrottle``
    stores each request's history on that object between ``allow_request`` and ``wait``;
    with a threaded server two requests would mix them up. This one keeps them for the
    request's own thread."""

    scope = "api"
    setting = "API_RATE_LIMIT"
    #: The time, in seconds (a test moves it on).
    clock = staticmethod(time.time)

    def __init__(self) -> None:
        self._request = threading.local()
        super().__init__(rate=self.get_rate())  # a malformed setting fails at start-up

    def get_rate(self) -> str:
        return str(getattr(settings, self.setting))

    def counts(self, request: HttpRequest) -> bool:
        return True

    def get_cache_key(self, request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not self.counts(request):
            return None
        return f"api-limit:{self.scope}:{user.pk}"

    def allow_request(self, request: HttpRequest) -> bool:
        self._request.wait = None
        key = self.get_cache_key(request)
        limit, period = self.parse_rate(self.get_rate())
        if key is None or limit is None or period is None:
            return True
        now = self.clock()
        # The times of the requests still in the window, newest first.
        history = [at for at in self.cache.get(key, []) if at > now - period]
        if len(history) >= limit:
            # A request may be sent again when the one that filled the window leaves it.
            freed = history[limit - 1] + period if limit > 0 else now + period
            self._request.wait = max(freed - now, 1.0)
            self._refused(request, limit=limit, period=period)
            return False
        history.insert(0, now)
        self.cache.set(key, history, period)
        return True

    def wait(self) -> float | None:
        return getattr(self._request, "wait", None)

    def _refused(self, request: HttpRequest, *, limit: int, period: int) -> None:
        """Audits the first refusal of a burst; never turns the 429 into an error."""
        user: Any = request.user
        retry_after = math.ceil(self._request.wait)
        try:
            # One event per person and limit in each period (a minute, by default): the
            # period is numbered so that the check is one atomic ``add``.
            burst = f"api-limit:{self.scope}:{user.pk}:audited:{int(self.clock() // period)}"
            if not self.cache.add(burst, True, 2 * period):
                return
            token = getattr(request, "api_token", None)
            record(
                action=Action.API_RATE_LIMITED,
                actor=user,
                obj=user,
                data={
                    "limit": self.get_rate(),
                    "requests": limit,
                    "seconds": period,
                    "changes_only": self.scope == "write",
                    "route": route_name(request),
                    "method": request.method,
                    "token_id": getattr(token, "pk", None),
                    "retry_after_seconds": retry_after,
                },
            )
        except Exception:  # the refusal stands whatever happens to its audit
            logger.exception("The API rate limit refusal could not be audited")


class PersonWriteRateThrottle(PersonRateThrottle):
    """One person's API requests that change something, within
    ``settings.API_WRITE_RATE_LIMIT`` (they count towards the overall limit too)."""

    scope = "write"
    setting = "API_WRITE_RATE_LIMIT"

    def counts(self, request: HttpRequest) -> bool:
        return not only_reads(request)


def api_throttles() -> list[BaseThrottle]:
    return [PersonRateThrottle(), PersonWriteRateThrottle()]
