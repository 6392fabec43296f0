from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from infoshare.advice import selectors
from infoshare.advice.formatting import age_text
from infoshare.advice.models import AddressedTo, Status
from infoshare.advice.tests.factories import AdviceRequestFactory
from infoshare.core.errors import NotFound
from infoshare.core.roles import Role


@pytest.fixture
def org_request(home_org, practitioner):
    return AdviceRequestFactory.create(organisation=home_org, asked_by=practitioner)


@pytest.fixture
def partnership_request(home_org, practitioner):
    return AdviceRequestFactory.create(
        organisation=home_org, asked_by=practitioner, addressed_to=AddressedTo.PARTNERSHIP
    )


def test_an_advisor_of_another_organisation_does_not_see_an_organisation_request(
    org_request, other_advisor
) -> None:
    assert list(selectors.advice_requests_visible_to(other_advisor)) == []
    assert list(selectors.queue_for(other_advisor)) == []
    with pytest.raises(NotFound):
        selectors.get_advice_request_for(other_advisor, org_request.pk)


def test_partnership_requests_are_seen_by_every_advisor_of_the_partnership(
    partnership_request, advisor, other_advisor
) -> None:
    assert list(selectors.queue_for(advisor)) == [partnership_request]
    assert list(selectors.queue_for(other_advisor)) == [partnership_request]
    assert selectors.get_advice_request_for(other_advisor, partnership_request.pk)


def test_advisors_of_another_partnership_see_nothing(partnership_request, make_member) -> None:
    from infoshare.partnerships.tests.factories import OrganisationFactory, PartnershipFactory

    elsewhere = OrganisationFactory(partnership=PartnershipFactory(name="Elsewhere"))
    stranger = make_member(Role.ADVISOR, elsewhere)
    assert list(selectors.advice_requests_visible_to(stranger)) == []


def test_a_manager_answers_requests_from_their_own_organisation_only(
    org_request, partnership_request, manager, make_member, other_org
) -> None:
    assert set(selectors.queue_for(manager)) == {org_request, partnership_request}
    other_manager = make_member(Role.MANAGER, other_org)
    assert list(selectors.queue_for(other_manager)) == []


def test_a_practitioner_sees_only_their_own_requests(org_request, make_member, home_org) -> None:
    colleague = make_member(Role.PRACTITIONER, home_org)
    assert list(selectors.advice_requests_visible_to(colleague)) == []
    assert list(selectors.advice_requests_visible_to(org_request.asked_by)) == [org_request]
    assert list(selectors.queue_for(colleague)) == []


def test_the_queue_puts_urgent_first_then_oldest_and_leaves_out_answered_ones(
    home_org, advisor
) -> None:
    now = timezone.now()
    old = AdviceRequestFactory.create(organisation=home_org, created_at=now - dt.timedelta(days=2))
    new = AdviceRequestFactory.create(organisation=home_org, created_at=now - dt.timedelta(hours=1))
    urgent = AdviceRequestFactory.create(organisation=home_org, urgent=True, created_at=now)
    AdviceRequestFactory.create(organisation=home_org, status=Status.ANSWERED)
    AdviceRequestFactory.create(organisation=home_org, status=Status.CLOSED, closed_at=now)
    assert list(selectors.queue_for(advisor)) == [urgent, old, new]
    assert selectors.queue_summary_for(advisor) == (3, old.created_at)


def test_an_advisor_does_not_find_their_own_question_in_their_queue(home_org, advisor) -> None:
    own = AdviceRequestFactory.create(organisation=home_org, asked_by=advisor)
    assert list(selectors.queue_for(advisor)) == []
    assert selectors.get_advice_request_for(advisor, own.pk) == own
    assert selectors.can_answer(advisor, own) is False


def test_a_missing_request_and_someone_elses_request_are_both_not_found(
    org_request, make_member, home_org
) -> None:
    colleague = make_member(Role.PRACTITIONER, home_org)
    for request_id in (org_request.pk, 999_999):
        with pytest.raises(NotFound):
            selectors.get_advice_request_for(colleague, request_id)


def test_requests_asked_from_a_decision_are_those_the_person_may_see(
    home_org, practitioner, advisor, other_advisor
) -> None:
    linked = AdviceRequestFactory.create(
        organisation=home_org, asked_by=practitioner, context_decision_id=7
    )
    AdviceRequestFactory.create(organisation=home_org, context_decision_id=8)

    def asked_from(user, decision_id):
        return list(
            selectors.advice_requests_visible_to(user).filter(context_decision_id=decision_id)
        )

    assert asked_from(practitioner, 7) == [linked]
    assert asked_from(advisor, 7) == [linked]
    assert asked_from(other_advisor, 7) == []
    assert asked_from(practitioner, 8) == []


@pytest.mark.parametrize(
    ("elapsed", "text"),
    [
        (dt.timedelta(seconds=20), "less than a minute"),
        (dt.timedelta(minutes=1), "1 minute"),
        (dt.timedelta(minutes=59), "59 minutes"),
        (dt.timedelta(hours=3, minutes=20), "3 hours"),
        (dt.timedelta(days=2, hours=5), "2 days"),
        (dt.timedelta(days=1), "1 day"),
    ],
)
def test_ages_read_as_words(elapsed, text) -> None:
    now = timezone.now()
    assert age_text(now - elapsed, now) == text


def test_the_queue_and_its_summary_count_a_follow_up_from_when_it_was_sent(
    home_org, practitioner, advisor
) -> None:
    now = timezone.now()
    followed_up = AdviceRequestFactory.create(
        organisation=home_org,
        asked_by=practitioner,
        created_at=now - dt.timedelta(days=5),
        first_response_at=now - dt.timedelta(days=4),
        followed_up_at=now - dt.timedelta(hours=1),
    )
    asked = AdviceRequestFactory.create(
        organisation=home_org, created_at=now - dt.timedelta(days=1)
    )
    assert list(selectors.queue_for(advisor)) == [asked, followed_up]
    assert selectors.queue_summary_for(advisor) == (2, asked.created_at)
    rows: list[Any] = list(selectors.queue_for(advisor))  # annotated with waiting_since
    assert [row.waiting_since for row in rows] == [
        asked.created_at,
        followed_up.followed_up_at,
    ]
