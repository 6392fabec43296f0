"""Security headers, CSP and production refusal."""

import os
import subprocess
import sys
from typing import Any

import pytest
from django.core import checks
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
        "AUDIT_CHAIN_KEY": "a" * 16 + "Rt7#m" * 4,
        "ALLOWED_HOSTS": "infoshare.example.org",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "TRUSTED_PROXY_COUNT": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "SITE_URL": "https://infoshare.example.org",
        "DEFAULT_FROM_EMAIL": "Infoshare <no-reply@infoshare.example.org>",
    }
    result = _check_deploy(env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    # Without a shared cache or a trusted proxy, sign-in throttling is per worker and
    # everyone shares the proxy's address: the check says so (warnings, not errors).
    without = {k: v for k, v in env.items() if k not in ("REDIS_URL", "TRUSTED_PROXY_COUNT")}
    result = _check_deploy(without)
    assert result.returncode != 0
    assert "infoshare.W001" in result.stdout + result.stderr
    assert "infoshare.W002" in result.stdout + result.stderr
    assert _check_deploy(without, fail_level="ERROR").returncode == 0
    # The development email settings (emails printed to the log, links to 127.0.0.1)
    # are errors in production.
    dev_email = {
        k: v for k, v in env.items() if k not in ("EMAIL_BACKEND", "SITE_URL", "DEFAULT_FROM_EMAIL")
    }
    result = _check_deploy(dev_email, fail_level="ERROR")
    assert result.returncode != 0
    for check_id in ("infoshare.E004", "infoshare.E005", "infoshare.W003"):
        assert check_id in result.stdout + result.stderr


def _check_deploy(env: dict[str, str], fail_level: str = "WARNING") -> Any:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", fail_level],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


_LOCAL = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }
}


@pytest.mark.parametrize(
    ("debug", "caches", "proxy_header", "proxies", "expected"),
    [
        (False, _LOCAL, None, 0, {"infoshare.W001"}),
        (False, _REDIS, None, 0, set()),
        (False, _REDIS, ("HTTP_X_FORWARDED_PROTO", "https"), 0, {"infoshare.W002"}),
        (False, _REDIS, ("HTTP_X_FORWARDED_PROTO", "https"), 1, set()),
        (True, _LOCAL, ("HTTP_X_FORWARDED_PROTO", "https"), 0, set()),  # `make run`
    ],
)
def test_sign_in_throttling_check(settings, debug, caches, proxy_header, proxies, expected):
    from infoshare.core.checks import infoshare_sign_in_throttling

    settings.DEBUG = debug
    settings.CACHES = caches
    settings.SECURE_PROXY_SSL_HEADER = proxy_header
    settings.TRUSTED_PROXY_COUNT = proxies
    found = infoshare_sign_in_throttling(None)
    assert {message.id for message in found} == expected
    assert all(message.level == checks.WARNING for message in found)


def test_a_redis_cache_without_its_client_library_is_an_error(settings, monkeypatch):
    from infoshare.core import checks as infoshare_checks

    settings.CACHES = _REDIS
    monkeypatch.setattr(infoshare_checks, "_redis_installed", lambda: False)
    [error] = infoshare_checks.infoshare_sign_in_throttling(None)
    assert (error.id, error.level) == ("infoshare.E003", checks.ERROR)


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
