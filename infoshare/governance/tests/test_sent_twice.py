"""A governance form or button sent twice (a double press without JavaScript, a resent
form) does its work once: one draft policy, one published version of a position
statement; Publish pressed again by the person who published is done already."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.urls import reverse
from django.utils import timezone

from infoshare.audit.models import AuditEvent
from infoshare.core.dates import years_ahead
from infoshare.governance.audit import Action
from infoshare.governance.models import Policy, PolicyStatus, PositionStatement, StatementStatus
from infoshare.governance.tests.factories import make_policy, make_statement


def _page_key(client: Any, url: str) -> str:
    page = client.get(url).content.decode()
    found = re.search(r'name="page_key" value="([0-9a-f]{32})"', page)
    assert found, "the page carries its own key"
    return found.group(1)


def _statement_url(org: Any) -> str:
    return reverse("governance:position_statement", kwargs={"org_id": org.pk})


def _publish_url(org: Any) -> str:
    return reverse("governance:statement_publish", kwargs={"org_id": org.pk})


def _policy_url(policy: Any) -> str:
    return reverse("governance:policy_detail", kwargs={"policy_id": policy.pk})


def _in_words(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


# --- A new policy ------------------------------------------------------------------


def test_the_new_policy_page_sent_twice_makes_one_draft(client, advisor, home_org) -> None:
    client.force_login(advisor)
    url = reverse("governance:policy_create")
    sent = {
        "where": str(home_org.pk),
        "title": "Information sharing policy",
        "kind": "policy",
        "body": "Share to keep children safe.",
        "review_date": _in_words(years_ahead(1)),  # today or later
        "page_key": _page_key(client, url),
    }
    first = client.post(url, sent)
    again = client.post(url, sent)
    policy = Policy.objects.get()
    assert first.status_code == again.status_code == 302
    assert first.url == again.url == _policy_url(policy)
    assert AuditEvent.objects.filter(action=Action.POLICY_CREATED).count() == 1
    # Back to the same page, something else typed: another draft, as asked.
    assert client.post(url, {**sent, "title": "Another policy"}).status_code == 302
    assert Policy.objects.count() == 2


# --- A new version of the position statement -----------------------------------------


def test_the_publish_page_sent_twice_publishes_one_version(client, senior_lead, home_org) -> None:
    live = make_statement(organisation=home_org, version=1)
    client.force_login(senior_lead)
    today = timezone.localdate()
    sent = {
        "title": "Our position",
        "body": "We share to keep children safe.",
        "effective_date": _in_words(today),
        "page_key": _page_key(client, _publish_url(home_org)),
    }
    first = client.post(_publish_url(home_org), sent)
    again = client.post(_publish_url(home_org), sent)
    assert first.status_code == again.status_code == 302
    assert first.url == again.url == _statement_url(home_org)
    versions = dict(
        PositionStatement.objects.filter(organisation=home_org).values_list("version", "status")
    )
    # Version 2 in force, superseding version 1, and not superseded by a copy of itself.
    assert versions == {1: StatementStatus.SUPERSEDED, 2: StatementStatus.PUBLISHED}
    assert AuditEvent.objects.filter(action=Action.POSITION_STATEMENT_PUBLISHED).count() == 1
    page = client.get(_statement_url(home_org)).content.decode()
    # Said once: the first answer was never shown.
    assert page.count("Version 2 of the position statement is published") == 1
    live.refresh_from_db()
    assert live.status == StatementStatus.SUPERSEDED


def test_the_publish_page_used_again_with_other_words_publishes_another(
    client, senior_lead, home_org
) -> None:
    client.force_login(senior_lead)
    sent = {
        "title": "Our position",
        "body": "We share to keep children safe.",
        "effective_date": _in_words(timezone.localdate()),
        "page_key": _page_key(client, _publish_url(home_org)),
    }
    assert client.post(_publish_url(home_org), sent).status_code == 302
    corrected = {**sent, "body": "We share to keep children and families safe."}
    assert client.post(_publish_url(home_org), corrected).status_code == 302
    assert PositionStatement.objects.filter(organisation=home_org).count() == 2


# --- Publish pressed twice --------------------------------------------------------------


def test_publish_pressed_twice_is_done_once(client, senior_lead, home_org) -> None:
    draft = make_policy(organisation=home_org, status=PolicyStatus.DRAFT, published_at=None)
    client.force_login(senior_lead)
    url = reverse("governance:policy_publish", kwargs={"policy_id": draft.pk})
    first = client.post(url)
    again = client.post(url)
    assert first.status_code == again.status_code == 302
    assert first.url == again.url == _policy_url(draft)
    page = client.get(again.url).content.decode()
    assert page.count("Published. Staff will be asked to acknowledge it") == 1
    assert "already published" not in page
    assert AuditEvent.objects.filter(action=Action.POLICY_PUBLISHED).count() == 1


def test_publish_of_a_version_someone_else_published_still_says_why_not(
    client, senior_lead, advisor, home_org
) -> None:
    draft = make_policy(organisation=home_org, status=PolicyStatus.DRAFT, published_at=None)
    client.force_login(advisor)
    url = reverse("governance:policy_publish", kwargs={"policy_id": draft.pk})
    assert client.post(url).status_code == 302
    client.force_login(senior_lead)
    response = client.post(url)
    assert response.status_code == 409
    assert "This version is already published or retired" in response.content.decode()
