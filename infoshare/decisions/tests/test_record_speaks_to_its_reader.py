"""A record's page says "you" only to its author: anyone else (a colleague, a manager, a
receiving organisation) reads who answered and decided, and the safeguarding banner on a
colleague's draft says that its author can share now and complete it afterwards. The PDF,
read by anyone who may see the record (often later, by an information governance lead),
never says "you"."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from infoshare.core.roles import Role
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.tests.factories import CONSENT_ANSWERS, make_decision

#: "you" or "your" as a word ("Youth club" is not one).
YOU = re.compile(r"\byou(r|rs)?\b", re.IGNORECASE)
CONSENT_ANSWERED = '"Do you have consent to share?" {} answered "Yes, consent has been given".'


@pytest.fixture
def author(make_member: Any, home_org: Any) -> Any:
    return make_member(Role.PRACTITIONER, home_org, full_name="Tom Hughes")


@pytest.fixture
def colleague(make_member: Any, home_org: Any) -> Any:
    return make_member(Role.MANAGER, home_org, full_name="Mo Manager")


@pytest.fixture
def receiver(make_member: Any, other_org: Any) -> Any:
    return make_member(Role.PRACTITIONER, other_org, full_name="Robin Receiver")


@pytest.fixture
def record(author: Any, home_org: Any, other_org: Any) -> SharingDecision:
    """A final record the council (home_org) shared with the school (other_org)."""
    return make_decision(
        author=author,
        organisation=home_org,
        recipient_organisation=other_org,
        external_recipient="",
    )


def page(client: Any, reader: Any, decision: Any) -> str:
    """The record's page as ``reader`` reads it, as text (entities unescaped)."""
    client.force_login(reader)
    url = reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk})
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def row_labels(body: str) -> list[str]:
    return re.findall(r'<dt class="govuk-summary-list__key">(.*?)</dt>', body, re.DOTALL)


def recommendation_shown(body: str) -> str:
    start = body.index(">Recommendation shown</dt>")
    return body[start : body.index("</dd>", start)]


def pdf_text(client: Any, reader: Any, decision: Any) -> str:
    client.force_login(reader)
    url = reverse("decisions:decision_pdf", kwargs={"decision_id": decision.pk})
    response = client.get(url)
    assert response.status_code == 200
    pages = PdfReader(io.BytesIO(response.content)).pages
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pages))


# --- The record's page ---------------------------------------------------------------


@pytest.mark.parametrize("reader_name", ["colleague", "receiver"])
def test_anyone_but_the_author_reads_who_answered_and_what_was_decided(
    client: Any, record: Any, reader_name: str, request: pytest.FixtureRequest
) -> None:
    body = page(client, request.getfixturevalue(reader_name), record)
    assert CONSENT_ANSWERED.format("Tom Hughes") in recommendation_shown(body)
    assert "You answered" not in body
    labels = row_labels(body)
    assert "What was decided" in labels
    assert "Is there a clear and legitimate purpose to share the information?" in labels
    assert "Is there consent to share?" in labels
    assert "Is the information being shared appropriately and securely?" in labels
    assert [label for label in labels if YOU.search(label)] == []


def test_the_author_still_reads_you(client: Any, author: Any, record: Any) -> None:
    body = page(client, author, record)
    assert CONSENT_ANSWERED.format("You") in recommendation_shown(body)
    labels = row_labels(body)
    assert "What you decided" in labels
    assert "Do you have consent to share?" in labels
    assert (
        "Is there a clear and legitimate purpose for you or your agency to share the information?"
        in labels
    )


def test_a_decision_not_to_share_names_whom_without_saying_you(
    client: Any, author: Any, colleague: Any, home_org: Any
) -> None:
    not_shared = make_decision(
        author=author, organisation=home_org, outcome="not_shared", external_recipient="Youth club"
    )
    assert "Who you decided not to share with" in row_labels(page(client, author, not_shared))
    labels = row_labels(page(client, colleague, not_shared))
    assert "Who it was decided not to share with" in labels
    assert "Who you decided not to share with" not in labels


