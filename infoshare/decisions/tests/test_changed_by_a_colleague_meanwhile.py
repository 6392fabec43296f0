"""A colleague's change while a page was open: what was typed on it is not lost, and the
page says what happened instead of a bare "Page not found".

A manager writing a countersign comment while the record's author amended it and
finalised the amendment got a 404, and the comment was gone; a practitioner writing in
their amendment while a manager deleted it got a 404 with no explanation. Now the manager
goes on to countersign the new version with their comment kept, and the practitioner is
told who deleted the amendment and when, with what they typed shown to copy. Anyone who
had no access before still gets a plain 404."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from infoshare.core.roles import Role
from infoshare.core.times import datetime_text
from infoshare.decisions import services
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.tests.factories import make_decision, make_person

pytestmark = pytest.mark.django_db

COMMENT = "Checked with the DSL: <fine> & proportionate"
PURPOSE = "To arrange support from the school nurse\nbefore the holidays"


def page(name: str, decision: Any) -> str:
    return reverse(f"decisions:{name}", kwargs={"decision_id": decision.pk})


def text(body: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def comment_box(body: str) -> str:
    found = re.search(r'<textarea[^>]*name="comment"[^>]*>(.*?)</textarea>', body, re.S)
    assert found is not None
    return html.unescape(found.group(1)).strip()


@pytest.fixture
def record(practitioner: Any, home_org: Any, other_org: Any) -> SharingDecision:
    """A final record of an organisation that asks managers to countersign."""
    home_org.countersign_required = True
    home_org.save(update_fields=["countersign_required"])
    return make_decision(
        author=practitioner,
        organisation=home_org,
        recipient_organisation=other_org,
        external_recipient="",
        people=[make_person(organisation=home_org)],
    )


def amended_and_finalised(practitioner: Any, record: SharingDecision) -> SharingDecision:
    amendment, _ = services.amend_decision(
        actor=practitioner, decision_id=record.pk, reason="The date was wrong"
    )
    return services.finalise_decision(actor=practitioner, decision_id=amendment.pk)


class TestCountersigningAVersionAmendedMeanwhile:
    def test_the_comment_goes_on_to_the_new_version_countersign_page(
        self, client: Any, manager: Any, practitioner: Any, record: SharingDecision
    ) -> None:
        client.force_login(manager)
        assert client.get(page("countersign", record)).status_code == 200
        version_2 = amended_and_finalised(practitioner, record)

        response = client.post(page("countersign", record), {"comment": COMMENT})

        assert response.status_code == 302
        assert response.url == page("countersign", version_2)
        record.refresh_from_db()
        assert record.countersigned_by_id is None
        shown = client.get(response.url)
        body = shown.content.decode()
        assert shown.status_code == 200
        assert (
            f"{record.label} was amended to version 2 while you were writing, so it was not "
            "countersigned: countersign that version. Your comment is kept below." in text(body)
        )
        assert comment_box(body) == COMMENT
        # Once: opened again, the box is empty.
        assert comment_box(client.get(page("countersign", version_2)).content.decode()) == ""

        client.post(page("countersign", version_2), {"comment": COMMENT})
        version_2.refresh_from_db()
        assert (version_2.countersigned_by_id, version_2.countersign_comment) == (
            manager.pk,
            COMMENT,
        )

    def test_an_old_link_leads_to_the_version_to_countersign(
        self, client: Any, manager: Any, practitioner: Any, record: SharingDecision
    ) -> None:
        version_2 = amended_and_finalised(practitioner, record)
        client.force_login(manager)
        response = client.get(page("countersign", record), follow=True)
        assert response.redirect_chain == [(page("countersign", version_2), 302)]
        assert f"{record.label} has been amended to version 2: countersign that version." in text(
            response.content.decode()
        )

    def test_a_new_version_countersigned_already_keeps_the_comment_in_the_message(
        self,
        client: Any,
        manager: Any,
        make_member: Any,
        home_org: Any,
        practitioner: Any,
        record: SharingDecision,
    ) -> None:
        client.force_login(manager)
        version_2 = amended_and_finalised(practitioner, record)
        colleague = make_member(Role.MANAGER, home_org, full_name="Pat Quinn")
        services.countersign_decision(actor=colleague, decision_id=version_2.pk)
        version_2.refresh_from_db()

        response = client.post(page("countersign", record), {"comment": COMMENT}, follow=True)

        assert response.redirect_chain == [(page("decision_detail", version_2), 302)]
        words = text(response.content.decode())
        assert (
            f"Version 2 was countersigned already, by Pat Quinn on "
            f"{datetime_text(version_2.countersigned_at)}. Your comment was: {COMMENT}" in words
        )

    def test_someone_who_could_not_countersign_it_still_gets_a_404(
        self,
        client: Any,
        make_member: Any,
        other_org: Any,
        practitioner: Any,
        record: SharingDecision,
    ) -> None:
        amended_and_finalised(practitioner, record)
        # A manager of the receiving organisation may see the record, not countersign it.
        client.force_login(make_member(Role.MANAGER, other_org))
        assert client.post(page("countersign", record), {"comment": COMMENT}).status_code == 404
        # Nor a manager of its organisation who does not countersign it (here, its author).
        record.author = client_manager = make_member(Role.MANAGER, record.organisation)
        record.save(update_fields=["author"])
        client.force_login(client_manager)
        assert client.post(page("countersign", record), {"comment": COMMENT}).status_code == 404


class TestWritingInAnAmendmentAManagerDeleted:
    @pytest.fixture
    def deleted(
        self, client: Any, practitioner: Any, make_member: Any, home_org: Any, record: Any
    ) -> tuple[SharingDecision, Any]:
        """The practitioner has the purpose page of their amendment open; a manager
        deletes the amendment."""
        amendment, _ = services.amend_decision(
            actor=practitioner, decision_id=record.pk, reason="The date was wrong"
        )
        client.force_login(practitioner)
        assert client.get(page("purpose", amendment)).status_code == 200
        manager = make_member(Role.MANAGER, home_org, full_name="Morgan Hale")
        services.withdraw_amendment(actor=manager, decision_id=record.pk)
        return amendment, manager

    def test_sending_the_page_says_who_deleted_it_and_shows_what_was_typed(
        self, client: Any, record: SharingDecision, deleted: Any
    ) -> None:
        amendment, _ = deleted
        with CaptureQueriesContext(connection) as queries:
            response = client.post(page("purpose", amendment), {"purpose": PURPOSE})

        body = response.content.decode()
        assert response.status_code == 409
        assert '<h1 class="govuk-heading-l">Your amendment was deleted</h1>' in body
        assert f"Morgan Hale deleted your amendment of {record.label} on " in text(body)
        assert "What you entered" in body
        assert "To arrange support from the school nurse<br>before the holidays" in body
        assert f'href="{page("decision_detail", record)}"' in body
        assert not SharingDecision.objects.filter(pk=amendment.pk).exists()
        audit_reads = [q for q in queries.captured_queries if '"audit_auditevent"' in q["sql"]]
        assert len(audit_reads) == 1

    def test_opening_the_page_goes_to_the_record_saying_so(
        self, client: Any, record: SharingDecision, deleted: Any
    ) -> None:
        amendment, _ = deleted
        response = client.get(page("purpose", amendment), follow=True)
        assert response.redirect_chain == [(page("decision_detail", record), 302)]
        assert f"Morgan Hale deleted your amendment of {record.label} on " in text(
            response.content.decode()
        )

    def test_anyone_else_gets_a_plain_404(
        self, client: Any, make_member: Any, home_org: Any, record: Any, deleted: Any
    ) -> None:
        amendment, manager = deleted
        for person in (make_member(Role.PRACTITIONER, home_org), manager):
            client.force_login(person)
            response = client.post(page("purpose", amendment), {"purpose": PURPOSE})
            assert response.status_code == 404
            assert "deleted your amendment" not in response.content.decode()

    def test_a_draft_that_never_was_is_a_plain_404(
        self, client: Any, practitioner: Any, deleted: Any
    ) -> None:
        response = client.post(
            reverse("decisions:purpose", kwargs={"decision_id": 987654}), {"purpose": PURPOSE}
        )
        assert response.status_code == 404
