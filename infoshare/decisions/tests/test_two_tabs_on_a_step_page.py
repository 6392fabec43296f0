"""Two tabs on the same page of a draft: the later save no longer silently replaces the
earlier one.

A practitioner opened the outcome page in two tabs, saved a long reason in the second,
then "TAB A: agreed" in the first: it was accepted without a word, and the reason saved in
the second tab was gone for good (the audit trail keeps only the names of the fields
changed). Each page that saves the draft now carries the revision it was drawn from; a
save over a value the page edits that was changed since is refused (409) with the GOV.UK
error summary, what was typed kept in the form and what is stored now shown beside it,
and a fresh revision, so that saving again goes through. Saving another page meanwhile
does not stop it; a form sent without the revision is saved as before."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from django.urls import reverse

from infoshare.decisions import services
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.tests.test_services import complete_draft
from infoshare.decisions.views.page_revisions import CHANGED_MEANWHILE_MESSAGE, REVISION_FIELD

pytestmark = pytest.mark.django_db

TAB_B = (
    "TAB B: Grace agreed in writing on 12 November; her sister was present and the health "
    "visitor needs the plan to arrange the parents' group."
)
TAB_A = "TAB A: agreed"
OUTCOME = {"outcome": "shared", "advice_elsewhere": "no", "action": "continue"}


def page(name: str, draft: Any, **kwargs: Any) -> str:
    return reverse(f"decisions:{name}", kwargs={"decision_id": draft.pk, **kwargs})


def revision(body: str) -> str:
    found = re.search(rf'<input type="hidden" name="{REVISION_FIELD}" value="([^"]*)">', body)
    assert found is not None, "the page's form carries no revision"
    return found.group(1)


def opened(client: Any, url: str) -> str:
    """A tab: the page opened, and the revision its form carries."""
    response = client.get(url)
    assert response.status_code == 200
    return revision(response.content.decode())


def text(body: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def textarea(body: str, name: str) -> str:
    found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', body, re.S)
    assert found is not None
    return html.unescape(found.group(1)).strip()


def error_summary(body: str) -> str:
    found = re.search(r'<div class="govuk-error-summary".*?</ul>', body, re.S)
    return text(found.group(0)) if found else ""


def saved_meanwhile(body: str) -> str:
    found = re.search(r'<div class="govuk-inset-text" id="saved-meanwhile">.*?</dl>', body, re.S)
    return text(found.group(0)) if found else ""


def stored(draft: Any) -> SharingDecision:
    return SharingDecision.objects.get(pk=draft.pk)


@pytest.fixture
def draft(signed_in_practitioner: Any, practitioner: Any, home_org: Any) -> SharingDecision:
    return complete_draft(practitioner, home_org)


class TestTheOutcomePageInTwoTabs:
    def test_the_later_save_is_refused_and_nothing_is_lost(
        self, signed_in_practitioner: Any, draft: SharingDecision
    ) -> None:
        client = signed_in_practitioner
        url = page("outcome", draft)
        tab_a, tab_b = opened(client, url), opened(client, url)
        saved_b = client.post(url, {**OUTCOME, "reasons": TAB_B, REVISION_FIELD: tab_b})
        assert saved_b.status_code == 302

        refused = client.post(url, {**OUTCOME, "reasons": TAB_A, REVISION_FIELD: tab_a})

        assert refused.status_code == 409
        body = refused.content.decode()
        assert CHANGED_MEANWHILE_MESSAGE in error_summary(body)
        # The summary leads to the answer changed, which says it too.
        assert 'href="#id_reasons"' in body
        assert re.search(r'id="id_reasons-error"[^>]*>.*?This answer was changed', body)
        assert "<title>Error: What did you decide?" in body
        # What the second tab saved is kept, and shown; what was typed here is in the form.
        assert stored(draft).reasons == TAB_B
        assert TAB_B in saved_meanwhile(body)
        assert "Your reasons for this decision" in saved_meanwhile(body)
        assert textarea(body, "reasons") == TAB_A
        # Only what changed is listed: the outcome itself was not.
        assert "What did you decide?" not in saved_meanwhile(body)

        again = client.post(url, {**OUTCOME, "reasons": TAB_A, REVISION_FIELD: revision(body)})

        assert again.status_code == 302
        assert stored(draft).reasons == TAB_A

    def test_a_change_made_through_the_api_meanwhile_is_not_saved_over(
        self, signed_in_practitioner: Any, practitioner: Any, draft: SharingDecision
    ) -> None:
        url = page("outcome", draft)
        tab = opened(signed_in_practitioner, url)
        services.update_draft(actor=practitioner, decision_id=draft.pk, changes={"reasons": TAB_B})

        refused = signed_in_practitioner.post(
            url, {**OUTCOME, "reasons": TAB_A, REVISION_FIELD: tab}
        )

        assert refused.status_code == 409
        assert stored(draft).reasons == TAB_B

    def test_another_page_saved_meanwhile_does_not_stop_it(
        self, signed_in_practitioner: Any, draft: SharingDecision
    ) -> None:
        client = signed_in_practitioner
        url = page("outcome", draft)
        tab_a = opened(client, url)
        told = page("told", draft)
        told_tab = opened(client, told)
        not_told = {"person_told": "no", "reason_not_told": "It would increase the risk"}
        saved_told = client.post(told, {**not_told, REVISION_FIELD: told_tab})
        assert saved_told.status_code == 302
        assert stored(draft).person_told == "no"

        saved = client.post(url, {**OUTCOME, "reasons": TAB_A, REVISION_FIELD: tab_a})

        assert saved.status_code == 302
        assert stored(draft).reasons == TAB_A
        assert stored(draft).person_told == "no"

    def test_the_same_answer_sent_twice_is_saved_both_times(
        self, signed_in_practitioner: Any, draft: SharingDecision
    ) -> None:
        """A double press without JavaScript: nothing would be replaced, so nothing is
        refused."""
        client = signed_in_practitioner
        url = page("outcome", draft)
        tab = opened(client, url)
        sent = {**OUTCOME, "reasons": TAB_A, REVISION_FIELD: tab}

        assert client.post(url, sent).status_code == 302
        assert client.post(url, sent).status_code == 302
        assert stored(draft).reasons == TAB_A

    def test_a_form_sent_without_the_revision_is_saved_as_before(
        self, signed_in_practitioner: Any, draft: SharingDecision
    ) -> None:
        client = signed_in_practitioner
        url = page("outcome", draft)
        client.post(url, {**OUTCOME, "reasons": TAB_B, REVISION_FIELD: opened(client, url)})

        saved = client.post(url, {**OUTCOME, "reasons": TAB_A})

        assert saved.status_code == 302
        assert stored(draft).reasons == TAB_A

    def test_a_page_shown_again_with_a_problem_keeps_the_revision_it_was_opened_with(
        self, signed_in_practitioner: Any, practitioner: Any, draft: SharingDecision
    ) -> None:
        """Shown again with a problem of its own (nothing saved), the page still finds a
        change made meanwhile when it is sent again."""
        client = signed_in_practitioner
        url = page("outcome", draft)
        tab = opened(client, url)
        services.update_draft(actor=practitioner, decision_id=draft.pk, changes={"reasons": TAB_B})
        problem = client.post(url, {**OUTCOME, "reasons": "", REVISION_FIELD: tab})
        assert problem.status_code == 400
        assert revision(problem.content.decode()) == tab

        refused = client.post(url, {**OUTCOME, "reasons": TAB_A, REVISION_FIELD: tab})

        assert refused.status_code == 409
        assert stored(draft).reasons == TAB_B

    def test_asking_for_advice_from_the_older_tab_saves_nothing_over_the_change(
        self, signed_in_practitioner: Any, practitioner: Any, draft: SharingDecision
    ) -> None:
        """ "Not sure — ask for advice" saves what can be saved of the page first: not over
        a change made meanwhile, which the page shows instead."""
        client = signed_in_practitioner
        url = page("outcome", draft)
        tab = opened(client, url)
        services.update_draft(actor=practitioner, decision_id=draft.pk, changes={"reasons": TAB_B})
        # Incomplete ("Yes" without who gave the advice): saved as far as it can be.
        sent = {
            **OUTCOME,
            "advice_elsewhere": "yes",
            "reasons": TAB_A,
            "action": "ask_advice",
            REVISION_FIELD: tab,
        }

        refused = client.post(url, sent)

        assert refused.status_code == 409
        assert CHANGED_MEANWHILE_MESSAGE in error_summary(refused.content.decode())
        assert stored(draft).reasons == TAB_B


def test_a_key_question_in_two_tabs(signed_in_practitioner: Any, draft: SharingDecision) -> None:
    client = signed_in_practitioner
    url = page("question", draft, key="consent")
    tab_a, tab_b = opened(client, url), opened(client, url)
    client.post(url, {"answer": "refused", REVISION_FIELD: tab_b})
    assert stored(draft).answers["consent"] == "refused"

    refused = client.post(url, {"answer": "not_sought", REVISION_FIELD: tab_a})

    assert refused.status_code == 409
    body = refused.content.decode()
    assert CHANGED_MEANWHILE_MESSAGE in error_summary(body)
    assert stored(draft).answers["consent"] == "refused"
    # The answer stored now, by its label; the one chosen here stays chosen.
    assert "No, consent has been refused" in saved_meanwhile(body)
    assert re.search(r'<input [^>]*value="not_sought" checked', body)
    again = client.post(url, {"answer": "not_sought", REVISION_FIELD: revision(body)})
    assert again.status_code == 302
    assert stored(draft).answers["consent"] == "not_sought"


def test_the_purpose_page_in_two_tabs(signed_in_practitioner: Any, draft: SharingDecision) -> None:
    client = signed_in_practitioner
    url = page("purpose", draft)
    tab_a, tab_b = opened(client, url), opened(client, url)
    client.post(url, {"purpose": "To plan the parents' group", REVISION_FIELD: tab_b})

    refused = client.post(url, {"purpose": "To help at school", REVISION_FIELD: tab_a})

    assert refused.status_code == 409
    assert "To plan the parents' group" in saved_meanwhile(refused.content.decode())
    assert stored(draft).purpose == "To plan the parents' group"


def test_the_recipient_page_in_two_tabs(
    signed_in_practitioner: Any, draft: SharingDecision
) -> None:
    client = signed_in_practitioner
    url = page("recipient", draft)
    tab_a, tab_b = opened(client, url), opened(client, url)
    sent = {"direction": "sharing_out", "recipient_name": ""}
    client.post(url, {**sent, "external_recipient": "Sure Start centre", REVISION_FIELD: tab_b})

    refused = client.post(url, {**sent, "external_recipient": "Youth club", REVISION_FIELD: tab_a})

    assert refused.status_code == 409
    assert "Sure Start centre" in saved_meanwhile(refused.content.decode())
    assert stored(draft).external_recipient == "Sure Start centre"


def test_the_date_shared_in_two_tabs_is_shown_in_words(
    signed_in_practitioner: Any, draft: SharingDecision
) -> None:
    client = signed_in_practitioner
    url = page("sharing", draft)
    tab_a, tab_b = opened(client, url), opened(client, url)
    shared_on = stored(draft).shared_on
    assert shared_on is not None
    earlier = shared_on - dt.timedelta(days=3)
    sent = {"method": "secure_email", "method_detail": ""}
    day = {"shared_on_day": earlier.day, "shared_on_month": earlier.month}
    client.post(url, {**sent, **day, "shared_on_year": earlier.year, REVISION_FIELD: tab_b})
    assert stored(draft).shared_on == earlier

    refused = client.post(url, {**sent, **day, "shared_on_year": "", REVISION_FIELD: tab_a})

    # Its own problem first (the year is missing): nothing saved, the revision kept.
    assert refused.status_code == 400
    body = refused.content.decode()
    fixed = {**sent, **day, "shared_on_year": earlier.year - 1, REVISION_FIELD: revision(body)}
    refused = client.post(url, fixed)
    assert refused.status_code == 409
    assert f"Date you shared it {earlier.day} {earlier:%B %Y}" in saved_meanwhile(
        refused.content.decode()
    )
    assert stored(draft).shared_on == earlier


@pytest.mark.parametrize(
    ("name", "sent", "field", "theirs", "ours"),
    [
        (
            "information",
            {"information_categories": ["education"], "facts": "", "opinion": ""},
            "information_description",
            "Attendance and the plan agreed with the school",
            "Attendance",
        ),
        ("told", {"person_told": "no"}, "reason_not_told", "It would put her at risk", "Not yet"),
    ],
)
def test_the_other_pages_after_the_outcome_in_two_tabs(
    signed_in_practitioner: Any,
    draft: SharingDecision,
    name: str,
    sent: dict[str, Any],
    field: str,
    theirs: str,
    ours: str,
) -> None:
    client = signed_in_practitioner
    url = page(name, draft)
    tab_a, tab_b = opened(client, url), opened(client, url)
    assert client.post(url, {**sent, field: theirs, REVISION_FIELD: tab_b}).status_code == 302

    refused = client.post(url, {**sent, field: ours, REVISION_FIELD: tab_a})

    assert refused.status_code == 409
    body = refused.content.decode()
    assert theirs in saved_meanwhile(body)
    assert textarea(body, field) == ours
    assert getattr(stored(draft), field) == theirs
