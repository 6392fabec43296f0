"""A form kept on an expired session is posted back to the address it was posted to,
query and all (``?return=check``), so that saving it carries on where the person was:
after a change from check answers, on to the next question still to check and back to
check answers (infoshare/core/resubmit.py)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from infoshare.core import resubmit
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.tests.factories import CONSENT_ANSWERS, answer_questions, make_decision
from infoshare.partnerships.tests.factories import TEST_PASSWORD, fresh_totp_code

pytestmark = pytest.mark.django_db

KEPT_HEADING = "You were signed out before this was saved"


@pytest.fixture(autouse=True)
def _fresh_throttle() -> Iterator[None]:
    cache.clear()  # allauth counts sign-ins per address in the cache
    yield
    cache.clear()


def _question(draft: SharingDecision, key: str) -> str:
    return reverse("decisions:question", kwargs={"decision_id": draft.pk, "key": key})


def _sign_in(client: Any, person: Any, next_url: str) -> Any:
    step = client.post(
        reverse("account_login"),
        {"login": person.email, "password": TEST_PASSWORD, "next": next_url},
    )
    assert step.status_code == 302, step.content
    done = client.post(reverse("mfa_authenticate"), {"code": fresh_totp_code()})
    assert done.status_code == 302
    return done


def _expire_session(client: Any) -> None:
    client.session.flush()
    client.cookies.pop("sessionid", None)


def _form_action(body: str) -> str:
    found = re.search(r'<form method="post" action="([^"]*)" novalidate>', body)
    assert found is not None
    return html.unescape(found.group(1))


def _hidden_fields(body: str) -> dict[str, str]:
    found = re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', body)
    return {html.unescape(n): html.unescape(v) for n, v in found if n != "csrfmiddlewaretoken"}


@pytest.fixture
def changing_consent(client: Any, practitioner: Any, home_org: Any) -> tuple[Any, str]:
    """At check answers, the practitioner changes their answer about consent: the session
    runs out before they press Continue."""
    draft = answer_questions(
        make_decision(author=practitioner, organisation=home_org, status=Status.DRAFT),
        CONSENT_ANSWERS,
    )
    page = f"{_question(draft, 'consent')}?return=check"
    client.force_login(practitioner)
    assert client.get(page).status_code == 200
    _expire_session(client)
    response = client.post(page, {"answer": "refused"})
    assert response.url.startswith(reverse("account_login"))
    return draft, page


def test_saving_the_kept_form_keeps_the_return_to_check_answers(
    client: Any, practitioner: Any, changing_consent: Any
) -> None:
    draft, page = changing_consent
    assert _sign_in(client, practitioner, page).url == page

    kept = client.get(page)
    body = kept.content.decode()
    assert KEPT_HEADING in body
    assert _form_action(body) == page
    assert 'href="' + html.escape(f"{page}&{resubmit.DISCARD_PARAM}=1") + '"' in body

    saved = client.post(_form_action(body), _hidden_fields(body))

    assert saved.status_code == 302
    assert saved.url == f"{_question(draft, 'public_interest')}?return=check"
    draft.refresh_from_db()
    assert draft.answers["consent"] == "refused"


def test_discarding_the_kept_form_stays_on_the_page_as_it_was_opened(
    client: Any, practitioner: Any, changing_consent: Any
) -> None:
    _, page = changing_consent
    _sign_in(client, practitioner, page)

    response = client.get(f"{page}&{resubmit.DISCARD_PARAM}=1")

    assert response.status_code == 302
    assert response.url == page
    assert client.session.get(resubmit.SESSION_KEY) is None


def test_an_address_too_long_or_for_another_page_is_not_used(
    client: Any, practitioner: Any, changing_consent: Any
) -> None:
    """Only this page of this site, and an address of a sane length: otherwise the form
    is posted back to the page's path alone."""
    draft, page = changing_consent
    _sign_in(client, practitioner, page)
    path = _question(draft, "consent")
    for address in (
        "//elsewhere.example/steal",
        "https://elsewhere.example" + page,
        _question(draft, "purpose") + "?return=check",
        page + "&x=" + "a" * resubmit.ADDRESS_MAX,
    ):
        session = client.session
        session[resubmit.SESSION_KEY] = session[resubmit.SESSION_KEY] | {"address": address}
        session.save()

        body = client.get(page).content.decode()

        assert _form_action(body) == path, address
