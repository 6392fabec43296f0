import json

from django.urls import reverse


def test_healthz_reports_the_database_without_secrets(client, db) -> None:
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}


def test_home_asks_a_signed_out_person_to_sign_in(client, db) -> None:
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_home_shows_the_person_and_their_role(client, practitioner) -> None:
    client.force_login(practitioner)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert "What needs your attention" in response.content.decode()
    assert "Practitioner" in response.content.decode()


def test_a_person_without_mfa_is_sent_to_set_it_up(client, home_org) -> None:
    from infoshare.partnerships.tests.factories import MembershipFactory, UserFactory

    user = UserFactory(with_mfa=False)
    MembershipFactory(person=user, organisation=home_org)
    client.force_login(user)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:mfa_required")


def test_static_pages_are_public(client, db) -> None:
    for name in ("core:accessibility", "core:privacy", "core:cookies"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert "govuk-footer" in response.content.decode()


def test_unknown_page_gets_the_govuk_404(client, practitioner) -> None:
    client.force_login(practitioner)
    response = client.get("/no-such-page")
    assert response.status_code in (403, 404)
