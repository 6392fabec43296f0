"""The amendment journey through the pages: "Amend this record", a reason, "Start the
amendment". A front-line tester found the first page's Back link leading to the last
question of the flow rather than to the record, and a second reason, entered on the amend
page while the first amendment was in progress, silently dropped."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from infoshare.decisions import services
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.tests.factories import make_decision, make_person
from infoshare.decisions.tests.test_people_pages import back_link

IN_PROGRESS = "An amendment of this record is already in progress"


@pytest.fixture
def record(practitioner: Any, home_org: Any, other_org: Any) -> SharingDecision:
    return make_decision(
        author=practitioner,
        organisation=home_org,
        recipient_organisation=other_org,
        external_recipient="",
        people=[make_person(organisation=home_org)],
    )


def amend_url(record: Any) -> str:
    return reverse("decisions:amend", kwargs={"decision_id": record.pk})


def page(name: str, decision: Any) -> str:
    return reverse(f"decisions:{name}", kwargs={"decision_id": decision.pk})


def test_back_from_the_first_page_of_an_amendment_is_the_record(
    client: Any, practitioner: Any, record: Any
) -> None:
    client.force_login(practitioner)
    response = client.post(amend_url(record), {"reason": "Wrong date of sharing"})
    amendment = SharingDecision.objects.get(previous=record)
    assert response.url == page("finalise", amendment)
    body = client.get(response.url).content.decode()
    assert "Check and finalise the record" in body
    assert back_link(body) == page("decision_detail", record)

    # Once something has been changed in it, Back goes through the pages of the flow.
    services.update_draft(
        actor=practitioner, decision_id=amendment.pk, changes={"method": "phone"}, step="sharing"
    )
    body = client.get(page("finalise", amendment)).content.decode()
    assert back_link(body) == page("told", amendment)


def test_the_amend_page_says_an_amendment_is_in_progress_and_leads_to_it(
    client: Any, practitioner: Any, record: Any
) -> None:
    client.force_login(practitioner)
    client.post(amend_url(record), {"reason": "Wrong date of sharing"})
    amendment = SharingDecision.objects.get(previous=record)

    response = client.get(amend_url(record))
    body = response.content.decode()
    assert response.status_code == 200
    assert IN_PROGRESS in body
    assert "govuk-notification-banner" in body
    assert "Wrong date of sharing" in body
    continue_url = page("resume", amendment)
    assert f'href="{continue_url}">Continue the amendment</a>' in body
    # Its reason can be changed, or the draft deleted to start again.
    assert f'href="{page("amendment_reason", amendment)}">Change the reason' in body
    assert f'href="{page("discard", amendment)}">delete the draft amendment</a>' in body
    # No form to start another: a reason entered there could not be used.
    assert "Start the amendment" not in body


def test_a_new_reason_while_one_is_in_progress_is_never_dropped_silently(
    client: Any, practitioner: Any, record: Any
) -> None:
    client.force_login(practitioner)
    client.post(amend_url(record), {"reason": "Wrong date of sharing"})
    amendment = SharingDecision.objects.get(previous=record)
    # From a page opened before (another tab, Back in the browser): said, not dropped.
    response = client.post(amend_url(record), {"reason": "Wrong method of sharing"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "your new reason was not saved" in body
    assert "Wrong method of sharing" in body  # quoted, to copy
    assert "<title>Error: " in body
    assert SharingDecision.objects.filter(previous=record).count() == 1
    amendment.refresh_from_db()
    assert amendment.amendment_reason == "Wrong date of sharing"
    # The same reason sent again (a second press) continues the amendment where it was.
    again = client.post(amend_url(record), {"reason": "Wrong date of sharing"})
    assert again.url == page("finalise", amendment)


def test_someone_elses_amendment_in_progress_is_named_but_not_opened(
    client: Any, practitioner: Any, manager: Any, record: Any
) -> None:
    services.amend_decision(actor=manager, decision_id=record.pk, reason="The manager's correction")
    amendment = SharingDecision.objects.get(previous=record)
    client.force_login(practitioner)
    body = client.get(amend_url(record)).content.decode()
    assert IN_PROGRESS in body
    assert f"{manager} started it" in body
    assert "correction" not in body
    # Only a manager may delete someone else's amendment.
    assert page("withdraw_amendment", record) not in body
    assert page("resume", amendment) not in body
    assert "Start the amendment" not in body
    # A reason sent from a page opened before is not saved, and is shown to copy.
    response = client.post(amend_url(record), {"reason": "My own correction"})
    assert response.status_code == 400
    assert "your new reason was not saved" in response.content.decode()
    assert "My own correction" in response.content.decode()
    assert SharingDecision.objects.filter(previous=record).count() == 1


def test_the_author_changes_the_reason_of_their_amendment_and_keeps_its_changes(
    client: Any, practitioner: Any, record: Any
) -> None:
    from infoshare.audit.models import AuditEvent
    from infoshare.decisions.audit import Action

    client.force_login(practitioner)
    client.post(amend_url(record), {"reason": "Wrong date of sharing"})
    amendment = SharingDecision.objects.get(previous=record)
    services.update_draft(
        actor=practitioner, decision_id=amendment.pk, changes={"method": "phone"}, step="sharing"
    )
    summary = client.get(page("finalise", amendment)).content.decode()
    assert f'href="{page("amendment_reason", amendment)}">Change' in summary

    form = client.get(page("amendment_reason", amendment))
    assert form.status_code == 200
    assert "Wrong date of sharing</textarea>" in form.content.decode()
    assert back_link(form.content.decode()) == page("finalise", amendment)
    after = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()

    response = client.post(page("amendment_reason", amendment), {"reason": "Wrong method"})
    assert response.url == page("finalise", amendment)
    amendment.refresh_from_db()
    assert (amendment.amendment_reason, amendment.method) == ("Wrong method", "phone")
    [event] = AuditEvent.objects.filter(id__gt=after, action=Action.AMENDMENT_REASON_CHANGED)
    assert event.actor_id == practitioner.pk
    assert event.data["was"] == "Wrong date of sharing"
    assert "Wrong method" in client.get(page("finalise", amendment)).content.decode()


def test_an_empty_or_overlong_reason_is_refused_and_the_old_one_kept(
    client: Any, practitioner: Any, record: Any
) -> None:
    client.force_login(practitioner)
    client.post(amend_url(record), {"reason": "Wrong date of sharing"})
    amendment = SharingDecision.objects.get(previous=record)
    for typed, message in (("  ", "Enter why the record needs correcting"), ("x" * 20_001, "")):
        response = client.post(page("amendment_reason", amendment), {"reason": typed})
        body = response.content.decode()
        assert response.status_code == 400
        assert "govuk-error-summary" in body
        assert message in body
        assert "<title>Error: " in body
    amendment.refresh_from_db()
    assert amendment.amendment_reason == "Wrong date of sharing"


def test_only_the_author_of_an_amendment_changes_its_reason(
    client: Any, practitioner: Any, manager: Any, record: Any
) -> None:
    services.amend_decision(actor=manager, decision_id=record.pk, reason="The manager's reason")
    amendment = SharingDecision.objects.get(previous=record)
    client.force_login(practitioner)
    assert client.get(page("amendment_reason", amendment)).status_code == 404
    assert client.post(page("amendment_reason", amendment), {"reason": "Mine"}).status_code == 404
    amendment.refresh_from_db()
    assert amendment.amendment_reason == "The manager's reason"


def test_a_first_version_has_no_amendment_reason_to_change(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    draft = make_decision(author=practitioner, organisation=home_org, status="draft")
    client.force_login(practitioner)
    assert client.get(page("amendment_reason", draft)).status_code == 404
    assert client.post(page("amendment_reason", draft), {"reason": "No"}).status_code == 404
    assert "amendment-reason" not in client.get(page("finalise", draft)).content.decode()
