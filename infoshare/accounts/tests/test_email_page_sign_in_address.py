"""Your email address page: the address the person signs in with is shown as that, on the
first visit too (allauth's page makes an address record for it then, not marked primary,
which the page used to show as "Also linked")."""

from __future__ import annotations

import re
from typing import Any

from allauth.account.models import EmailAddress
from django.urls import reverse

PAGE = reverse("account_email")


def _rows(client: Any) -> list[tuple[str, str]]:
    response = client.get(PAGE)
    assert response.status_code == 200
    return re.findall(
        r'<dt class="govuk-summary-list__key">(.*?)</dt>\s*'
        r'<dd class="govuk-summary-list__value">(.*?)</dd>',
        response.content.decode(),
    )


def test_the_sign_in_address_is_shown_as_such_on_every_visit(
    client: Any, practitioner: Any
) -> None:
    client.force_login(practitioner)
    EmailAddress.objects.filter(user=practitioner).delete()  # as for a newly invited person
    first = _rows(client)
    second = _rows(client)  # after allauth has made its record
    for rows in (first, second):
        assert rows == [("You sign in with", practitioner.email)]


def test_the_sign_in_address_is_matched_whatever_its_case(client: Any, practitioner: Any) -> None:
    client.force_login(practitioner)
    EmailAddress.objects.filter(user=practitioner).delete()
    EmailAddress.objects.create(
        user=practitioner, email=practitioner.email.upper(), primary=False, verified=True
    )
    assert _rows(client) == [("You sign in with", practitioner.email)]


def test_another_address_of_theirs_is_shown_as_also_linked(client: Any, practitioner: Any) -> None:
    client.force_login(practitioner)
    EmailAddress.objects.filter(user=practitioner).delete()
    EmailAddress.objects.create(user=practitioner, email=practitioner.email, primary=True)
    EmailAddress.objects.create(user=practitioner, email="old-name@example.org", primary=False)
    assert _rows(client) == [
        ("You sign in with", practitioner.email),
        ("Also linked", "old-name@example.org"),
    ]
