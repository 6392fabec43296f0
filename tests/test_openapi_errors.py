"""Every operation documents the errors it can answer with, in the one error shape."""

from __future__ import annotations

from infoshare.api.router import api


def test_every_operation_documents_401_and_the_error_shape() -> None:
    schema = api.get_openapi_schema()
    missing = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            responses = {str(status): answer for status, answer in operation["responses"].items()}
            if "401" not in responses:
                missing.append(f"{method.upper()} {path}")
                continue
            ref = responses["401"]["content"]["application/json"]["schema"]["$ref"]
            assert ref.endswith("/ErrorOut"), (method, path, ref)
    assert missing == []
