"""A final record never changes, so its lawful bases must fit its own answers: never a
basis the answers rule out (consent that was refused), never an Article 9 condition
without the Schedule 1 condition it needs, never health or offending information without
the conditions special category and criminal offence data need. The bases page, the
finalise summary and the API agree; a change of answer from the summary goes back by the
bases page when the bases no longer fit."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from infoshare.decisions import services
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.tests.factories import CONSENT_ANSWERS, answer_questions, make_person
from infoshare.decisions.tests.finalising import press_finalise
from infoshare.decisions.tests.test_api_decisions import Api
from infoshare.decisions.tests.test_flow import (
    SHARING_DETAILS,
    first_pages,
    question,
    record_sharing_details,
    url,
)

#: Consent refused, and enough public interest to share without it: "share".
PUBLIC_INTEREST_ANSWERS = CONSENT_ANSWERS | {"consent": "refused", "public_interest": "yes"}
#: Consent refused, not enough public interest: "do not share".
NO_PUBLIC_INTEREST_ANSWERS = {
    key: value for key, value in CONSENT_ANSWERS.items() if key != "appropriate_and_secure"
} | {"consent": "refused", "public_interest": "no"}
NOT_PERSONAL_DATA_ANSWERS = {
    "risk_of_significant_harm": "no",
    "purpose": "yes",
    "legal_duty": "no",
    "identifiable": "no",
    "appropriate_and_secure": "yes",
}


def complete_draft(
    actor: Any, org: Any, answers: dict[str, str] = CONSENT_ANSWERS, **changes: Any
) -> SharingDecision:
    """A draft with everything finalising needs, given these answers and changes."""
    decision, _ = services.start_draft(actor=actor)
    person = make_person(organisation=org)
    services.set_people(actor=actor, decision_id=decision.pk, add=[person.pk])
    fields = {
        "direction": "sharing_out",
        "external_recipient": "Youth club",
        "purpose": "Support at school",
        "outcome": "shared",
        "reasons": "The school can help",
        "gateway": "consent",
        "article6": ["art6_1_e"],
        "information_categories": ["education"],
        "information_description": "Attendance",
        "method": "secure_email",
        "shared_on": timezone.localdate(),
        "person_told": "yes",
    } | changes
    return services.update_draft(
        actor=actor, decision_id=decision.pk, changes=fields, answers=answers
    )


def bases_link(draft: Any) -> str:
    return f'href="{url("bases", draft)}?return=finalise"'


OFFENDING_MESSAGE = (
    "Criminal offence data needs official authority (Article 6(1)(e)) "
    "or a Schedule 1 condition (Article 10)"
)

#: (answers, changes, the field refused, its message).
REFUSED = [
    pytest.param(
        PUBLIC_INTEREST_ANSWERS,
        {},
        "gateway",
        "Choose a gateway other than “Consent”: you said consent has been refused",
        id="consent-gateway-consent-refused",
    ),
    pytest.param(
        PUBLIC_INTEREST_ANSWERS
        | {"consent": "not_sought", "consent_not_sought_reason": "undue_delay"},
        {"gateway": "public_interest", "article6": ["art6_1_a"]},
        "article6",
        "Choose an Article 6 basis other than “Consent”: you said consent has not been sought",
        id="article-6-a-consent-not-sought",
    ),
    pytest.param(
        PUBLIC_INTEREST_ANSWERS,
        {
            "gateway": "public_interest",
            "special_category": True,
            "article9": ["art9_2_a"],
            "information_categories": ["health"],
        },
        "article9",
        "Choose an Article 9 condition other than “Explicit consent”: "
        "you said consent has been refused",
        id="article-9-a-consent-refused",
    ),
    pytest.param(
        CONSENT_ANSWERS,
        {"gateway": "legal_requirement"},
        "gateway",
        "Choose a gateway other than “Legal requirement”: you said no statutory duty or court "
        "order requires the information to be shared",
        id="legal-requirement-without-a-legal-duty",
    ),
    pytest.param(
        CONSENT_ANSWERS,
        {"gateway": "not_confidential"},
        "gateway",
        "Choose a gateway other than “Not confidential”: you said the information is confidential",
        id="not-confidential-but-confidential",
    ),
    pytest.param(
        CONSENT_ANSWERS,
        {"special_category": True, "article9": ["art9_2_b"]},
        "schedule1",
        "Employment, social security and social protection needs Schedule 1 Part 1 paragraph 1",
        id="article-9-b-without-its-schedule-1-condition",
    ),
    pytest.param(
        CONSENT_ANSWERS,
        {"special_category": True, "article9": ["art9_2_h"], "schedule1": ["sch1_p2_18"]},
        "schedule1",
        "Health or social care needs Schedule 1 Part 1 paragraph 2",
        id="article-9-h-without-its-schedule-1-condition",
    ),
    pytest.param(
        CONSENT_ANSWERS,
        {"special_category": True, "article9": ["art9_2_i"], "schedule1": ["sch1_p1_2"]},
        "schedule1",
        "Public health needs Schedule 1 Part 1 paragraph 3",
        id="article-9-i-without-its-schedule-1-condition",
    ),
    pytest.param(
        CONSENT_ANSWERS,
        {"information_categories": ["education", "health"]},
        "special_category",
        "Physical or mental health is special category data: select an Article 9 condition for it",
        id="health-without-special-category",
    ),
    pytest.param(
        CONSENT_ANSWERS,
        {"article6": ["art6_1_c"], "information_categories": ["offending"]},
        "schedule1",
        OFFENDING_MESSAGE,
        id="offending-without-official-authority-or-a-schedule-1-condition",
    ),
    # Part 3 conditions are for criminal offence data: never what Article 9 needs.
    pytest.param(
        CONSENT_ANSWERS,
        {"special_category": True, "article9": ["art9_2_g"], "schedule1": ["sch1_p3_36"]},
        "schedule1",
        "Substantial public interest needs a Schedule 1 Part 2 condition",
        id="article-9-g-with-only-a-part-3-condition",
    ),
    pytest.param(
        CONSENT_ANSWERS,
        {"special_category": True, "article9": ["art9_2_h"], "schedule1": ["sch1_p3_30"]},
        "schedule1",
        "Health or social care needs Schedule 1 Part 1 paragraph 2",
        id="article-9-h-with-only-a-part-3-condition",
    ),
]


@pytest.mark.parametrize(("answers", "changes", "field", "message"), REFUSED)
def test_the_finalise_summary_refuses_and_links_to_the_bases_page(
    signed_in_practitioner: Any,
    practitioner: Any,
    home_org: Any,
    answers: dict[str, str],
    changes: dict[str, Any],
    field: str,
    message: str,
) -> None:
    draft = complete_draft(practitioner, home_org, answers, **changes)
    shown = signed_in_practitioner.get(url("finalise", draft)).content.decode()
    assert f"{bases_link(draft)}>{message}</a>" in shown
    response = press_finalise(signed_in_practitioner, draft)
    assert response.status_code == 400
    assert f"{bases_link(draft)}>{message}</a>" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


@pytest.mark.parametrize(("answers", "changes", "field", "message"), REFUSED)
def test_the_api_refuses_to_finalise_naming_the_field(
    client: Any,
    practitioner: Any,
    home_org: Any,
    answers: dict[str, str],
    changes: dict[str, Any],
    field: str,
    message: str,
) -> None:
    draft = complete_draft(practitioner, home_org, answers, **changes)
    response = Api(client, practitioner).call("post", "decision_finalise", decision_id=draft.pk)
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {field: message}
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


@pytest.mark.parametrize(
    ("answers", "changes"),
    [
        pytest.param(
            PUBLIC_INTEREST_ANSWERS,
            {"gateway": "public_interest", "article6": ["art6_1_e"]},
            id="public-interest-after-refusal",
        ),
        pytest.param(
            CONSENT_ANSWERS,
            {"gateway": "public_interest", "article6": ["art6_1_e", "art6_1_a"]},
            id="another-gateway-than-suggested",
        ),
        # Shared against the recommendation, the reason recorded: the public interest is
        # the practitioner's judgement, and a share must always be recordable.
        pytest.param(
            NO_PUBLIC_INTEREST_ANSWERS,
            {"gateway": "public_interest", "departure_reason": "The police asked that night"},
            id="public-interest-departing-from-the-recommendation",
        ),
        pytest.param(
            CONSENT_ANSWERS,
            {
                "special_category": True,
                "article9": ["art9_2_h"],
                "schedule1": ["sch1_p1_2"],
                "information_categories": ["health"],
            },
            id="health-with-its-conditions",
        ),
        pytest.param(
            CONSENT_ANSWERS,
            {"schedule1": ["sch1_p2_10"], "information_categories": ["offending"]},
            id="offending-with-a-schedule-1-condition",
        ),
        # Official authority: Article 10 asks for it or a Schedule 1 condition.
        pytest.param(
            CONSENT_ANSWERS,
            {"article6": ["art6_1_e"], "information_categories": ["offending"]},
            id="offending-under-official-authority",
        ),
        pytest.param(
            CONSENT_ANSWERS,
            {
                "article6": ["art6_1_c"],
                "schedule1": ["sch1_p3_30"],
                "information_categories": ["offending"],
            },
            id="offending-with-a-part-3-condition",
        ),
        pytest.param(
            NOT_PERSONAL_DATA_ANSWERS,
            {"gateway": "", "article6": [], "information_categories": ["health", "offending"]},
            id="not-personal-data",
        ),
    ],
)
def test_bases_that_fit_the_answers_are_finalised(
    signed_in_practitioner: Any,
    practitioner: Any,
    home_org: Any,
    answers: dict[str, str],
    changes: dict[str, Any],
) -> None:
    draft = complete_draft(practitioner, home_org, answers, **changes)
    response = press_finalise(signed_in_practitioner, draft)
    assert response.status_code == 302, response.content.decode()[:3000]
    draft.refresh_from_db()
    assert draft.status == Status.FINAL


@pytest.mark.parametrize(
    ("article9", "message"),
    [
        ("art9_2_b", "Employment, social security and social protection needs Schedule 1"),
        ("art9_2_h", "Health or social care needs Schedule 1 Part 1 paragraph 2"),
        ("art9_2_i", "Public health needs Schedule 1 Part 1 paragraph 3"),
    ],
)
def test_the_bases_page_asks_for_the_schedule_1_condition_an_article_9_condition_needs(
    signed_in_practitioner: Any, draft: Any, article9: str, message: str
) -> None:
    answer_questions(draft, outcome="shared")
    chosen = {"gateway": "consent", "article6": ["art6_1_e"], "special_category": "on"}
    chosen |= {"article9": [article9], "schedule1": ["sch1_p2_18"]}
    response = signed_in_practitioner.post(url("bases", draft), chosen)
    assert response.status_code == 400
    body = response.content.decode()
    assert f'href="#id_schedule1">{message}' in body
    draft.refresh_from_db()
    assert draft.article9 == []
    condition = {"art9_2_b": "sch1_p1_1", "art9_2_h": "sch1_p1_2", "art9_2_i": "sch1_p1_3"}
    response = signed_in_practitioner.post(
        url("bases", draft), chosen | {"schedule1": [condition[article9]]}
    )
    assert response.status_code == 302


def test_the_bases_page_refuses_and_explains_bases_the_answers_rule_out(
    signed_in_practitioner: Any, draft: Any
) -> None:
    answer_questions(draft, {"consent": "refused", "public_interest": "yes"}, outcome="shared")
    body = signed_in_practitioner.get(url("bases", draft)).content.decode()
    assert "You cannot rely on this: you said consent has been refused." in body
    response = signed_in_practitioner.post(
        url("bases", draft),
        {
            "gateway": "consent",
            "article6": ["art6_1_a"],
            "special_category": "on",
            "article9": ["art9_2_a"],
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'href="#id_gateway">Choose a gateway other than “Consent”' in body
    assert 'href="#id_article6">Choose an Article 6 basis other than “Consent”' in body
    assert 'href="#id_article9">Choose an Article 9 condition other than' in body
    draft.refresh_from_db()
    assert draft.gateway == ""


def _change_from_summary(client: Any, draft: Any, key: str, answer: str, then: str) -> Any:
    """Changes an answer from the finalise summary and goes on as the pages lead, answering
    any question asked on the way with `then`, as far as the outcome page's Continue."""
    response = client.post(f"{question(draft, key)}?return=finalise", {"answer": answer})
    while "/question/" in response.url:
        response = client.post(response.url, {"answer": then})
    assert response.url == f"{url('check_answers', draft)}?return=finalise"
    assert client.get(response.url).status_code == 200
    assert client.get(f"{url('recommendation', draft)}?return=finalise").status_code == 200
    return client.post(
        f"{url('outcome', draft)}?return=finalise",
        {"outcome": "shared", "reasons": "Shared after all"},
    )


