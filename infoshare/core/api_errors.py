"""The one JSON error shape of the API.

    {"error": {"code": "<machine code>", "message": "<for people>",
               "fields": {"<field>": "<message>", ...}}}

``fields`` is present only for validation errors and names each bad field.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.http import JsonResponse

#: The most fields one error names: a body with thousands of bad keys gets an answer of
#: a sensible size, never one larger than itself.
MAX_FIELDS = 50


def error_body(
    code: str, message: str, fields: Mapping[str, str] | None = None
) -> dict[str, object]:
    body: dict[str, object] = {"code": code, "message": message}
    if fields:
        named = dict(list(fields.items())[:MAX_FIELDS])
        if len(fields) > MAX_FIELDS:
            body["message"] = f"{message} ({len(fields):,} problems; the first {MAX_FIELDS} named)"
        body["fields"] = named
    return {"error": body}


def api_error(
    status: int, code: str, message: str, fields: Mapping[str, str] | None = None
) -> JsonResponse:
    return JsonResponse(error_body(code, message, fields), status=status)
