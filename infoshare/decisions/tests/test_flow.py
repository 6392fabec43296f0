"""The one-question-per-page flow, driven through the Django test client."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from infoshare.audit.models import AuditEvent
from infoshare.decisions import engine
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.tests.factories import CONSENT_ANSWERS, answer_questions, make_person
from infoshare.decisions.tests.finalising import press_finalise


def main_of(body: str) -> str:
    """The page's own content, without the site navigation."""
    return body[body.index("<main") : body.index("</main>")]


def url(name: str, decision: Any, **kwargs: Any) -> str:
    return reverse(f"decisions:{name}", kwargs={"decision_id": decision.pk, **kwargs})


def question(decision: Any, key: str) -> str:
    return url("question", decision, key=key)


def test_start_page_shows_the_seven_golden_rules(signed_in_practitioner: Any) -> None:
    response = signed_in_practitioner.get(reverse("decisions:start"))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<li><strong>") == 7
    assert "Seek advice if in any doubt" in body
    assert "agreement" not in main_of(body).lower()


def test_start_creates_a_draft_and_goes_to_people(signed_in_practitioner: Any) -> None:
    response = signed_in_practitioner.post(reverse("decisions:start"))
    decision = SharingDecision.objects.get()
    assert decision.status == Status.DRAFT
    assert response.url == url("people", decision)


def test_people_page_finds_similar_names_and_adds_one(
    signed_in_practitioner: Any, draft: Any, home_org: Any
) -> None:
    person = make_person(organisation=home_org, given_name="Jamie", family_name="Smith")
    response = signed_in_practitioner.post(
        url("people", draft), {"action": "search", "q": "Jamie Smyth"}
    )
    assert "Jamie Smith" in response.content.decode()
    signed_in_practitioner.post(url("people", draft), {"action": "add", "person": person.pk})
    assert list(draft.people.all()) == [person]


def test_people_of_another_organisation_are_not_found(
    signed_in_practitioner: Any, draft: Any, other_org: Any
) -> None:
    make_person(organisation=other_org, given_name="Jamie", family_name="Smith")
    response = signed_in_practitioner.post(
        url("people", draft), {"action": "search", "q": "Jamie Smith"}
    )
    assert "0 possible matches" in response.content.decode()


def test_continuing_without_a_person_says_what_to_do(
    signed_in_practitioner: Any, draft: Any
) -> None:
    response = signed_in_practitioner.post(url("people", draft), {"action": "continue"})
    assert response.status_code == 400
    assert "Add the person or people" in response.content.decode()


