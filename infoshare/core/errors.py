"""One base for domain errors. Services raise these; views show them in the
GOV.UK error summary and the API returns them in the one JSON error shape."""

from __future__ import annotations

from collections.abc import Mapping


class DomainError(Exception):
    """A rule was broken. ``field`` names the form field the message belongs to."""

    status = 400

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class ValidationFailed(DomainError):
    """Several fields are wrong at once."""

    def __init__(
        self,
        fields: Mapping[str, str],
        message: str = "There is a problem with what was sent: see the fields named",
    ) -> None:
        super().__init__("invalid", message)
        self.fields = dict(fields)


class NotFound(DomainError):
    status = 404

    def __init__(self, message: str = "Not found") -> None:
        super().__init__("not_found", message)


class Conflict(DomainError):
    status = 409


class UnsupportedMediaType(DomainError):
    """A request body that is not JSON where only JSON is read."""

    status = 415
