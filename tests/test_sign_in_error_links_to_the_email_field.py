"""A wrong email address or password on the sign-in page: the error summary's item links to
the email address box, and the message is shown by both boxes (GOV.UK: every error in the
summary links to the field it is about, which shows it too). A deactivated account gets the
same page, so that the page never tells whether the password was right."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from infoshare.accounts.models import User
from infoshare.core.roles import Role
from infoshare.partnerships.tests.factories import TEST_PASSWORD

NOT_CORRECT = "The email address or password is not correct"


@pytest.fixture(autouse=True)
def fresh_throttle() -> Iterator[None]:
    cache.clear()  # allauth counts sign-ins in the cache
    yield
    cache.clear()


def _refused(email: str, password: str) -> str:
    response = Client().post(reverse("account_login"), {"login": email, "password": password})
    assert response.status_code == 200
    return response.content.decode()


def _summary_items(page: str) -> list[str]:
    summary = page[page.index("govuk-error-summary__list") :]
    return re.findall(r"<li>(.*?)</li>", summary[: summary.index("</ul>")], re.S)


def _group(page: str, box_id: str) -> str:
    """The form group of the box with this id: from its group's start to the box."""
    end = page.index(f'id="{box_id}" name=')
    start = page.rindex('<div class="govuk-form-group', 0, end)
    return page[start : page.index(">", end) + 1]


def _check_the_page(page: str) -> None:
    assert _summary_items(page) == [f'<a href="#id_login">{NOT_CORRECT}</a>']
    for box in ("id_login", "id_password"):
        group = _group(page, box)
        assert "govuk-form-group--error" in group
        assert (
            f'<p id="{box}-error" class="govuk-error-message">'
            f'<span class="govuk-visually-hidden">Error:</span> {NOT_CORRECT}</p>'
        ) in group
        assert "govuk-input--error" in group
        assert f'aria-describedby="{box}-error"' in group
    # Once in the summary and once by each box.
    assert page.count(NOT_CORRECT) == 3


def test_a_wrong_password_links_to_the_email_box_and_is_shown_by_both_boxes(
    practitioner: Any,
) -> None:
    _check_the_page(_refused(practitioner.email, "not-their-password"))


def test_a_deactivated_account_gets_the_same_page_as_a_wrong_password(
    make_member: Any, home_org: Any
) -> None:
    person = make_member(Role.PRACTITIONER, home_org, email="gone@example.org")
    User.objects.filter(pk=person.pk).update(is_active=False, deactivated_at=timezone.now())
    right = _refused("gone@example.org", TEST_PASSWORD)
    wrong = _refused("gone@example.org", "not-their-password")
    _check_the_page(right)
    _check_the_page(wrong)


def test_an_empty_box_is_still_linked_and_shown_by_that_box_alone(db: Any) -> None:
    page = _refused("someone@example.org", "")
    assert _summary_items(page) == ['<a href="#id_password">Enter your password</a>']
    assert "govuk-form-group--error" not in _group(page, "id_login")
    assert "govuk-form-group--error" in _group(page, "id_password")