def test_adding_a_new_person_warns_of_a_possible_duplicate(
    signed_in_practitioner: Any, draft: Any, home_org: Any
) -> None:
    make_person(organisation=home_org, given_name="Jamie", family_name="Smith")
    data = {"given_name": "Jamie", "family_name": "Smith", "role_in_case": "child"}
    response = signed_in_practitioner.post(url("person_new", draft), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "may already have recorded this person" in body
    assert 'value="Jamie"' in body  # nothing typed is lost
    response = signed_in_practitioner.post(
        url("person_new", draft), data | {"confirm_different": "on"}
    )
    assert response.status_code == 302
    assert draft.people.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("given_name", "", "Enter the given name"),
        ("given_name", "<script>x</script>", "must be plain text"),
        ("family_name", "x" * 1_000_000, "100 characters or fewer"),
        ("nhs_number", "1234567890", "check digit"),
        ("dob_day", "31", "must be a real date"),
    ],
)
def test_bad_person_details_are_refused_and_nothing_saved(
    signed_in_practitioner: Any, draft: Any, field: str, value: str, message: str
) -> None:
    data = {"given_name": "Sam", "family_name": "Lee", "role_in_case": "child"}
    if field == "dob_day":
        data |= {"dob_month": "2", "dob_year": "2015"}
    response = signed_in_practitioner.post(url("person_new", draft), data | {field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert draft.people.count() == 0


def test_recipient_needs_an_organisation_or_a_name(signed_in_practitioner: Any, draft: Any) -> None:
    response = signed_in_practitioner.post(url("recipient", draft), {"direction": "sharing_out"})
    assert response.status_code == 400
    assert "Choose an organisation" in response.content.decode()


def test_recipient_from_the_partnership(
    signed_in_practitioner: Any, draft: Any, other_org: Any
) -> None:
    response = signed_in_practitioner.post(
        url("recipient", draft),
        {"direction": "sharing_out", "recipient_organisation_id": other_org.pk},
    )
    assert response.url == url("purpose", draft)
    draft.refresh_from_db()
    assert draft.recipient_organisation == other_org


def test_purpose_leads_to_the_risk_question_then_the_key_questions(
    signed_in_practitioner: Any, draft: Any
) -> None:
    response = signed_in_practitioner.post(url("purpose", draft), {"purpose": "School support"})
    assert response.url == question(draft, "risk_of_significant_harm")
    response = signed_in_practitioner.post(
        question(draft, "risk_of_significant_harm"), {"answer": "no"}
    )
    assert response.url == question(draft, "purpose")


def test_a_question_page_shows_the_hint_and_the_advice_route(
    signed_in_practitioner: Any, draft: Any
) -> None:
    body = signed_in_practitioner.get(question(draft, "confidential")).content.decode()
    assert "Is the information confidential?" in body
    assert "given in confidence" in body
    assert "ask for advice" in body.lower()


def test_an_over_long_purpose_is_refused_with_the_text_kept(
    signed_in_practitioner: Any, draft: Any
) -> None:
    text = "a" * 5001
    response = signed_in_practitioner.post(url("purpose", draft), {"purpose": text})
    assert response.status_code == 400
    body = response.content.decode()
    assert "5,000 characters or fewer" in body
    assert text in body
    draft.refresh_from_db()
    assert draft.purpose == ""


def test_questions_skip_what_is_not_needed(signed_in_practitioner: Any, draft: Any) -> None:
    signed_in_practitioner.post(question(draft, "purpose"), {"answer": "yes"})
    response = signed_in_practitioner.post(question(draft, "legal_duty"), {"answer": "yes"})
    # A legal duty: only "appropriate and secure" remains.
    assert response.url == question(draft, "appropriate_and_secure")


def test_not_sure_goes_to_check_answers_and_recommends_advice(
    signed_in_practitioner: Any, draft: Any
) -> None:
    signed_in_practitioner.post(question(draft, "risk_of_significant_harm"), {"answer": "no"})
    response = signed_in_practitioner.post(question(draft, "purpose"), {"answer": "not_sure"})
    assert response.url == url("check_answers", draft)
    body = signed_in_practitioner.get(url("recommendation", draft)).content.decode()
    assert "Seek advice before you decide" in body


def test_an_unknown_answer_is_refused(signed_in_practitioner: Any, draft: Any) -> None:
    response = signed_in_practitioner.post(question(draft, "purpose"), {"answer": "perhaps"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Select yes if there is a clear and legitimate purpose to share the information" in body
    assert "not one of the available choices" not in body


def test_an_unknown_question_is_404(signed_in_practitioner: Any, draft: Any) -> None:
    assert signed_in_practitioner.get(question(draft, "agreement")).status_code == 404


def test_risk_of_harm_shows_the_banner_on_every_page(
    signed_in_practitioner: Any, draft: Any
) -> None:
    signed_in_practitioner.post(question(draft, "risk_of_significant_harm"), {"answer": "yes"})
    pages = (
        "people",
        "person_new",
        "recipient",
        "purpose",
        "check_answers",
        "recommendation",
        "outcome",
        "bases",
        "information",
        "sharing",
        "told",
        "finalise",
        "discard",
    )
    for name in pages:
        # Pages not reachable yet lead to the question to answer first: that shows it too.
        body = signed_in_practitioner.get(url(name, draft), follow=True).content.decode()
        assert "Follow your local safeguarding procedures now" in body, name
    body = signed_in_practitioner.get(question(draft, "purpose")).content.decode()
    assert "Follow your local safeguarding procedures now" in body
    draft.refresh_from_db()
    assert draft.urgent


def test_change_from_check_answers_comes_back(signed_in_practitioner: Any, draft: Any) -> None:
    answers = {"risk_of_significant_harm": "no", "purpose": "yes", "legal_duty": "yes"}
    answers |= {"appropriate_and_secure": "yes"}
    for key, value in answers.items():
        signed_in_practitioner.post(question(draft, key), {"answer": value})
    body = signed_in_practitioner.get(url("check_answers", draft)).content.decode()
    assert "?return=check" in body
    response = signed_in_practitioner.post(
        question(draft, "purpose") + "?return=check", {"answer": "yes"}
    )
    assert response.url == url("check_answers", draft)
    # Changing to "no legal duty" needs new questions before coming back.
    response = signed_in_practitioner.post(
        question(draft, "legal_duty") + "?return=check", {"answer": "no"}
    )
    assert response.url == question(draft, "identifiable") + "?return=check"


def test_check_answers_says_whether_sharing_or_responding_to_a_request(
    signed_in_practitioner: Any, draft: Any
) -> None:
    """The recipient page's first answer is on the check page too, with its Change link
    (the record's summary had it; this page did not)."""
    answers = {"risk_of_significant_harm": "no", "purpose": "yes", "legal_duty": "yes"}
    answers |= {"appropriate_and_secure": "yes"}
    for key, value in answers.items():
        signed_in_practitioner.post(question(draft, key), {"answer": value})
    SharingDecision.objects.filter(pk=draft.pk).update(direction="request_received")
    body = signed_in_practitioner.get(url("check_answers", draft)).content.decode()
    row = body[body.index(">Sharing or asked</dt>") :]
    row = row[: row.index("</div>")]
    assert "Responding to a request for information" in row
    assert f'href="{url("recipient", draft)}?return=check"' in row


def test_departing_from_the_recommendation_needs_a_reason(
    signed_in_practitioner: Any, draft: Any
) -> None:
    for key, value in {"purpose": "yes", "legal_duty": "yes"}.items():
        signed_in_practitioner.post(question(draft, key), {"answer": value})
    answer_questions(draft)
    answer = {"outcome": "not_shared", "reasons": "The order was stayed"}
    response = signed_in_practitioner.post(url("outcome", draft), answer)
    assert response.status_code == 400
    assert "Enter why your decision differs" in response.content.decode()
    response = signed_in_practitioner.post(
        url("outcome", draft), answer | {"departure_reason_not_shared": "Court stayed it"}
    )
    assert response.url == url("finalise", draft)


def test_bases_page_offers_the_likely_ones_first(signed_in_practitioner: Any, draft: Any) -> None:
    signed_in_practitioner.post(question(draft, "risk_of_significant_harm"), {"answer": "yes"})
    answer_questions(draft, outcome="shared")
    body = signed_in_practitioner.get(url("bases", draft)).content.decode()
    assert body.index("Vital interests") < body.index("Contract")
    assert "Suggested by your answers" in body


def test_sharing_date_is_checked(signed_in_practitioner: Any, draft: Any) -> None:
    answer_questions(draft, outcome="shared")
    response = signed_in_practitioner.post(
        url("sharing", draft),
        {
            "method": "phone",
            "shared_on_day": "30",
            "shared_on_month": "2",
            "shared_on_year": "2026",
        },
    )
    assert response.status_code == 400
    assert "must be a real date" in response.content.decode()


def test_person_not_told_needs_a_reason(signed_in_practitioner: Any, draft: Any) -> None:
    answer_questions(draft, outcome="shared")
    response = signed_in_practitioner.post(url("told", draft), {"person_told": "no"})
    assert response.status_code == 400
    assert "Enter why the person was not told" in response.content.decode()


SHARING_DETAILS = [
    ("bases", {"gateway": "consent", "article6": ["art6_1_a"]}),
    (
        "information",
        {
            "information_categories": ["education"],
            "information_description": "Attendance",
            "facts": "Missed 10 days",
        },
    ),
    (
        "sharing",
        {
            "method": "secure_email",
            "shared_on_day": timezone.localdate().day,
            "shared_on_month": timezone.localdate().month,
            "shared_on_year": timezone.localdate().year,
        },
    ),
    ("told", {"person_told": "yes"}),
]


#: The lawful bases of a share without consent (refused, or not sought).
BASES_WITHOUT_CONSENT = {"gateway": "public_interest", "article6": ["art6_1_e"]}


def record_sharing_details(client: Any, draft: Any) -> None:
    """The pages after "Shared": lawful bases (consent only if it was given: the answers
    must not rule them out), what, how and when, whether told."""
    consent = SharingDecision.objects.get(pk=draft.pk).answers.get("consent")
    for name, data in SHARING_DETAILS:
        if name == "bases" and consent != "given":
            data = BASES_WITHOUT_CONSENT
        response = client.post(url(name, draft), data)
        assert response.status_code == 302, (name, response.content.decode()[:3000])


def first_pages(client: Any, draft: Any, home_org: Any, other_org: Any) -> None:
    """Who it is about, who receives it, and why."""
    person = make_person(organisation=home_org, given_name="Amara", family_name="Okafor")
    client.post(url("people", draft), {"action": "add", "person": person.pk})
    client.post(
        url("recipient", draft),
        {"direction": "sharing_out", "recipient_organisation_id": other_org.pk},
    )
    client.post(url("purpose", draft), {"purpose": "Arrange support"})


def complete_flow(client: Any, draft: Any, home_org: Any, other_org: Any) -> Any:
    first_pages(client, draft, home_org, other_org)
    for key, value in CONSENT_ANSWERS.items():
        response = client.post(question(draft, key), {"answer": value})
        assert response.status_code == 302, key
    assert client.get(url("check_answers", draft)).status_code == 200
    body = client.get(url("recommendation", draft)).content.decode()
    assert "You can share the information" in body
    response = client.post(url("outcome", draft), {"outcome": "shared", "reasons": "Consent given"})
    assert response.status_code == 302
    record_sharing_details(client, draft)
    return press_finalise(client, draft)


def test_a_consent_based_share_end_to_end(
    signed_in_practitioner: Any, draft: Any, home_org: Any, other_org: Any
) -> None:
    response = complete_flow(signed_in_practitioner, draft, home_org, other_org)
    assert response.url == url("confirmation", draft)
    draft.refresh_from_db()
    assert draft.status == Status.FINAL
    assert draft.recommendation == "share"
    assert draft.basis == "consent"
    body = signed_in_practitioner.get(url("confirmation", draft)).content.decode()
    assert "govuk-panel" in body
    assert draft.reference in body
    assert AuditEvent.objects.filter(action="decisions.finalised").count() == 1


def test_finalise_page_lists_what_is_missing(signed_in_practitioner: Any, draft: Any) -> None:
    response = signed_in_practitioner.post(url("finalise", draft))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Add the person or people" in body
    assert url("people", draft) in body


def test_a_final_record_cannot_be_edited_through_the_flow(
    signed_in_practitioner: Any, draft: Any, home_org: Any, other_org: Any
) -> None:
    complete_flow(signed_in_practitioner, draft, home_org, other_org)
    response = signed_in_practitioner.post(url("purpose", draft), {"purpose": "Changed"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.purpose == "Arrange support"
    # Back, in the browser: the record page says why it cannot be changed there.
    response = signed_in_practitioner.get(url("purpose", draft), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "decisions:decision_detail", kwargs={"decision_id": draft.pk}
    )
    body = response.content.decode()
    assert "This record has been finalised" in body
    # A notice, not a success: GOV.UK's default "Important" banner.
    assert ">Important</h2>" in body
    assert "govuk-notification-banner--success" not in body


def test_drafts_appear_on_the_home_page_and_resume(signed_in_practitioner: Any, draft: Any) -> None:
    signed_in_practitioner.post(url("purpose", draft), {"purpose": "Support"})
    body = signed_in_practitioner.get(reverse("core:home")).content.decode()
    assert "Your drafts" in body
    assert url("resume", draft) in body
    # On to the page after the last one saved: where the practitioner left off.
    response = signed_in_practitioner.get(url("resume", draft))
    assert response.url == question(draft, "risk_of_significant_harm")


def test_another_persons_draft_is_not_found(client: Any, draft: Any, manager: Any) -> None:
    client.force_login(manager)
    for name in ("people", "purpose", "outcome", "finalise", "resume"):
        assert client.get(url(name, draft)).status_code == 404, name


def test_discarding_a_draft(signed_in_practitioner: Any, draft: Any) -> None:
    response = signed_in_practitioner.post(url("discard", draft), follow=True)
    assert response.redirect_chain[-1][0] == reverse("core:home")
    assert not SharingDecision.objects.exists()
    # The home page says it went (every other change says what it did).
    assert f"Draft {draft.label} deleted" in response.content.decode()


def test_nothing_in_the_flow_makes_an_agreement_a_condition(
    signed_in_practitioner: Any, draft: Any
) -> None:
    pages = ["people", "recipient", "purpose", "check_answers", "recommendation", "outcome"]
    pages += ["bases", "information", "sharing", "told", "finalise"]
    for name in pages:
        body = signed_in_practitioner.get(url(name, draft), follow=True).content.decode()
        assert "agreement" not in main_of(body).lower(), name


def test_bases_are_checkboxes_and_several_can_be_chosen(
    signed_in_practitioner: Any, draft: Any
) -> None:
    answer_questions(draft, outcome="shared")
    body = signed_in_practitioner.get(url("bases", draft)).content.decode()
    assert 'name="article6" type="checkbox"' in body
    response = signed_in_practitioner.post(
        url("bases", draft),
        {"gateway": "public_interest", "article6": ["art6_1_d", "art6_1_e"]},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.article6 == ["art6_1_d", "art6_1_e"]
    body = signed_in_practitioner.get(url("bases", draft)).content.decode()
    assert body.count("checked") >= 3


def test_special_category_needs_an_article_9_condition(
    signed_in_practitioner: Any, draft: Any
) -> None:
    answer_questions(draft, outcome="shared")
    response = signed_in_practitioner.post(
        url("bases", draft),
        {"gateway": "consent", "article6": ["art6_1_a"], "special_category": "on"},
    )
    assert response.status_code == 400
    assert "Select an Article 9 condition" in response.content.decode()
    response = signed_in_practitioner.post(
        url("bases", draft),
        {
            "gateway": "consent",
            "article6": ["art6_1_e"],
            "special_category": "on",
            "article9": ["art9_2_g"],
        },
    )
    assert response.status_code == 400
    assert "Schedule 1 Part 2 condition" in response.content.decode()


def test_someone_in_two_organisations_chooses_which_records_it(
    client: Any, make_member: Any, home_org: Any, other_org: Any
) -> None:
    from infoshare.core.roles import Role
    from infoshare.partnerships.tests.factories import MembershipFactory

    person = make_member(Role.PRACTITIONER, home_org)
    MembershipFactory(person=person, organisation=other_org, role=Role.PRACTITIONER)
    client.force_login(person)
    assert "Which organisation" in client.get(reverse("decisions:start")).content.decode()
    response = client.post(reverse("decisions:start"))
    assert response.status_code == 400
    assert not SharingDecision.objects.exists()
    client.post(reverse("decisions:start"), {"organisation": other_org.pk})
    assert SharingDecision.objects.get().organisation == other_org


def test_an_organisation_you_do_not_work_in_is_refused(
    signed_in_practitioner: Any, other_org: Any
) -> None:
    response = signed_in_practitioner.post(
        reverse("decisions:start"), {"organisation": other_org.pk}
    )
    assert response.status_code == 400
    assert not SharingDecision.objects.exists()


@pytest.mark.parametrize(
    ("answers", "recommended"),
    [
        (
            {"purpose": "yes", "legal_duty": "no", "identifiable": "yes", "confidential": "yes"}
            | {"consent": "not_sought", "consent_not_sought_reason": "other"},
            "seek_consent",
        ),
        ({"purpose": "not_sure"}, "seek_advice"),
        ({"purpose": "no"}, "do_not_share"),
    ],
)
def test_sharing_when_the_recommendation_was_not_to_share_yet_needs_a_reason(
    signed_in_practitioner: Any, draft: Any, answers: dict[str, str], recommended: str
) -> None:
    for key, value in answers.items():
        signed_in_practitioner.post(question(draft, key), {"answer": value})
    answer_questions(draft)
    assert engine.evaluate(draft.answers, draft.edition).recommendation == recommended
    shared = {"outcome": "shared", "reasons": "The teacher needed it today"}
    response = signed_in_practitioner.post(url("outcome", draft), shared)
    assert response.status_code == 400
    assert "Enter why your decision differs" in response.content.decode()
    not_shared = {"outcome": "not_shared", "reasons": "We will ask the parents first"}
    assert signed_in_practitioner.post(url("outcome", draft), not_shared).status_code == 302


def test_the_reasons_for_a_decision_are_required_and_kept_on_the_record(
    signed_in_practitioner: Any, draft: Any
) -> None:
    for key, value in CONSENT_ANSWERS.items():
        signed_in_practitioner.post(question(draft, key), {"answer": value})
    response = signed_in_practitioner.post(url("outcome", draft), {"outcome": "shared"})
    assert response.status_code == 400
    assert "Enter your reasons for this decision" in response.content.decode()
    reasons = {"outcome": "shared", "reasons": "Mother agreed; school can add support"}
    assert signed_in_practitioner.post(url("outcome", draft), reasons).status_code == 302
    draft.refresh_from_db()
    assert draft.reasons == "Mother agreed; school can add support"
    body = signed_in_practitioner.get(url("finalise", draft)).content.decode()
    assert "Mother agreed; school can add support" in body
