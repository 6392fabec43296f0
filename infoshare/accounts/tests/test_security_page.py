"""The sign-in and security page links to single sign-on only when it is set up."""

from __future__ import annotations

from typing import Any

from django.test import override_settings
from django.urls import reverse

ENTRA = {
    "openid_connect": {
        "APPS": [
            {
                "provider_id": "entra",
                "name": "Microsoft Entra ID",
                "client_id": "infoshare-test",
                "secret": "not-a-real-secret",
                "settings": {"server_url": "https://login.example.org/tenant/v2.0"},
            }
        ]
    }
}


def _security_page(client: Any, person: Any) -> str:
    client.force_login(person)
    response = client.get(reverse("accounts:security"))
    assert response.status_code == 200
    return response.content.decode()


@override_settings(SOCIALACCOUNT_PROVIDERS=ENTRA)
def test_it_links_to_single_sign_on_accounts_when_a_provider_is_set_up(
    client: Any, practitioner: Any
) -> None:
    page = _security_page(client, practitioner)
    assert "Single sign-on" in page
    link = reverse("socialaccount_connections")
    assert link == "/accounts/3rdparty/"
    assert f'href="{link}"' in page
    assert client.get(link).status_code == 200  # the person may open it


@override_settings(SOCIALACCOUNT_PROVIDERS={})
def test_it_says_nothing_of_single_sign_on_when_none_is_set_up(
    client: Any, practitioner: Any
) -> None:
    page = _security_page(client, practitioner)
    assert "Single sign-on" not in page
    assert reverse("socialaccount_connections") not in page


def test_it_shows_when_each_session_was_last_active_as_every_page_does(
    client: Any, practitioner: Any
) -> None:
    import datetime as dt

    from allauth.usersessions.models import UserSession

    client.force_login(practitioner)
    client.get(reverse("core:home"))  # the session is recorded
    moment = dt.datetime(2026, 11, 27, 7, 24, tzinfo=dt.UTC)  # 7:24am in London (GMT)
    assert UserSession.objects.filter(user=practitioner).update(last_seen_at=moment) == 1

    page = _security_page(client, practitioner)

    assert "27 November 2026 at 7:24am" in page
    assert "a.m." not in page
