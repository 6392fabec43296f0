"""Deploy checks: production settings must have the hardening switched on and deliver
email with links to the public address, and sign-in throttling must see each client's own
address in a cache that every worker shares."""

from __future__ import annotations

import importlib.util
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit

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


#: Email backends that never deliver: they print messages to the log, keep them in memory,
#: write them to files or drop them. In production a password reset or invitation link
#: would go to the log (or nowhere) instead of to the person.
UNDELIVERED_EMAIL_BACKENDS = frozenset(
    {
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
    }
)

#: Hosts that are never the service's public address.
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})  # noqa: S104 - compared, not bound


@register(Tags.security, deploy=True)
def infoshare_production_email(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """In production, emails must be delivered and their links must point at the public
    service: the development defaults print emails (password reset and invitation links
    among them) to the log, and make links to http://127.0.0.1:8000."""
    if not settings.PRODUCTION:
        return []
    found: list[CheckMessage] = []
    if settings.EMAIL_BACKEND in UNDELIVERED_EMAIL_BACKENDS:
        found.append(
            Error(
                f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}, which does not send emails: "
                "password reset and invitation links would be written to the log or lost.",
                hint="Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and the "
                "EMAIL_HOST, EMAIL_PORT and EMAIL_USE_TLS settings of your mail server.",
                id="infoshare.E004",
            )
        )
    site = urlsplit(str(settings.SITE_URL))
    host = (site.hostname or "").lower()
    if site.scheme != "https" or not host or host in LOCAL_HOSTS or host.endswith(".localhost"):
        found.append(
            Error(
                f"SITE_URL is {settings.SITE_URL!r}: links in emails must use https and the "
                "service's public address.",
                hint="Set SITE_URL to the address people use, such as "
                "https://infoshare.example.org.",
                id="infoshare.E005",
            )
        )
    _, sender = parseaddr(str(settings.DEFAULT_FROM_EMAIL))
    if sender.lower().endswith(".invalid"):
        found.append(
            CheckWarning(
                f"DEFAULT_FROM_EMAIL is {settings.DEFAULT_FROM_EMAIL!r}, an address that "
                "cannot exist: mail servers may refuse or bin emails from it.",
                hint="Set DEFAULT_FROM_EMAIL to an address of your domain, such as "
                "Infoshare <no-reply@infoshare.example.org>.",
                id="infoshare.W003",
            )
        )
    return found


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