def test_the_security_caution_on_a_colleagues_draft_names_its_author(
    client: Any, author: Any, colleague: Any, home_org: Any
) -> None:
    draft = make_decision(
        author=author,
        organisation=home_org,
        status=Status.DRAFT,
        finalised_at=None,
        answers=CONSENT_ANSWERS | {"appropriate_and_secure": "no"},
    )
    theirs = page(client, colleague, draft)
    assert (
        "Tom Hughes answered “No” to “Is the information being shared appropriately and "
        "securely?”. The information should not be shared until that is put right."
    ) in theirs
    assert "What the guidance asks before sharing" in theirs
    assert "Before you share" not in theirs
    assert "Before sharing, Tom Hughes should work through the checklist" in theirs
    own = page(client, author, draft)
    assert "You answered “No” to “Are you sharing appropriately and securely?”" in own
    assert "Before you share" in own


# --- The safeguarding banner on a draft -------------------------------------------------


@pytest.fixture
def urgent_draft(author: Any, home_org: Any) -> SharingDecision:
    """A draft of someone at risk of harm, sharing recommended, due in two hours."""
    return make_decision(
        author=author,
        organisation=home_org,
        status=Status.DRAFT,
        finalised_at=None,
        urgent=True,
        urgent_due_at=timezone.now() + dt.timedelta(hours=2),
        answers=CONSENT_ANSWERS | {"risk_of_significant_harm": "yes"},
    )


def banner(body: str) -> str:
    start = body.index("app-safeguarding-banner")
    return body[start : body.index("</main>", start)].split("</div>\n</div>")[0]


def test_the_banner_on_a_colleagues_draft_says_its_author_can_share_first(
    client: Any, colleague: Any, urgent_draft: Any
) -> None:
    body = page(client, colleague, urgent_draft)
    said = banner(body)
    assert "Follow your local safeguarding procedures now." in said
    assert (
        "If information needs to be shared to protect someone, Tom Hughes can share it now "
        "and complete this record afterwards."
    ) in said
    assert "Tom Hughes should complete it by" in said
    assert "you can share it now" not in said
    assert "Complete by" not in said
    # The recommendation's explanation says the same.
    shown = recommendation_shown(body)
    assert "Tom Hughes can share now and complete the record afterwards." in shown
    assert "You can share now" not in shown


def test_the_banner_on_a_colleagues_overdue_draft_names_its_author(
    client: Any, colleague: Any, urgent_draft: Any
) -> None:
    SharingDecision.objects.filter(pk=urgent_draft.pk).update(
        urgent_due_at=timezone.now() - dt.timedelta(hours=1)
    )
    said = banner(page(client, colleague, urgent_draft))
    assert "Tom Hughes should complete it as soon as they can." in said
    assert "Complete it as soon as you can." not in said


def test_the_banner_on_the_authors_own_draft_says_you(
    client: Any, author: Any, urgent_draft: Any
) -> None:
    body = page(client, author, urgent_draft)
    said = banner(body)
    assert "you can share it now and complete this record afterwards" in said
    assert "Complete by" in said
    assert "You can share now and complete the record afterwards." in recommendation_shown(body)


# --- The PDF ---------------------------------------------------------------------------


@pytest.mark.parametrize("reader_name", ["author", "colleague", "receiver"])
def test_the_pdf_never_says_you_whoever_makes_it(
    client: Any, record: Any, reader_name: str, request: pytest.FixtureRequest
) -> None:
    text = pdf_text(client, request.getfixturevalue(reader_name), record)
    assert "What was decided" in text
    assert "Is there consent to share?" in text
    assert YOU.findall(text) == []


def test_the_pdf_of_a_draft_not_to_share_never_says_you(
    client: Any, author: Any, home_org: Any
) -> None:
    draft = make_decision(
        author=author,
        organisation=home_org,
        status=Status.DRAFT,
        finalised_at=None,
        outcome="not_shared",
        answers=CONSENT_ANSWERS | {"appropriate_and_secure": "no"},
    )
    text = pdf_text(client, author, draft)
    assert "Who it was decided not to share with" in text
    assert YOU.findall(text) == []
