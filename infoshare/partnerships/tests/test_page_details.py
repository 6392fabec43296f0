"""Details of the staff and invitation pages: a search that cannot be used lists nobody,
and what the password rules say is shown beside the password."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from infoshare.core.roles import Role


@pytest.mark.parametrize("q", ["\x00", "x" * 5000, "a\x07b"])
def test_a_search_that_cannot_be_used_lists_nobody(
    client: Any, org_admin: Any, home_org: Any, make_member: Any, q: str
) -> None:
    make_member(Role.PRACTITIONER, home_org, full_name="Priya Shah")
    client.force_login(org_admin)
    response = client.get(reverse("partnerships:staff_list", args=[home_org.pk]), {"q": q})
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "Priya Shah" not in html
    assert org_admin.full_name not in html.split("<main", 1)[1]
    assert "Correct the search to see staff" in html


def test_what_the_password_rules_say_is_shown_beside_the_password(
    client: Any,
    org_admin: Any,
    home_org: Any,
    mailoutbox: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("partnerships:invite", args=[home_org.pk]),
            {"full_name": "Nia Brown", "email": "nia@example.org", "role": Role.PRACTITIONER},
        )
    client.logout()
    body = str(mailoutbox[0].body)
    link = "/organisations/invitations/" + body.split("/organisations/invitations/")[1].split()[0]

    response = client.post(link, {"new_password1": "short", "new_password2": "short"})

    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_new_password1"' in html
    assert 'href="#id_new_password2"' not in html
    assert 'id="id_new_password1-error"' in html
    assert 'id="id_new_password2-error"' not in html
