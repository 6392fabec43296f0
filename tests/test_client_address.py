"""Behind the TLS proxy, each client keeps its own address: for sign-in throttling (one
person's failed sign-ins never lock out everyone else) and in the audit trail. The
address in X-Forwarded-For is trusted only as far as TRUSTED_PROXY_COUNT says."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from infoshare.audit.models import AuditEvent
from infoshare.core.context import client_address
from infoshare.partnerships.tests import factories

TOO_MANY = "You have tried to sign in too many times"


@pytest.fixture
def fresh_throttle() -> Iterator[None]:
    cache.clear()  # allauth counts failed sign-ins per address in the cache
    yield
    cache.clear()


@pytest.fixture
def trusted_proxies(settings: Any) -> Any:
    """Sets the number of trusted proxies as the settings module does from the
    environment (``TRUSTED_PROXY_COUNT`` and allauth's own setting, together)."""

    def trust(count: int) -> None:
        settings.TRUSTED_PROXY_COUNT = count
        settings.ALLAUTH_TRUSTED_PROXY_COUNT = count

    return trust


def _sign_in(client: Any, email: str, password: str, forwarded_for: str) -> Any:
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        HTTP_X_FORWARDED_FOR=forwarded_for,
        REMOTE_ADDR="10.0.0.254",  # the proxy
    )


def _address_limit() -> int:
    """How many failed sign-ins one address may make (settings.ACCOUNT_RATE_LIMITS)."""
    from allauth.account import app_settings
    from allauth.core.internal.ratelimit import parse_rates

    rates = parse_rates(app_settings.RATE_LIMITS["login_failed"])
    return min(rate.amount for rate in rates if rate.per == "ip")


def _address_limit_used_up_from(client: Any, forwarded_for: str) -> None:
    """Failed sign-ins from one address, each for a different account (so no account's
    own limit is reached), until the address's limit is used up."""
    for attempt in range(_address_limit()):
        response = _sign_in(client, f"guess{attempt}@example.org", "wrong-password", forwarded_for)
        assert response.status_code == 200
        assert TOO_MANY not in response.content.decode()


def test_with_one_proxy_one_clients_failures_do_not_block_another(
    client, practitioner, trusted_proxies, fresh_throttle
) -> None:
    trusted_proxies(1)
    # The client claims an address; the proxy appends the one it really saw.
    _address_limit_used_up_from(client, "198.51.100.9, 203.0.113.7")
    blocked = _sign_in(client, practitioner.email, factories.TEST_PASSWORD, "203.0.113.7")
    assert TOO_MANY in blocked.content.decode()
    failures = AuditEvent.objects.filter(action="accounts.sign_in_failed")
    assert set(failures.values_list("client_address", flat=True)) == {"203.0.113.7"}

    response = _sign_in(client, practitioner.email, factories.TEST_PASSWORD, "192.0.2.44")
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")


def test_with_no_trusted_proxy_the_header_is_ignored(
    client, practitioner, trusted_proxies, fresh_throttle
) -> None:
    trusted_proxies(0)
    _address_limit_used_up_from(client, "203.0.113.7")
    failures = AuditEvent.objects.filter(action="accounts.sign_in_failed")
    assert set(failures.values_list("client_address", flat=True)) == {"10.0.0.254"}
    # Every request comes from the proxy's address: a "different" client is the same one.
    response = _sign_in(client, practitioner.email, factories.TEST_PASSWORD, "192.0.2.44")
    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "", "10.0.0.254"),
        (0, "203.0.113.7", "10.0.0.254"),
        (1, "", "10.0.0.254"),
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "1.1.1.1, 203.0.113.7", "203.0.113.7"),
        (1, " 1.1.1.1 ,203.0.113.7 ", "203.0.113.7"),
        (2, "1.1.1.1, 203.0.113.7, 10.0.0.3", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.254"),  # fewer addresses than proxies: not trusted
        (1, "1.1.1.1, ", "10.0.0.254"),
        # The chosen entry must be an IP address; anything else is never stored.
        (1, "203.0.113.7, <script>alert(1)</script>", "10.0.0.254"),
        (1, "203.0.113.7, unknown", "10.0.0.254"),
        (2, "203.0.113.7, proxy.example.org, 10.0.0.3", "10.0.0.254"),
        (1, "999.1.1.1", "10.0.0.254"),
        (1, "[2001:db8::1]", "10.0.0.254"),
        # A port after the address is dropped, as allauth does; IPv6 in its normal form.
        (1, "203.0.113.7:4431", "203.0.113.7"),
        (1, "[2001:DB8:0::1]:4431", "2001:db8::1"),
        (1, "2001:DB8:0:0::1", "2001:db8::1"),
    ],
)
def test_the_audit_address_follows_the_trusted_proxy_count(
    trusted_proxies, proxies, forwarded_for, expected
) -> None:
    trusted_proxies(proxies)
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.254", **headers)
    assert client_address(request) == expected