def test_consent_changed_to_refused_goes_back_by_the_bases_page(
    signed_in_practitioner: Any, draft: Any, home_org: Any, other_org: Any
) -> None:
    client = signed_in_practitioner
    first_pages(client, draft, home_org, other_org)
    for key, value in CONSENT_ANSWERS.items():
        client.post(question(draft, key), {"answer": value})
    client.post(url("outcome", draft), {"outcome": "shared", "reasons": "Consent given"})
    record_sharing_details(client, draft)
    response = _change_from_summary(client, draft, "consent", "refused", then="yes")
    bases = f"{url('bases', draft)}?return=finalise"
    assert response.url == bases
    body = client.get(bases).content.decode()
    assert "Your answers rule out some of the bases chosen below" in body
    assert "Choose a gateway other than “Consent”: you said consent has been refused" in body
    # Continuing with the bases as they were is refused on the page itself.
    response = client.post(bases, {"gateway": "consent", "article6": ["art6_1_a"]})
    assert response.status_code == 400
    # Skipping the bases page, the summary refuses too.
    draft.refresh_from_db()
    refused = press_finalise(client, draft)
    assert refused.status_code == 400
    assert bases_link(draft) in refused.content.decode()
    response = client.post(bases, {"gateway": "public_interest", "article6": ["art6_1_e"]})
    assert response.url == url("finalise", draft)
    draft.refresh_from_db()
    assert press_finalise(client, draft).status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.consent_position, draft.gateway) == (
        Status.FINAL,
        "refused",
        "public_interest",
    )
    assert draft.article6 == ["art6_1_e"]


