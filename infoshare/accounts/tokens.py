"""Personal API tokens: ``Authorization: Bearer <token>`` on /api/ requests.

A token works until it expires (30, 60 or 90 days after it was made) or is revoked."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from infoshare.core.api_errors import api_error

TOKEN_PREFIX = "isk_"  # noqa: S105 - a visible marker, not a secret


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class ApiTokenMiddleware:
    """Signs in API requests that carry a personal token. Sessions work as usual."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        request.api_token = None  # type: ignore[attr-defined]
        if request.path.startswith("/api/") and header:
            scheme, _, secret = header.strip().partition(" ")
            secret = secret.strip()
            if scheme.lower() != "bearer" or not secret.startswith(TOKEN_PREFIX):
                return api_error(401, "bad_token", "Send a personal API token as 'Bearer <token>'.")
            from infoshare.accounts.models import ApiToken

            token = (
                ApiToken.objects.select_related("user")
                .filter(digest=digest_of(secret), revoked_at__isnull=True)
                .first()
            )
            if token is None or not token.user.is_active:
                return api_error(401, "bad_token", "This API token is not valid or was revoked.")
            if token.is_expired:
                return api_error(
                    401, "token_expired", "This API token has expired. Create a new one."
                )
            now = timezone.now()
            if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
                ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            request.user = token.user
            request.api_token = token  # type: ignore[attr-defined]
            request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
        return self.get_response(request)
