"""The invitation's "Set your password" page: errors listed in the order of the fields,
and hints in plain words that say the same rule as the change and reset pages.

A content review found, for "short" and "different": "The two passwords do not match"
(the second field) listed before "This password is too short…" (the first); Django's own
hint "Enter the same password as before, for verification." on the confirmation; and a
password rule worded differently from the one on the change and reset pages."""

from __future__ import annotations

import html as markup
import re
from typing import Any

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.urls import reverse

from infoshare.core.roles import Role

pytestmark = pytest.mark.django_db

TOO_SHORT = "This password is too short. It must contain at least 12 characters."
MISMATCH = "The two passwords do not match"


def text(html: str) -> str:
    return " ".join(markup.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def summary(html: str) -> list[str]:
    """The error summary's messages, in order."""
    found = re.search(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', html, re.S)
    assert found, html
    return [text(item) for item in re.findall(r"<li>(.*?)</li>", found.group(1), re.S)]


def hint(html: str, field: str) -> str:
    found = re.search(rf'<div[^>]*id="{field}-hint"[^>]*>(.*?)</div>', html, re.S)
    assert found, html
    return text(found.group(1))


@pytest.fixture
def invitation_link(
    client: Any,
    org_admin: Any,
    home_org: Any,
    mailoutbox: Any,
    django_capture_on_commit_callbacks: Any,
) -> str:
    client.force_login(org_admin)
    form = {"full_name": "Nina Newcomer", "email": "nina@example.org", "role": Role.PRACTITIONER}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("partnerships:invite", kwargs={"org_id": home_org.pk}), form)
    client.logout()
    return (
        "/organisations/invitations/"
        + mailoutbox[0].body.split("/organisations/invitations/")[1].split()[0]
    )


def test_the_errors_are_listed_in_the_order_of_the_fields(client, invitation_link) -> None:
    response = client.post(
        invitation_link, {"new_password1": "short", "new_password2": "different"}
    )
    assert response.status_code == 400
    assert summary(response.content.decode()) == [TOO_SHORT, MISMATCH]


def test_each_error_links_to_its_own_field(client, invitation_link) -> None:
    page = client.post(
        invitation_link, {"new_password1": "short", "new_password2": "different"}
    ).content.decode()
    assert f'<a href="#id_new_password1">{TOO_SHORT}</a>' in page
    assert f'<a href="#id_new_password2">{MISMATCH}</a>' in page


def test_a_strong_password_that_is_not_repeated_is_one_error(client, invitation_link) -> None:
    response = client.post(
        invitation_link,
        {"new_password1": "Sharing-safely-2026!", "new_password2": "Sharing-safely-2026?"},
    )
    assert summary(response.content.decode()) == [MISMATCH]


def test_the_confirmation_hint_is_plain(client, invitation_link) -> None:
    page = client.get(invitation_link).content.decode()
    assert hint(page, "id_new_password2") == "Enter the same password again."
    assert "for verification" not in page


def test_the_password_rule_is_said_as_on_the_reset_page(
    client, invitation_link, practitioner
) -> None:
    invitation = hint(client.get(invitation_link).content.decode(), "id_new_password1")
    key = default_token_generator.make_token(practitioner)
    reset = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(practitioner), "key": key},
    )
    page = client.get(reset, follow=True).content.decode()
    assert "Choose a new password" in page
    assert invitation in text(page)
    assert invitation == (
        "Use at least 12 characters. Do not use a common password, only numbers, or "
        "anything like your name or email address."
    )
