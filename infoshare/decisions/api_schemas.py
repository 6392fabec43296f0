"""Schemas shared by the decisions API modules."""

from __future__ import annotations

from ninja import Schema


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, str] | None = None


class ErrorOut(Schema):
    """The project's one error shape: `{"error": {"code", "message", "fields"?}}`."""

    error: ErrorBody