@pytest.mark.parametrize(
    ("answers", "bases"),
    [
        pytest.param(
            CONSENT_ANSWERS, {"gateway": "consent", "article6": ["art6_1_a"]}, id="consent"
        ),
        # Nothing the answers rule out, but UK GDPR bases the page says are not needed.
        pytest.param(
            PUBLIC_INTEREST_ANSWERS,
            {"gateway": "public_interest", "article6": ["art6_1_e"]},
            id="public-interest",
        ),
    ],
)
def test_not_identifiable_any_more_goes_back_by_the_bases_page(
    signed_in_practitioner: Any,
    draft: Any,
    home_org: Any,
    other_org: Any,
    answers: dict[str, str],
    bases: dict[str, Any],
) -> None:
    client = signed_in_practitioner
    first_pages(client, draft, home_org, other_org)
    for key, value in answers.items():
        client.post(question(draft, key), {"answer": value})
    client.post(url("outcome", draft), {"outcome": "shared", "reasons": "Shared"})
    for name, data in [("bases", bases), *SHARING_DETAILS[1:]]:
        assert client.post(url(name, draft), data).status_code == 302, name
    response = _change_from_summary(client, draft, "identifiable", "no", then="yes")
    bases_page = f"{url('bases', draft)}?return=finalise"
    assert response.url == bases_page
    body = client.get(bases_page).content.decode()
    assert "so the UK GDPR bases are not needed" in body
    response = client.post(bases_page, {})
    assert response.url == url("finalise", draft)
    draft.refresh_from_db()
    assert press_finalise(client, draft).status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.gateway, draft.article6) == (Status.FINAL, "", [])


