"""``/healthz`` answers a load balancer's probe in production: over plain http and with
the backend's own address as the Host, which every other address refuses."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

PRODUCTION_LIKE = override_settings(
    PRODUCTION=True,
    DEBUG=False,
    SECURE_SSL_REDIRECT=True,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    ALLOWED_HOSTS=["infoshare.example.org"],
)


@pytest.mark.django_db
@PRODUCTION_LIKE
@pytest.mark.parametrize("host", ["10.0.0.5:8000", "127.0.0.1:8000", "infoshare.example.org"])
def test_the_probe_is_answered_over_http_whatever_its_host(client: Any, host: str) -> None:
    response = client.get("/healthz", HTTP_HOST=host)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
@PRODUCTION_LIKE
def test_every_other_address_still_checks_the_host_and_the_scheme(client: Any) -> None:
    assert client.get("/accessibility", HTTP_HOST="10.0.0.5:8000").status_code == 400
    insecure = client.get("/accessibility", HTTP_HOST="infoshare.example.org")
    assert insecure.status_code == 301
    assert insecure["Location"] == "https://infoshare.example.org/accessibility"
    assert client.get("/healthz/", HTTP_HOST="10.0.0.5:8000").status_code == 400


@pytest.mark.django_db
@PRODUCTION_LIKE
def test_the_probe_takes_only_get_or_head(client: Any) -> None:
    assert client.head("/healthz", HTTP_HOST="10.0.0.5:8000").status_code == 200
    assert client.post("/healthz", HTTP_HOST="10.0.0.5:8000").status_code == 405
