"""Advice asked from a decision links back to it: while it is a draft, to the page it was
asked from (straight after asking) or to where the author left off; to the record once it
is final. The advice app knows decisions only by id and URL
name, so these tests live with the decisions app (which may import both)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from infoshare.advice.models import AdviceRequest
from infoshare.advice.tests.factories import AdviceRequestFactory
from infoshare.decisions import services
from infoshare.decisions.tests.factories import make_decision
from infoshare.decisions.tests.test_services import complete_draft

RETURN = "Return to your decision"


def _resume(decision: Any) -> str:
    return reverse("decisions:resume", kwargs={"decision_id": decision.pk})


def _record(decision: Any) -> str:
    return reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk})


def _sent(asked: Any) -> str:
    return reverse("advice:request_sent", kwargs={"request_id": asked.pk})


def _detail(asked: Any) -> str:
    return reverse("advice:request_detail", kwargs={"request_id": asked.pk})


def _return_links(html: str) -> list[str]:
    """The targets of the "Return to your decision" links on the page."""
    found = []
    for chunk in html.split("<a ")[1:]:
        tag, _, rest = chunk.partition(">")
        if rest.startswith(RETURN) and 'href="' in tag:
            found.append(tag.split('href="', 1)[1].split('"', 1)[0])
    return found


def test_asking_from_a_draft_leads_back_to_the_page_it_was_asked_from(
    client: Any, practitioner: Any, advisor: Any, home_org: Any
) -> None:
    draft = complete_draft(practitioner, home_org)
    client.force_login(practitioner)
    # Every page of the flow offers advice (the recommendation page when it says to seek it):
    # on a page with a form, a button of that form, which saves the page first.
    purpose = reverse("decisions:purpose", kwargs={"decision_id": draft.pk})
    page = client.get(purpose).content.decode()
    assert "Not sure — ask for advice" in page
    asked_from = client.post(purpose, {"purpose": "Support at school", "action": "ask_advice"})
    ask_url = f"{reverse('advice:request_new')}?decision={draft.pk}&return=purpose"
    assert asked_from.url == ask_url
    form = client.get(ask_url).content.decode()
    assert f'value="{draft.pk}"' in form
    response = client.post(
        ask_url,
        {
            "question": "May I share the school report?",
            "name_person": "no",
            "addressed_to": "organisation",
            "decision": str(draft.pk),
            "return": "purpose",
        },
    )
    asked = AdviceRequest.objects.get()
    assert response.url == f"{_sent(asked)}?return=purpose"
    assert asked.context_decision_id == draft.pk
    # Straight after sending: back to the page it was asked from.
    assert _return_links(client.get(response.url).content.decode()) == [purpose]
    assert "Your decision is saved as a draft" in client.get(response.url).content.decode()
    # Later, from the question's own page (or the sent page without the way back): to
    # where the draft left off.
    for url in (_sent(asked), _detail(asked)):
        assert _return_links(client.get(url).content.decode()) == [_resume(draft)], url
    # The link works: it leads back into the draft.
    assert client.get(_resume(draft)).status_code == 302


def test_once_final_the_link_goes_to_the_record(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    decision = make_decision(author=practitioner, organisation=home_org)
    asked = AdviceRequestFactory.create(
        organisation=home_org, asked_by=practitioner, context_decision_id=decision.pk
    )
    client.force_login(practitioner)
    for url in (_sent(asked), _detail(asked)):
        assert _return_links(client.get(url).content.decode()) == [_record(decision)], url
    assert "saved as a draft" not in client.get(_sent(asked)).content.decode()
    assert client.get(_record(decision)).status_code == 200


def test_a_draft_finalised_after_asking_links_to_its_record(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    draft = complete_draft(practitioner, home_org)
    asked = AdviceRequestFactory.create(
        organisation=home_org, asked_by=practitioner, context_decision_id=draft.pk
    )
    client.force_login(practitioner)
    assert _return_links(client.get(_detail(asked)).content.decode()) == [_resume(draft)]
    final = services.finalise_decision(actor=practitioner, decision_id=draft.pk)
    assert _return_links(client.get(_detail(asked)).content.decode()) == [_record(final)]


def test_no_link_to_a_decision_that_is_not_the_askers(
    client: Any, practitioner: Any, manager: Any, home_org: Any
) -> None:
    someone_elses = make_decision(author=manager, organisation=home_org, status="draft")
    for context in (someone_elses.pk, 999_999):
        asked = AdviceRequestFactory.create(
            organisation=home_org, asked_by=practitioner, context_decision_id=context
        )
        client.force_login(practitioner)
        for url in (_sent(asked), _detail(asked)):
            html = client.get(url).content.decode()
            assert RETURN not in html, (context, url)
            assert _resume(someone_elses) not in html


def test_no_link_for_the_advisor_answering(
    client: Any, practitioner: Any, advisor: Any, home_org: Any
) -> None:
    decision = make_decision(author=practitioner, organisation=home_org)
    asked = AdviceRequestFactory.create(
        organisation=home_org, asked_by=practitioner, context_decision_id=decision.pk
    )
    client.force_login(advisor)
    html = client.get(_detail(asked)).content.decode()
    assert RETURN not in html


def test_no_link_without_a_decision(client: Any, practitioner: Any, home_org: Any) -> None:
    asked = AdviceRequestFactory.create(organisation=home_org, asked_by=practitioner)
    client.force_login(practitioner)
    for url in (_sent(asked), _detail(asked)):
        assert RETURN not in client.get(url).content.decode()