def test_health_chosen_after_the_bases_is_asked_for_on_the_summary(
    signed_in_practitioner: Any, draft: Any, home_org: Any, other_org: Any
) -> None:
    """The bases page comes before the information page: the summary says what the
    information shared needs, and its link opens the bases page, which comes back."""
    client = signed_in_practitioner
    first_pages(client, draft, home_org, other_org)
    for key, value in CONSENT_ANSWERS.items():
        client.post(question(draft, key), {"answer": value})
    client.post(url("outcome", draft), {"outcome": "shared", "reasons": "Consent given"})
    client.post(url("bases", draft), {"gateway": "consent", "article6": ["art6_1_e"]})
    response = client.post(
        url("information", draft),
        {"information_categories": ["health"], "information_description": "Asthma plan"},
    )
    assert response.url == url("sharing", draft)
    for name, data in SHARING_DETAILS[2:]:
        assert client.post(url(name, draft), data).status_code == 302, name
    draft.refresh_from_db()
    refused = press_finalise(client, draft)
    assert refused.status_code == 400
    message = "Physical or mental health is special category data"
    assert f"{bases_link(draft)}>{message}" in refused.content.decode()
    response = client.post(
        f"{url('bases', draft)}?return=finalise",
        {
            "gateway": "consent",
            "article6": ["art6_1_e"],
            "special_category": "on",
            "article9": ["art9_2_a"],
        },
    )
    assert response.url == url("finalise", draft)
    draft.refresh_from_db()
    assert press_finalise(client, draft).status_code == 302


