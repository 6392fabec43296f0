"""Deploy checks: production settings must have the hardening switched on, and sign-in
throttling must see each client's own address in a cache that every worker shares."""

from __future__ import annotations

import importlib.util
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.checks import Warning as CheckWarning

#: Cache backends that keep their data inside one process (or nowhere).
PER_PROCESS_CACHES = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    }
)


@register(Tags.security, deploy=True)
def infoshare_production_settings(app_configs: Any, **kwargs: Any) -> list[Error]:
    errors = []
    if not settings.PRODUCTION:
        errors.append(Error("Set INFOSHARE_ENV=production for a deployment.", id="infoshare.E001"))
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") and settings.PRODUCTION:
        errors.append(Error("Use PostgreSQL (DATABASE_URL) in production.", id="infoshare.E002"))
    return errors


def _redis_installed() -> bool:
    return importlib.util.find_spec("redis") is not None


@register(Tags.security, Tags.caches)
def infoshare_sign_in_throttling(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Failed sign-ins are counted in the default cache. A per-process cache counts them
    separately in each worker (a guesser gets a fresh allowance from each); behind a proxy
    that is not trusted, every person shares the proxy's address and one person's failures
    lock everyone out. Those two are warnings, not errors (a one-worker trial deployment
    without a proxy works); a Redis cache without its client library is an error, since
    the first failed sign-in would fail with it."""
    found: list[CheckMessage] = []
    backend = str(settings.CACHES.get("default", {}).get("BACKEND", ""))
    if backend == "django.core.cache.backends.redis.RedisCache" and not _redis_installed():
        found.append(
            Error(
                "REDIS_URL is set but the redis package is not installed.",
                hint="Install the service's dependencies from uv.lock (uv sync --frozen).",
                id="infoshare.E003",
            )
        )
    if settings.DEBUG:
        return found
    if backend in PER_PROCESS_CACHES:
        found.append(
            CheckWarning(
                "Sign-in throttling uses a cache that each worker keeps to itself.",
                hint="Set REDIS_URL to a Redis server that every worker shares.",
                id="infoshare.W001",
            )
        )
    behind_proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None) is not None
    if behind_proxy and not getattr(settings, "TRUSTED_PROXY_COUNT", 0):
        found.append(
            CheckWarning(
                "The service is behind a TLS proxy but trusts no X-Forwarded-For address, "
                "so every client has the proxy's address and one person's failed sign-ins "
                "block everyone's.",
                hint="Set TRUSTED_PROXY_COUNT to the number of proxies in front of the "
                "service (usually 1).",
                id="infoshare.W002",
            )
        )
    return found
