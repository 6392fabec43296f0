"""Security headers, CSP and production refusal."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse


def test_pages_send_strict_security_headers(client, db) -> None:
    response = client.get(reverse("account_login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_scripts_or_styles(client, practitioner) -> None:
    client.force_login(practitioner)
    html = client.get(reverse("core:home")).content.decode()
    assert "<script>" not in html
    assert "style=" not in html
    assert "<style" not in html


def _start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import django, os; django.setup()"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "infoshare.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "reason"),
    [
        ({"INFOSHARE_ENV": "production", "DEBUG": "1", "SECRET_KEY": "x" * 60}, "DEBUG"),
        ({"INFOSHARE_ENV": "production", "DEBUG": "0"}, "SECRET_KEY"),
    ],
)
def test_production_refuses_to_start_with_debug_or_default_key(env, reason) -> None:
    result = _start(env)
    assert result.returncode != 0
    assert "Refusing to start in production" in result.stderr


def test_check_deploy_passes_with_production_settings() -> None:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; a deployment never does.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "infoshare.settings",
        "INFOSHARE_ENV": "production",
        "DEBUG": "0",
        "SECRET_KEY": "k" * 30 + "Zq9!x" * 6,
        "ALLOWED_HOSTS": "infoshare.example.org",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_session_cookies_are_http_only(settings) -> None:
    # The idle timeout itself is tested by behaviour in test_session_activity.
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_passwords_need_twelve_characters_and_are_checked_against_common_ones() -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("short1!", "password1234", "123456789012"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("Correct-horse-battery-9")
