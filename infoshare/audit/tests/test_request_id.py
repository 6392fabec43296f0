"""The request id in the audit trail (and the X-Request-ID response header) is the
service's own: a client's X-Request-ID is taken only behind a proxy trusted to set it, and
only when it looks like an id (``core.context``)."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from infoshare.audit.models import AuditEvent

EXPORTED = "audit.exported"
SOMEONE_ELSES = "b9c5ef00ec0848b5a3c335f33e5b4f4f"
HOSTILE = '=HYPERLINK("http://x") \x01\x7f'


@pytest.fixture
def audited(client: Any, auditor: Any) -> Any:
    """Downloads the trail (an audited request) with the given X-Request-ID header."""
    client.force_login(auditor)

    def get(request_id: str) -> StreamingHttpResponse:
        response = client.get(reverse("audit:event_export"), HTTP_X_REQUEST_ID=request_id)
        assert response.status_code == 200
        return response

    return get


def exported_request_ids() -> list[str]:
    events = AuditEvent.objects.filter(action=EXPORTED).order_by("id")
    return list(events.values_list("request_id", flat=True))


def is_made_here(request_id: str) -> bool:
    return len(request_id) == 32 and all(c in "0123456789abcdef" for c in request_id)


def test_a_clients_request_id_is_not_taken_by_default(audited: Any) -> None:
    first = audited(SOMEONE_ELSES)
    second = audited(SOMEONE_ELSES)
    ids = exported_request_ids()
    assert SOMEONE_ELSES not in ids
    # Each request its own id, the one its response names.
    assert ids == [first["X-Request-ID"], second["X-Request-ID"]]
    assert ids[0] != ids[1]
    assert all(is_made_here(rid) for rid in ids)


def test_a_hostile_request_id_is_neither_stored_nor_sent_back(audited: Any) -> None:
    response = audited(HOSTILE)
    assert response["X-Request-ID"] != HOSTILE
    assert is_made_here(response["X-Request-ID"])
    assert exported_request_ids() == [response["X-Request-ID"]]
    # Nor does the next export carry it.
    body = b"".join(audited("x" * 10).streaming_content).decode()
    assert "HYPERLINK" not in body


def test_behind_a_trusted_proxy_its_request_id_is_kept(audited: Any, settings: Any) -> None:
    settings.TRUSTED_REQUEST_ID_HEADER = True
    response = audited("proxy-req.0042_ab")
    assert response["X-Request-ID"] == "proxy-req.0042_ab"
    assert exported_request_ids() == ["proxy-req.0042_ab"]


@pytest.mark.parametrize(
    "sent",
    [
        HOSTILE,
        "=1+2345678",
        "short",
        "a" * 65,
        "abcdefgh\n",
        "abcdefgh ijk",
        "ab/cdefghij",
        "ünïcödéid",
        "",
    ],
)
def test_behind_a_trusted_proxy_an_id_that_does_not_look_like_one_is_replaced(
    audited: Any, settings: Any, sent: str
) -> None:
    settings.TRUSTED_REQUEST_ID_HEADER = True
    response = audited(sent)
    made = response["X-Request-ID"]
    assert made != sent
    assert is_made_here(made)
    assert exported_request_ids() == [made]