def test_text_that_is_not_an_address_never_reaches_the_audit_trail(
    client, auditor, trusted_proxies
) -> None:
    trusted_proxies(1)
    client.force_login(auditor)
    # The first page records the session's device (allauth, which refuses text that is
    # not an address); the pages after it within the minute do not ask allauth.
    assert client.get(reverse("audit:event_list"), REMOTE_ADDR="10.0.0.254").status_code == 200
    forged = "198.51.100.9, not-an-address " + "x" * 40
    response = client.get(
        reverse("audit:event_export"), HTTP_X_FORWARDED_FOR=forged, REMOTE_ADDR="10.0.0.254"
    )
    assert response.status_code == 200
    exported = AuditEvent.objects.get(action="audit.exported")
    assert exported.client_address == "10.0.0.254"


def test_a_port_after_the_address_is_dropped_as_sign_in_throttling_does(
    client, db, trusted_proxies, fresh_throttle
) -> None:
    trusted_proxies(1)
    _sign_in(client, "guess@example.org", "wrong-password", "198.51.100.9, 203.0.113.7:4431")
    failure = AuditEvent.objects.get(action="accounts.sign_in_failed")
    assert failure.client_address == "203.0.113.7"


def _settings_value(name: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = (
        f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "infoshare.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_trusted_proxy_count_comes_from_the_environment_for_allauth_too() -> None:
    result = _settings_value("ALLAUTH_TRUSTED_PROXY_COUNT", {"TRUSTED_PROXY_COUNT": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"
    without = {k: v for k, v in os.environ.items() if k != "TRUSTED_PROXY_COUNT"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_PROXY_COUNT)",
        ],
        env={**without, "DJANGO_SETTINGS_MODULE": "infoshare.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.split() == ["0", "0"]  # `make run`: no proxy in front


@pytest.mark.parametrize("value", ["-1", "one", "1.5"])
def test_a_bad_trusted_proxy_count_refuses_to_start(value) -> None:
    result = _settings_value("TRUSTED_PROXY_COUNT", {"TRUSTED_PROXY_COUNT": value})
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT must be a whole number" in result.stderr


def test_fewer_forwarded_addresses_than_trusted_proxies_is_never_a_500(
    client, db, trusted_proxies, fresh_throttle
) -> None:
    """A proxy set up with fewer hops than TRUSTED_PROXY_COUNT says: sign-in still answers
    (allauth's own rule raised ImproperlyConfigured), throttling by the connecting address."""
    trusted_proxies(2)
    response = _sign_in(client, "guess@example.org", "wrong-password", "203.0.113.7")
    assert response.status_code == 200
    failure = AuditEvent.objects.get(action="accounts.sign_in_failed")
    assert failure.client_address == "10.0.0.254"


def test_a_forwarded_entry_that_is_not_an_address_does_not_refuse_signed_in_pages(
    client, auditor, trusted_proxies
) -> None:
    trusted_proxies(1)
    client.force_login(auditor)
    response = client.get(
        reverse("audit:event_list"),
        HTTP_X_FORWARDED_FOR="not-an-address",
        REMOTE_ADDR="10.0.0.254",
    )
    assert response.status_code == 200
