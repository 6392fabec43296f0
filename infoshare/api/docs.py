"""The API documentation page, read from the OpenAPI description the router generates.

django-ninja's interactive explorer (Swagger UI at /api/docs) is a developer tool: it does
not use the service layout and does not meet WCAG 2.2 AA. This page says the same things
in the GOV.UK layout, for anyone, signed in or not (the description holds no data): each
operation's method, path, summary and parameters, how to authenticate, the error shape and
the Idempotency-Key header.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from infoshare.api.router import api

#: The order of the sections on the page, and their headings.
TAGS = {
    "decisions": "Decisions",
    "people": "People",
    "advice": "Advice",
    "agreements": "Agreements",
    "governance": "Policies and procedures",
    "organisations": "Organisations and your account",
}
METHODS = ("get", "post", "put", "patch", "delete")
_CODE = re.compile(r"(`{1,2})([^`]+)\1")  # `code` (Markdown) or ``code`` (reStructuredText)


@dataclass(frozen=True)
class Field:
    name: str
    location: str  # "path", "query", "header" or "body"
    type: str
    required: bool
    notes: str = ""


@dataclass(frozen=True)
class Operation:
    id: str
    method: str
    path: str
    summary: str
    description: SafeString
    parameters: list[Field]
    body: list[Field]
    body_name: str
    responses: list[tuple[str, str]]


@dataclass
class Section:
    id: str
    title: str
    operations: list[Operation] = field(default_factory=list)


def with_code(text: str) -> SafeString:
    """Plain text with `backticked` parts shown as code; everything else is escaped."""
    return mark_safe(_CODE.sub(r"<code>\2</code>", str(escape(text))))  # noqa: S308 - escaped first


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def describe_type(schema: dict[str, Any]) -> str:
    """A JSON schema as a few words: "string (date)", "list of integer", "TeamOut"."""
    if "$ref" in schema:
        return _ref_name(schema["$ref"])
    if "anyOf" in schema:
        kinds = [describe_type(part) for part in schema["anyOf"] if part.get("type") != "null"]
        nullable = any(part.get("type") == "null" for part in schema["anyOf"])
        return " or ".join(kinds) + (" or null" if nullable else "")
    if "enum" in schema:
        return "one of " + ", ".join(str(value) for value in schema["enum"])
    kind = str(schema.get("type", "any value"))
    if kind == "array":
        return "list of " + describe_type(schema.get("items", {}))
    if schema.get("format"):
        return f"{kind} ({schema['format']})"
    return kind


def _notes(schema: dict[str, Any]) -> str:
    notes = []
    if schema.get("description"):
        notes.append(str(schema["description"]))
    default = schema.get("default")
    if default not in (None, ""):
        shown = default if isinstance(default, str) else json.dumps(default)
        notes.append(f"Default: {shown}")
    if "maxLength" in schema:
        notes.append(f"Up to {schema['maxLength']} characters")
    return ". ".join(notes)


def _body(operation: dict[str, Any], components: dict[str, Any]) -> tuple[str, list[Field]]:
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if not schema:
        return "", []
    if len(schema.get("allOf", [])) == 1:
        schema = schema["allOf"][0]  # an optional body: its reference, wrapped
    if "$ref" in schema:
        name = _ref_name(schema["$ref"])
        definition = components.get(name, {})
    elif "properties" in schema:
        name, definition = str(schema.get("title", "object")), schema  # described in place
    else:
        return describe_type(schema), []
    required = set(definition.get("required", []))
    fields = [
        Field(prop, "body", describe_type(spec), prop in required, _notes(spec))
        for prop, spec in definition.get("properties", {}).items()
    ]
    return name, fields


def _operation(method: str, path: str, operation: dict[str, Any], components: dict[str, Any]):
    parameters = [
        Field(
            str(param["name"]),
            str(param["in"]),
            describe_type(param.get("schema", {})),
            bool(param.get("required", False)),
            _notes({**param.get("schema", {}), "description": param.get("description", "")}),
        )
        for param in operation.get("parameters", [])
    ]
    body_name, body = _body(operation, components)
    responses = [
        (str(code), str(answer.get("description", "")))
        for code, answer in sorted(operation.get("responses", {}).items())
    ]
    return Operation(
        id=str(operation.get("operationId", f"{method}-{path}")),
        method=method.upper(),
        path=path,
        summary=str(operation.get("summary", "")),
        description=with_code(str(operation.get("description", "")).strip()),
        parameters=parameters,
        body=body,
        body_name=body_name,
        responses=responses,
    )


_PERIODS = {"s": "a second", "m": "a minute", "h": "an hour", "d": "a day"}


def rate_words(rate: str, noun: str = "") -> str:
    """A rate as the settings write it (Django Ninja's "240/min") in words: "240 a minute",
    or with a noun, "240 requests a minute"."""
    count, _, period = rate.partition("/")
    per = _PERIODS.get(period.strip()[:1], f"per {period.strip()}")
    return " ".join(part for part in (count.strip(), noun, per) if part)


@cache
def documentation() -> dict[str, Any]:
    """The page's content, built once: the schema only changes with the code."""
    schema = api.get_openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    sections: dict[str, Section] = {
        tag: Section(f"section-{tag}", title) for tag, title in TAGS.items()
    }
    for path, operations in schema["paths"].items():
        for method in METHODS:
            if method not in operations:
                continue
            operation = operations[method]
            tag = (operation.get("tags") or ["other"])[0]
            section = sections.setdefault(tag, Section(f"section-{tag}", tag.capitalize()))
            section.operations.append(_operation(method, path, operation, components))
    info = schema.get("info", {})
    every = [op for section in sections.values() for op in section.operations]
    return {
        "title": str(info.get("title", "API")),
        "version": str(info.get("version", "")),
        # Its first paragraph: the page says the rest (tokens, errors, limits) in its own.
        "description": with_code(str(info.get("description", "")).split("\n\n")[0]),
        "rate_limit": rate_words(settings.API_RATE_LIMIT, "requests"),
        "write_rate_limit": rate_words(settings.API_WRITE_RATE_LIMIT),
        "sections": [section for section in sections.values() if section.operations],
        "decision_create": next(
            (op for op in every if op.method == "POST" and op.path.endswith("/decisions/")),
            None,
        ),
    }


@require_GET
def api_documentation(request: HttpRequest) -> HttpResponse:
    return render(request, "api/documentation.html", documentation())
