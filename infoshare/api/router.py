"""Assembles the API from each app's router. No endpoints are defined here."""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema

from infoshare.accounts.api import router as accounts_router
from infoshare.accounts.api_limits import api_throttles
from infoshare.advice.api import router as advice_router
from infoshare.agreements.api import router as agreements_router
from infoshare.core.api import JsonParser, SessionOrToken
from infoshare.core.api_errors import error_body
from infoshare.core.errors import DomainError, ValidationFailed
from infoshare.decisions.api import router as decisions_router
from infoshare.governance.api import router as governance_router
from infoshare.partnerships.api import router as partnerships_router

#: How every operation documents the rate limit's answer (``accounts.api_limits``).
TOO_MANY_REQUESTS = {
    "description": "Too Many Requests: wait the seconds in the Retry-After header",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
}


class InfoshareAPI(NinjaAPI):
    """The API, whose every operation documents 429: the rate limits apply to all of them,
    including any added later, whatever responses the operation lists itself."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                if isinstance(operation, dict) and "responses" in operation:
                    operation["responses"].setdefault(429, TOO_MANY_REQUESTS)
        return schema


api = InfoshareAPI(
    title="Infoshare API",
    version="1",
    description=(
        "Record and read information-sharing decisions from case-management systems. "
        "Authenticate with a session or a personal API token (`Authorization: Bearer isk_...`). "
        'Errors share one shape: `{"error": {"code", "message", "fields"?}}`.\n\n'
        "**Read-only tokens.** A token is read only unless full access was chosen when it "
        "was made. A read-only token may use `GET` and the two `POST` operations that "
        "change nothing (`POST /api/v1/people/search` and "
        "`POST /api/v1/decision-support/evaluate`); any other operation answers 403 with "
        "the code `token_read_only`.\n\n"
        "**Rate limits.** Each person's requests are counted together, whether they come "
        "from any of their tokens or from a signed-in session: by default at most 240 a "
        "minute, of which at most 60 may change something (any operation other than the "
        "read-only ones above). Past a limit the API answers 429 with the code "
        "`rate_limited` and a `Retry-After` header giving the seconds to wait before "
        "sending requests again."
    ),
    urls_namespace="api-1",
    auth=SessionOrToken(),
    throttle=api_throttles(),
    parser=JsonParser(),
    openapi_url="/schema",
    docs_url="/docs",
)


def _validation_fields(errors: list[dict[str, Any]]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for error in errors:
        loc = [
            str(part)
            for part in error.get("loc", [])
            if part not in ("body", "payload", "query", "path", "header")
        ]
        fields[".".join(loc) or "body"] = str(error.get("msg", "Invalid value"))
    return fields


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    body = error_body("invalid", "Check the request", _validation_fields(list(exc.errors)))
    return api.create_response(request, body, status=400)


@api.exception_handler(ValidationFailed)
def on_validation_failed(request: HttpRequest, exc: ValidationFailed) -> HttpResponse:
    return api.create_response(request, error_body(exc.code, exc.message, exc.fields), status=400)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    fields = {exc.field: exc.message} if exc.field else None
    return api.create_response(
        request, error_body(exc.code, exc.message, fields), status=exc.status
    )


@api.exception_handler(RequestDataTooBig)
def on_body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    body = error_body("too_large", f"Send a request body of at most {limit:,} bytes")
    return api.create_response(request, body, status=413)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    body = error_body("not_authenticated", "Sign in or send an API token.")
    return api.create_response(request, body, status=401)


@api.exception_handler(Throttled)
def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    """Too many requests from one person (``accounts.api_limits``). Django Ninja sets
    ``Retry-After`` from the same wait; it is set here too so that the answer never lacks
    it."""
    seconds = max(math.ceil(exc.wait or 1), 1)
    body = error_body(
        "rate_limited",
        f"Too many requests. Wait {seconds} second{'s' if seconds != 1 else ''} "
        "before sending more (see the Retry-After header).",
    )
    response = api.create_response(request, body, status=429)
    response["Retry-After"] = str(seconds)
    return response


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, DomainError):
        # Django Ninja wraps whatever the body parser raises (JsonParser's own errors):
        # answer it with the handler of its own class.
        return api.on_exception(request, exc.__cause__)
    codes = {404: "not_found", 403: "forbidden", 409: "conflict", 405: "method_not_allowed"}
    body = error_body(codes.get(exc.status_code, "error"), str(exc))
    return api.create_response(request, body, status=exc.status_code)


api.add_router("/v1/", accounts_router)
api.add_router("/v1/", partnerships_router)
api.add_router("/v1/", decisions_router)
api.add_router("/v1/", advice_router)
api.add_router("/v1/", agreements_router)
api.add_router("/v1/", governance_router)