def test_the_bases_page_shows_and_checks_what_the_information_shared_needs(
    signed_in_practitioner: Any, practitioner: Any, home_org: Any
) -> None:
    """The finalise summary links every problem of the bases to the bases page: that page
    shows them all, consent conflicts and what health and offending information need,
    and refuses to go on until they are put right."""
    client = signed_in_practitioner
    draft = complete_draft(
        practitioner,
        home_org,
        PUBLIC_INTEREST_ANSWERS,
        article6=["art6_1_a"],
        information_categories=["health", "offending"],
    )
    health = "Physical or mental health is special category data: select an Article 9 condition"
    gateway = "Choose a gateway other than “Consent”: you said consent has been refused"
    article6 = "Choose an Article 6 basis other than “Consent”: you said consent has been refused"
    summary = client.get(url("finalise", draft)).content.decode()
    for message in (gateway, article6, health, OFFENDING_MESSAGE):
        assert f"{bases_link(draft)}>{message}" in summary
    bases = f"{url('bases', draft)}?return=finalise"
    shown = client.get(bases).content.decode()
    for message in (gateway, article6, health, OFFENDING_MESSAGE):
        assert message in shown
    # The consent conflicts put right, but not what the information needs.
    chosen = {"gateway": "public_interest", "article6": ["art6_1_c"]}
    response = client.post(bases, chosen)
    assert response.status_code == 400
    body = response.content.decode()
    assert f'href="#id_special_category">{health}' in body
    assert f'href="#id_schedule1">{OFFENDING_MESSAGE}' in body
    draft.refresh_from_db()
    assert draft.gateway == "consent"
    # An Article 9 condition, but still nothing for the offending information.
    chosen |= {"special_category": "on", "article9": ["art9_2_c"]}
    response = client.post(bases, chosen)
    assert response.status_code == 400
    body = response.content.decode()
    assert f'href="#id_schedule1">{OFFENDING_MESSAGE}' in body
    assert 'href="#id_special_category"' not in body
    response = client.post(bases, chosen | {"schedule1": ["sch1_p3_30"]})
    assert response.url == url("finalise", draft)
    draft.refresh_from_db()
    assert press_finalise(client, draft).status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.article9, draft.schedule1) == (
        Status.FINAL,
        ["art9_2_c"],
        ["sch1_p3_30"],
    )


@pytest.mark.parametrize(
    ("article6", "schedule1", "refused"),
    [
        pytest.param(["art6_1_c"], [], True, id="neither"),
        pytest.param(["art6_1_e"], [], False, id="official-authority"),
        pytest.param(["art6_1_c"], ["sch1_p3_29"], False, id="part-3-consent"),
        pytest.param(["art6_1_c"], ["sch1_p2_10"], False, id="part-2-unlawful-acts"),
    ],
)
def test_the_bases_page_takes_official_authority_or_a_schedule_1_condition_for_offending(
    signed_in_practitioner: Any,
    practitioner: Any,
    home_org: Any,
    article6: list[str],
    schedule1: list[str],
    refused: bool,
) -> None:
    draft = complete_draft(practitioner, home_org, information_categories=["offending"])
    response = signed_in_practitioner.post(
        url("bases", draft), {"gateway": "consent", "article6": article6, "schedule1": schedule1}
    )
    assert response.status_code == (400 if refused else 302)
    assert (OFFENDING_MESSAGE in response.content.decode()) is refused


def test_the_bases_page_offers_part_3_conditions_for_criminal_offence_data_only(
    signed_in_practitioner: Any, draft: Any
) -> None:
    answer_questions(draft, outcome="shared")
    body = signed_in_practitioner.get(url("bases", draft)).content.decode()
    for para, label in (
        (29, "Consent"),
        (30, "Protecting individual&#x27;s vital interests"),
        (36, "Extension of conditions in Part 2 referring to substantial public interest"),
    ):
        assert f'value="sch1_p3_{para}"' in body
        assert f"Data Protection Act 2018 Schedule 1 Part 3 paragraph {para}: {label}" in body
    assert body.count("For criminal offence data (Article 10) only.") == 3
    assert "official authority (Article 6(1)(e) public task)" in body
