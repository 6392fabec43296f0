"""Role names read as words in a sentence, and an administrator removing a role of their
own is spoken to as "you".

A content review found "Remove Ada Okafor's role as Information sharing advisor?", "Their
role now: Information sharing advisor." and "Nina Newcomer is now Practitioner at…",
where the advice pages say "(information sharing advisor)"; and an organisation
administrator opening the removal of their own role was asked about "Olu Adeyemi's role"
and told "Their account will be deactivated", though the removal would be refused: they
are the organisation's only administrator."""

from __future__ import annotations

import html as markup
import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse

from infoshare.core.roles import Role
from infoshare.partnerships.models import Membership
from infoshare.partnerships.role_names import role_in_sentence

pytestmark = pytest.mark.django_db


def _url(name: str, **kwargs: object) -> str:
    return reverse(f"partnerships:{name}", kwargs=kwargs)


def text(html: str) -> str:
    """The page's words, tags dropped and spaces collapsed."""
    return " ".join(markup.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def heading(html: str) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert found, html
    return text(found.group(1))


def title(html: str) -> str:
    found = re.search(r"<title>(.*?)</title>", html, re.S)
    assert found, html
    return text(found.group(1))


def role_of(person: Any, org: Any, role: str) -> Membership:
    return Membership.objects.get(person=person, organisation=org, role=role, ends_on__isnull=True)


@pytest.fixture
def ada(make_member: Any, home_org: Any) -> Any:
    return make_member(Role.ADVISOR, home_org, full_name="Ada Okafor")


@pytest.fixture
def olu(make_member: Any, home_org: Any) -> Any:
    """An organisation administrator: the only one, unless a test adds another."""
    return make_member(Role.ORG_ADMIN, home_org, full_name="Olu Adeyemi")


class TestRoleNamesInSentences:
    def test_every_role_reads_in_lower_case(self) -> None:
        assert [role_in_sentence(role) for role in Role] == [
            "practitioner",
            "manager",
            "information sharing advisor",
            "senior lead",
            "organisation administrator",
            "partnership board member",
            "partnership administrator",
            "auditor",
        ]

    def test_the_removal_question(self, client, olu, ada, home_org) -> None:
        client.force_login(olu)
        url = _url(
            "deactivate", org_id=home_org.pk, membership_id=role_of(ada, home_org, "advisor").pk
        )
        page = client.get(url).content.decode()
        assert heading(page) == "Remove Ada Okafor's role as information sharing advisor?"
        assert title(page).startswith("Remove Ada Okafor's role as information sharing advisor?")

    def test_the_role_change_page_and_its_message(self, client, olu, ada, home_org) -> None:
        client.force_login(olu)
        url = _url(
            "change_role", org_id=home_org.pk, membership_id=role_of(ada, home_org, "advisor").pk
        )
        page = text(client.get(url).content.decode())
        assert "Their role now is information sharing advisor." in page
        response = client.post(url, {"role": Role.MANAGER}, follow=True)
        assert "Ada Okafor is now manager" in text(response.content.decode())

    def test_the_invitation_sent_page(self, client, olu, home_org) -> None:
        client.force_login(olu)
        form = {
            "full_name": "Nina Newcomer",
            "email": "nina@example.org",
            "role": Role.PRACTITIONER,
        }
        response = client.post(_url("invite", org_id=home_org.pk), form, follow=True)
        page = text(response.content.decode())
        assert "Nina Newcomer is now practitioner at Home Council" in page
        assert "Practitioner at" not in page

    def test_the_staff_lists_hidden_link_words(self, client, olu, ada, home_org) -> None:
        client.force_login(olu)
        page = text(client.get(_url("staff_list", org_id=home_org.pk)).content.decode())
        assert "Remove role of Ada Okafor (information sharing advisor)" in page
        # The role at the start of the person's list item keeps its capital.
        assert "Information sharing advisor" in page

    def test_the_removal_message(self, client, olu, ada, home_org) -> None:
        Membership.objects.create(person=ada, organisation=home_org, role=Role.MANAGER)
        client.force_login(olu)
        url = _url(
            "deactivate", org_id=home_org.pk, membership_id=role_of(ada, home_org, "advisor").pk
        )
        response = client.post(url, follow=True)
        assert "Ada Okafor no longer has the role information sharing advisor" in text(
            response.content.decode()
        )


class TestRemovingARoleOfYourOwn:
    def test_the_only_administrator_is_told_up_front_that_they_cannot(
        self, client, olu, home_org
    ) -> None:
        client.force_login(olu)
        url = _url(
            "deactivate", org_id=home_org.pk, membership_id=role_of(olu, home_org, "org_admin").pk
        )
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 200
        assert heading(page) == "You cannot remove your role as organisation administrator"
        assert "You are the only organisation administrator at Home Council" in text(page)
        assert "Yes, remove this role" not in page
        assert "Olu Adeyemi" not in heading(page)
        # As the service would say had it been asked.
        assert client.post(url).status_code == 400
        assert role_of(olu, home_org, "org_admin").ends_on is None

    def test_another_persons_last_administrator_role_is_explained_too(
        self, client, olu, partnership_admin, home_org
    ) -> None:
        client.force_login(partnership_admin)
        url = _url(
            "deactivate", org_id=home_org.pk, membership_id=role_of(olu, home_org, "org_admin").pk
        )
        page = client.get(url).content.decode()
        assert heading(page) == "You cannot remove Olu Adeyemi's role as organisation administrator"
        assert "Olu Adeyemi is the only organisation administrator at Home Council" in text(page)

    def test_your_only_role_deactivates_you_and_signs_you_out(
        self, client, olu, make_member, home_org
    ) -> None:
        make_member(Role.ORG_ADMIN, home_org, full_name="Another Admin")
        client.force_login(olu)
        url = _url(
            "deactivate", org_id=home_org.pk, membership_id=role_of(olu, home_org, "org_admin").pk
        )
        page = client.get(url).content.decode()
        assert heading(page) == "Remove your role as organisation administrator?"
        words = text(page)
        assert (
            "This is your only role. Your account will be deactivated and you will be "
            "signed out." in words
        )
        assert "Their account" not in words
        assert "Olu Adeyemi's role" not in words

        response = client.post(url)
        assert response.status_code == 302
        assert response["Location"] == reverse(settings.LOGIN_URL)
        assert [str(m) for m in get_messages(response.wsgi_request)] == [
            "Your account has been deactivated and you have been signed out"
        ]
        sign_in_page = text(client.get(response["Location"]).content.decode())
        assert "Your account has been deactivated and you have been signed out" in sign_in_page
        olu.refresh_from_db()
        assert not olu.is_active
        assert "_auth_user_id" not in client.session  # signed out, as the page said
        home = client.get(reverse("core:home"))
        assert home.status_code == 302
        assert home["Location"].startswith(reverse(settings.LOGIN_URL))

    def test_another_role_of_your_own_keeps_you_signed_in(self, client, olu, home_org) -> None:
        Membership.objects.create(person=olu, organisation=home_org, role=Role.PRACTITIONER)
        client.force_login(olu)
        url = _url(
            "deactivate",
            org_id=home_org.pk,
            membership_id=role_of(olu, home_org, "practitioner").pk,
        )
        page = client.get(url).content.decode()
        assert heading(page) == "Remove your role as practitioner?"
        assert "You keep your other roles and can still sign in." in text(page)
        response = client.post(url, follow=True)
        assert response.redirect_chain[-1][0] == _url("staff_list", org_id=home_org.pk)
        assert "You no longer have the role practitioner" in text(response.content.decode())

    def test_giving_up_your_administrator_role_takes_you_home_not_to_a_refusal(
        self, client, olu, make_member, home_org
    ) -> None:
        make_member(Role.ORG_ADMIN, home_org, full_name="Another Admin")
        Membership.objects.create(person=olu, organisation=home_org, role=Role.PRACTITIONER)
        client.force_login(olu)
        url = _url(
            "deactivate", org_id=home_org.pk, membership_id=role_of(olu, home_org, "org_admin").pk
        )
        response = client.post(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("core:home")
        assert client.get(response["Location"]).status_code == 200
