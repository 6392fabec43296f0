"""Shared API helpers: authentication (session or personal token, read-only tokens
included), the one error shape and pagination bounds. Endpoints live in each app's api.py;
each create that honours an Idempotency-Key stores the key on its own row (unique per
person)."""

from __future__ import annotations

import json
import re
from typing import Any

from django.http import HttpRequest
from ninja import Schema
from ninja.parser import Parser
from ninja.security.base import AuthBase
from ninja.utils import check_csrf

from infoshare.core.errors import (
    DomainError,
    UnsupportedMediaType,
    ValidationFailed,
)
from infoshare.core.middleware import REFUSED_BY_RULE, route_name
from infoshare.core.text import LONE_SURROGATE

#: Methods that never change anything.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

#: The operations with another method that change nothing (by their URL name): a search
#: that takes its terms in a body so that no name is put in a URL, and the decision
#: engine, which stores nothing. A read-only token may use these and the safe methods;
#: every other operation, including any added later, counts as a change until it is
#: named here (``tests/test_api_read_only_tokens.py`` checks each name is a POST).
READ_ONLY_OPERATIONS = frozenset(
    {
        "api-1:people_search_post",
        "api-1:decision_support_evaluate",
    }
)


def only_reads(request: HttpRequest) -> bool:
    """Whether this API request changes nothing: a safe method, or an operation above."""
    return request.method in SAFE_METHODS or route_name(request) in READ_ONLY_OPERATIONS


class TokenReadOnly(DomainError):
    """A read-only token used for an operation that changes something."""

    status = 403

    def __init__(self) -> None:
        super().__init__(
            "token_read_only",
            "This API token is read only: it can look things up but not change anything. "
            "To do this, create a token with full access.",
        )


class CsrfRefused(DomainError):
    """A signed-in session's unsafe request without a valid CSRF token: the person is
    signed in, so "not authenticated" would send an integrator looking in the wrong place."""

    status = 403

    def __init__(self) -> None:
        super().__init__(
            "csrf_failed",
            "The CSRF token is missing or wrong. With a signed-in session, send the "
            "csrftoken cookie's value in an X-CSRFToken header; from another system, "
            "send an API token instead.",
        )


class SessionOrToken(AuthBase):
    """A signed-in session (with CSRF on unsafe methods) or ``Authorization: Bearer``.

    The token itself is resolved by ``ApiTokenMiddleware``; the access registry has
    already checked roles and scope before the endpoint runs. A read-only token is
    refused (403 ``token_read_only``) any operation that does not only read, before the
    body is read; the refusal is audited as an access rule's (``audit.refusals``)."""

    openapi_type = "http"
    #: Read by ``AuthBase.__init__`` into the OpenAPI security scheme (which must name it).
    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        token = getattr(request, "api_token", None)
        unsafe = request.method not in SAFE_METHODS
        if token is None and unsafe and check_csrf(request) is not None:
            raise CsrfRefused()
        if token is not None and getattr(token, "read_only", True) and not only_reads(request):
            setattr(request, REFUSED_BY_RULE, True)
            raise TokenReadOnly()
        return user


#: The last page any list serves: a huge page number would become a huge OFFSET.
LAST_PAGE = 100_000


def page_number(page: int) -> int:
    """The page a list serves (and says it served) for the ``page`` asked for."""
    return min(max(page, 1), LAST_PAGE)


def page_params(page: int, page_size: int) -> tuple[int, int]:
    page = page_number(page)
    page_size = min(max(page_size, 1), 100)
    return (page - 1) * page_size, page * page_size


#: An Idempotency-Key: 1 to 100 printable ASCII characters, without spaces.
IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,100}$")


def idempotency_key(request: HttpRequest) -> str:
    """The request's Idempotency-Key header, or "" when none is sent. Every create that
    honours one reads it here, so that all refuse the same keys (400, naming the header)
    rather than change them."""
    key = request.headers.get("Idempotency-Key", "")
    if key and not IDEMPOTENCY_KEY.fullmatch(key):
        raise ValidationFailed(
            {"Idempotency-Key": "Send up to 100 printable characters without spaces"}
        )
    return key


class JsonParser(Parser):
    """JSON bodies, refusing text that cannot be stored (a lone surrogate) by naming each
    field that holds it, for every endpoint at once."""

    def parse_body(self, request: HttpRequest) -> Any:
        content_type = request.content_type or ""
        body = request.body
        if body and not (content_type == "application/json" or content_type.endswith("+json")):
            raise UnsupportedMediaType(
                "unsupported_media_type",
                "Send the request body as JSON, with Content-Type: application/json",
            )
        try:
            data = json.loads(body)
            bad: dict[str, str] = {}
            _find_lone_surrogates(data, "", bad)
        # JSONDecodeError, UnicodeDecodeError of odd bytes, and nesting too deep to read.
        except (ValueError, RecursionError) as error:
            raise DomainError("invalid_json", "Send the request body as valid JSON") from error
        if bad:
            raise ValidationFailed(bad, "Check the request")
        return data


def _find_lone_surrogates(value: Any, path: str, bad: dict[str, str]) -> None:
    if isinstance(value, str):
        if LONE_SURROGATE.search(value):
            bad[path or "body"] = "Send text as valid Unicode (this holds a lone surrogate)"
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else str(key)
            if LONE_SURROGATE.search(str(key)):
                bad[path or "body"] = "Send field names as valid Unicode"
            else:
                _find_lone_surrogates(item, name, bad)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _find_lone_surrogates(item, f"{path}.{index}" if path else str(index), bad)


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, str] | None = None


class ErrorOut(Schema):
    """The project's one error shape: `{"error": {"code", "message", "fields"?}}`."""

    error: ErrorBody


#: What any operation may answer besides its own success: a request it cannot read or
#: act on (400), no session or token (401), no access or a read-only token (403), nothing
#: there for you (404), a state that forbids it (409), a body too large to read (413) or
#: not JSON (415). Every operation documents 429 as well (``api.router``).
ERRORS: dict[int, type[Schema]] = dict.fromkeys((400, 401, 403, 404, 409, 413, 415), ErrorOut)
