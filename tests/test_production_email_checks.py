"""Deploy checks on email in production: a backend that never delivers (reset and
invitation links in the log), links to a local or plain-http address, and a sender
address that cannot exist."""

from __future__ import annotations

import pytest
from django.core import checks
from django.test import override_settings

from infoshare.core.checks import infoshare_production_email

SMTP = "django.core.mail.backends.smtp.EmailBackend"
GOOD = {
    "PRODUCTION": True,
    "EMAIL_BACKEND": SMTP,
    "SITE_URL": "https://infoshare.example.org",
    "DEFAULT_FROM_EMAIL": "Infoshare <no-reply@infoshare.example.org>",
}


def _ids(**changes: object) -> dict[str, int]:
    with override_settings(**{**GOOD, **changes}):
        return {str(m.id): m.level for m in infoshare_production_email(None)}


def test_production_settings_that_deliver_email_pass() -> None:
    assert _ids() == {}


@pytest.mark.parametrize("backend", ["console", "locmem", "filebased", "dummy"])
def test_a_backend_that_never_delivers_is_an_error_in_production(backend: str) -> None:
    assert _ids(EMAIL_BACKEND=f"django.core.mail.backends.{backend}.EmailBackend") == {
        "infoshare.E004": checks.ERROR
    }


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000",
        "http://infoshare.example.org",
        "https://localhost",
        "https://127.0.0.1:8443/",
        "https://[::1]/",
        "https://app.localhost",
        "infoshare.example.org",
        "",
    ],
)
def test_a_site_url_that_is_not_public_https_is_an_error_in_production(url: str) -> None:
    assert _ids(SITE_URL=url) == {"infoshare.E005": checks.ERROR}


def test_a_sender_address_that_cannot_exist_is_a_warning() -> None:
    found = _ids(DEFAULT_FROM_EMAIL="Infoshare <no-reply@infoshare.invalid>")
    assert found == {"infoshare.W003": checks.WARNING}


def test_every_message_has_a_hint() -> None:
    bad = {
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "SITE_URL": "http://127.0.0.1:8000",
        "DEFAULT_FROM_EMAIL": "no-reply@infoshare.invalid",
    }
    with override_settings(**{**GOOD, **bad}):
        found = infoshare_production_email(None)
    assert {m.id for m in found} == {"infoshare.E004", "infoshare.E005", "infoshare.W003"}
    assert all(m.hint for m in found)


def test_development_keeps_its_console_email_without_a_word() -> None:
    with override_settings(
        PRODUCTION=False,
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        SITE_URL="http://127.0.0.1:8000",
        DEFAULT_FROM_EMAIL="Infoshare <no-reply@infoshare.invalid>",
    ):
        assert infoshare_production_email(None) == []
