from __future__ import annotations

import pytest
from django.core import mail

from infoshare.advice import errors, services
from infoshare.advice.audit import Action
from infoshare.advice.models import AddressedTo, AdviceReply, AdviceRequest, AnsweredAs, Status
from infoshare.audit.models import AuditEvent
from infoshare.core.errors import DomainError, NotFound, ValidationFailed
from infoshare.core.roles import Role
from infoshare.partnerships.tests.factories import MembershipFactory


def _events(action: str, advice_request: AdviceRequest) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, object_id=str(advice_request.pk)))


def test_asking_stores_an_anonymous_request_for_the_askers_organisation(
    ask, practitioner, advisor, home_org
) -> None:
    created = ask()
    created.refresh_from_db()
    assert created.organisation == home_org
    assert created.partnership_id == home_org.partnership_id
    assert created.asked_by == practitioner
    assert created.about_person_named is False
    assert created.person_description == ""
    assert created.status == Status.OPEN
    assert created.first_response_at is None


def test_asking_is_audited_without_the_question_text(ask, practitioner, advisor, home_org) -> None:
    created = ask(urgent=True)
    [event] = _events(Action.REQUESTED, created)
    assert event.actor_id == practitioner.pk
    assert event.organisation_id == home_org.pk
    assert event.data["urgent"] is True
    assert event.data["context_decision_id"] is None
    assert "housing" not in str(event.data)


def test_a_decision_the_asker_may_not_see_is_refused_and_nothing_is_saved(ask) -> None:
    # No such decision here; decisions/tests/test_advice_context.py has someone else's.
    with pytest.raises(NotFound) as caught:
        ask(context_decision_id=987654)
    assert caught.value.message == errors.DECISION_NOT_FOUND
    assert not AdviceRequest.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.REQUESTED).exists()


def test_without_the_decisions_apps_check_no_decision_may_be_named(
    ask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deny by default: the advice app alone cannot tell who may see a decision."""
    from infoshare.advice import links

    monkeypatch.setattr(links, "_visibility", None)
    assert links.may_see_decision(object(), 1) is False
    with pytest.raises(NotFound):
        ask(context_decision_id=1)


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("", errors.QUESTION_MISSING),
        ("   \n ", errors.QUESTION_MISSING),
        ("x" * 5001, errors.QUESTION_TOO_LONG),
        ("bell\x07 in the text", errors.QUESTION_CONTROL),
    ],
)
def test_a_bad_question_is_refused_and_nothing_is_saved(ask, question, message) -> None:
    with pytest.raises(ValidationFailed) as caught:
        ask(question=question)
    assert caught.value.fields == {"question": message}
    assert not AdviceRequest.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.REQUESTED).exists()


def test_a_question_of_exactly_the_limit_is_accepted(ask, advisor) -> None:
    assert len(ask(question="x" * 5000).question) == 5000


def test_naming_the_person_needs_a_short_description(ask) -> None:
    with pytest.raises(ValidationFailed) as caught:
        ask(about_person_named=True, person_description="")
    assert caught.value.fields == {"person_description": errors.DESCRIPTION_MISSING}
    with pytest.raises(ValidationFailed):
        ask(about_person_named=True, person_description="x" * 201)


def test_a_description_is_dropped_when_the_person_is_not_named(ask, advisor) -> None:
    created = ask(about_person_named=False, person_description="Jo Bloggs, 1 May 2015")
    assert created.person_description == ""


def test_an_unknown_audience_is_refused(ask) -> None:
    with pytest.raises(ValidationFailed) as caught:
        ask(addressed_to="everyone")
    assert "addressed_to" in caught.value.fields


def test_a_person_in_two_organisations_must_choose_one_of_theirs(
    make_member, home_org, other_org, other_advisor
) -> None:
    person = make_member(Role.PRACTITIONER, home_org)
    MembershipFactory(person=person, organisation=other_org, role=Role.MANAGER)
    with pytest.raises(DomainError) as caught:
        services.ask_for_advice(actor=person, question="Q?")
    assert caught.value.field == "organisation"
    created = services.ask_for_advice(actor=person, question="Q?", organisation_id=other_org.pk)
    assert created.organisation == other_org


def test_asking_for_an_organisation_one_does_not_work_in_is_refused(
    practitioner, other_org
) -> None:
    with pytest.raises(DomainError) as caught:
        services.ask_for_advice(actor=practitioner, question="Q?", organisation_id=other_org.pk)
    assert caught.value.message == errors.ORGANISATION_NOT_YOURS


def test_an_organisation_administrator_alone_cannot_ask(org_admin) -> None:
    with pytest.raises(DomainError):
        services.ask_for_advice(actor=org_admin, question="Q?")


def test_the_first_advisor_reply_sets_first_response_once(ask, advisor, make_member, home_org):
    created = ask()
    services.reply_to_advice(actor=advisor, request_id=created.pk, body="Yes, you may.")
    created.refresh_from_db()
    first = created.first_response_at
    assert first is not None
    assert created.status == Status.ANSWERED

    second_advisor = make_member(Role.ADVISOR, home_org)
    services.reply_to_advice(actor=second_advisor, request_id=created.pk, body="I agree.")
    created.refresh_from_db()
    assert created.first_response_at == first
    assert created.replies.count() == 2


def test_the_askers_own_reply_does_not_count_as_a_response(ask, practitioner, advisor) -> None:
    created = ask()
    reply = services.reply_to_advice(actor=practitioner, request_id=created.pk, body="More detail")
    created.refresh_from_db()
    assert reply.by_advisor is False
    assert created.first_response_at is None
    assert created.status == Status.OPEN


def test_a_follow_up_from_the_asker_puts_an_answered_request_back_in_the_queue(
    ask, practitioner, advisor
) -> None:
    created = ask()
    services.reply_to_advice(actor=advisor, request_id=created.pk, body="Yes.")
    services.reply_to_advice(actor=practitioner, request_id=created.pk, body="And the GP?")
    created.refresh_from_db()
    assert created.status == Status.OPEN
    assert created.first_response_at is not None


def test_a_follow_up_waits_from_when_it_was_sent_and_first_response_is_kept(
    ask, practitioner, advisor
) -> None:
    created = ask()
    services.reply_to_advice(actor=practitioner, request_id=created.pk, body="Before any answer")
    created.refresh_from_db()
    assert created.followed_up_at is None  # still waiting from the question
    services.reply_to_advice(actor=advisor, request_id=created.pk, body="Yes.")
    follow_up = services.reply_to_advice(
        actor=practitioner, request_id=created.pk, body="And the GP?"
    )
    services.reply_to_advice(actor=practitioner, request_id=created.pk, body="Also the nurse?")
    created.refresh_from_db()
    first = created.first_response_at
    assert created.followed_up_at == follow_up.created_at  # the first unanswered message
    services.reply_to_advice(actor=advisor, request_id=created.pk, body="Yes to both.")
    created.refresh_from_db()
    assert created.first_response_at == first


def test_a_reply_keeps_the_role_it_was_written_in(
    ask, practitioner, advisor, manager, other_advisor
) -> None:
    created = ask()
    assert (
        services.reply_to_advice(actor=advisor, request_id=created.pk, body="A").answered_as
        == AnsweredAs.ADVISOR
    )
    assert (
        services.reply_to_advice(actor=manager, request_id=created.pk, body="M").answered_as
        == AnsweredAs.MANAGER
    )
    asker = services.reply_to_advice(actor=practitioner, request_id=created.pk, body="P")
    assert asker.answered_as == ""
    partnership = ask(addressed_to=AddressedTo.PARTNERSHIP)
    assert (
        services.reply_to_advice(
            actor=other_advisor, request_id=partnership.pk, body="O"
        ).answered_as
        == AnsweredAs.ADVISOR
    )


def test_replies_are_audited(ask, advisor) -> None:
    created = ask()
    reply = services.reply_to_advice(actor=advisor, request_id=created.pk, body="Yes.")
    [event] = _events(Action.REPLIED, created)
    assert event.actor_id == advisor.pk
    assert event.data == {"reply_id": reply.pk, "by_advisor": True, "first_response": True}


@pytest.mark.parametrize(
    ("body", "message"),
    [("", errors.REPLY_MISSING), ("y" * 5001, errors.REPLY_TOO_LONG)],
)
def test_a_bad_reply_is_refused_and_nothing_changes(ask, advisor, body, message) -> None:
    created = ask()
    with pytest.raises(ValidationFailed) as caught:
        services.reply_to_advice(actor=advisor, request_id=created.pk, body=body)
    assert caught.value.fields == {"body": message}
    created.refresh_from_db()
    assert created.first_response_at is None
    assert not AdviceReply.objects.exists()


def test_an_advisor_of_another_organisation_cannot_reply(ask, advisor, other_advisor) -> None:
    created = ask()
    with pytest.raises(NotFound):
        services.reply_to_advice(actor=other_advisor, request_id=created.pk, body="Hello")


def test_any_advisor_of_the_partnership_can_reply_to_a_partnership_question(
    ask, other_advisor
) -> None:
    created = ask(addressed_to=AddressedTo.PARTNERSHIP)
    reply = services.reply_to_advice(actor=other_advisor, request_id=created.pk, body="Yes.")
    assert reply.by_advisor is True


def test_the_asker_closes_and_nobody_can_reply_after(ask, practitioner, advisor) -> None:
    created = ask()
    services.close_advice_request(actor=practitioner, request_id=created.pk)
    created.refresh_from_db()
    assert created.status == Status.CLOSED
    assert created.closed_at is not None
    assert len(_events(Action.CLOSED, created)) == 1
    with pytest.raises(DomainError) as caught:
        services.reply_to_advice(actor=advisor, request_id=created.pk, body="Late")
    assert caught.value.message == errors.REPLY_CLOSED
    with pytest.raises(DomainError) as caught:
        services.reply_to_advice(actor=practitioner, request_id=created.pk, body="One more")
    assert caught.value.message == errors.ALREADY_CLOSED
    with pytest.raises(DomainError):
        services.close_advice_request(actor=practitioner, request_id=created.pk)


def test_the_askers_close_is_audited_as_theirs(ask, practitioner, advisor) -> None:
    created = ask()
    services.close_advice_request(actor=practitioner, request_id=created.pk)
    [event] = _events(Action.CLOSED, created)
    assert event.actor_id == practitioner.pk
    assert event.data == {"answered": False, "by_advisor": False}


def test_an_advisor_who_answers_it_can_close_it(ask, practitioner, advisor, home_org) -> None:
    created = ask()
    services.reply_to_advice(actor=advisor, request_id=created.pk, body="Yes, with consent.")
    services.close_advice_request(actor=advisor, request_id=created.pk)
    created.refresh_from_db()
    assert created.status == Status.CLOSED
    assert created.closed_at is not None
    [event] = _events(Action.CLOSED, created)
    assert event.actor_id == advisor.pk
    assert event.organisation_id == home_org.pk
    assert event.data == {"answered": True, "by_advisor": True}
    with pytest.raises(DomainError) as caught:
        services.reply_to_advice(actor=practitioner, request_id=created.pk, body="One more")
    assert caught.value.message == errors.ALREADY_CLOSED
    with pytest.raises(DomainError) as caught:
        services.close_advice_request(actor=advisor, request_id=created.pk)
    assert caught.value.message == errors.CLOSED_BEFORE


def test_a_manager_of_the_askers_organisation_can_close_it(ask, manager) -> None:
    created = ask(addressed_to=AddressedTo.PARTNERSHIP)
    services.reply_to_advice(actor=manager, request_id=created.pk, body="Yes, you may.")
    services.close_advice_request(actor=manager, request_id=created.pk)
    created.refresh_from_db()
    assert created.status == Status.CLOSED


def test_an_advisor_who_does_not_answer_it_cannot_close_it(ask, advisor, other_advisor) -> None:
    created = ask()  # to the home organisation's advisors only
    with pytest.raises(NotFound):
        services.close_advice_request(actor=other_advisor, request_id=created.pk)
    created.refresh_from_db()
    assert created.status == Status.OPEN


def test_someone_who_sees_it_but_neither_asked_nor_answers_it_cannot_close_it(
    other_advisor, home_org
) -> None:
    # Asked in an organisation they do not work in (they have left it): they see it as a
    # partnership advisor, but do not answer their own question, nor ask there any more.
    created = AdviceRequest.objects.create(
        organisation=home_org,
        partnership_id=home_org.partnership_id,
        asked_by=other_advisor,
        addressed_to=AddressedTo.PARTNERSHIP,
        question="May I share with the school?",
    )
    with pytest.raises(DomainError) as caught:
        services.close_advice_request(actor=other_advisor, request_id=created.pk)
    assert caught.value.message == errors.CANNOT_CLOSE
    created.refresh_from_db()
    assert created.status == Status.OPEN
    assert _events(Action.CLOSED, created) == []


class TestTheSameKeyTwice:
    """A page's key (``page_keys``): sent again, the same question or reply is returned."""

    def test_asking_again_returns_the_request_unaudited_and_untold(
        self, ask, advisor, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            first = ask(idempotency_key="question-k")
            again = ask(idempotency_key="question-k")
        assert again == first
        assert AdviceRequest.objects.count() == 1
        assert len(_events(Action.REQUESTED, first)) == 1
        assert len(mail.outbox) == 1

    def test_a_key_lost_in_a_race_returns_the_winners_request(
        self, ask, advisor, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        won = ask(idempotency_key="question-k")
        looked = iter([None])  # the loser looked before the winner's request was saved
        real = services._asked_with_key
        monkeypatch.setattr(services, "_asked_with_key", lambda *a: next(looked, real(*a)))
        assert ask(idempotency_key="question-k") == won
        assert AdviceRequest.objects.count() == 1

    def test_replying_again_returns_the_reply_unaudited_and_untold(
        self, ask, advisor, django_capture_on_commit_callbacks
    ) -> None:
        created = ask()
        with django_capture_on_commit_callbacks(execute=True):
            first = services.reply_to_advice(
                actor=advisor, request_id=created.pk, body="Yes.", idempotency_key="reply-k"
            )
            again = services.reply_to_advice(
                actor=advisor, request_id=created.pk, body="Yes.", idempotency_key="reply-k"
            )
        assert again == first
        assert created.replies.count() == 1
        assert len(_events(Action.REPLIED, created)) == 1
        assert len(mail.outbox) == 1

    def test_the_same_key_from_someone_else_is_theirs(self, ask, practitioner, advisor) -> None:
        created = ask(idempotency_key="k")
        for person in (practitioner, advisor):
            services.reply_to_advice(
                actor=person, request_id=created.pk, body="Hi", idempotency_key="k"
            )
        assert created.replies.count() == 2

    def test_an_over_long_key_is_refused(self, ask) -> None:
        with pytest.raises(ValidationFailed) as caught:
            ask(idempotency_key="k" * 101)
        assert caught.value.fields == {"idempotency_key": errors.KEY_TOO_LONG}
        assert not AdviceRequest.objects.exists()


def test_a_missing_request_is_not_found(practitioner, db) -> None:
    with pytest.raises(NotFound):
        services.reply_to_advice(actor=practitioner, request_id=999, body="Hi")
    with pytest.raises(NotFound):
        services.close_advice_request(actor=practitioner, request_id=999)


class TestEmails:
    def test_a_new_request_emails_the_organisations_advisors_with_the_question(
        self, ask, advisor, other_advisor, practitioner, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            created = ask(question="Can I share the nurse's notes?")
        assert [message.to for message in mail.outbox] == [[advisor.email]]
        assert created.reference in mail.outbox[0].subject
        assert "Can I share the nurse's notes?" in mail.outbox[0].body
        assert f"/advice/{created.pk}/" in mail.outbox[0].body
        # Managers answer where there is no advisor: the email names no one it may not mean.
        assert "has asked those who answer advice requests at their organisation" in (
            mail.outbox[0].body
        )

    def test_a_named_person_keeps_the_question_out_of_the_email(
        self, ask, advisor, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            created = ask(
                question="Jo's secret question",
                about_person_named=True,
                person_description="Jo Bloggs",
            )
        [message] = mail.outbox
        assert "Jo" not in message.body
        assert f"/advice/{created.pk}/" in message.body

    def test_a_partnership_request_emails_every_advisor_of_the_partnership(
        self, ask, advisor, other_advisor, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            ask(addressed_to=AddressedTo.PARTNERSHIP, urgent=True)
        assert sorted(m.to[0] for m in mail.outbox) == sorted([advisor.email, other_advisor.email])
        assert all(m.subject.startswith("Urgent: ") for m in mail.outbox)

    def test_replies_email_the_asker_and_then_the_advisor(
        self, ask, practitioner, advisor, make_member, home_org, django_capture_on_commit_callbacks
    ) -> None:
        make_member(Role.ADVISOR, home_org)  # a second advisor who has not replied
        created = ask()
        with django_capture_on_commit_callbacks(execute=True):
            services.reply_to_advice(actor=advisor, request_id=created.pk, body="Yes, share.")
        assert [m.to for m in mail.outbox] == [[practitioner.email]]
        assert "Yes, share." in mail.outbox[0].body
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.reply_to_advice(actor=practitioner, request_id=created.pk, body="Thanks")
        assert [m.to for m in mail.outbox] == [[advisor.email]]

    def test_a_reply_about_a_named_person_is_not_quoted(
        self, ask, advisor, django_capture_on_commit_callbacks
    ) -> None:
        created = ask(about_person_named=True, person_description="Jo Bloggs")
        with django_capture_on_commit_callbacks(execute=True):
            services.reply_to_advice(
                actor=advisor, request_id=created.pk, body="Share with Jo's GP"
            )
        [message] = mail.outbox
        assert "Share with" not in message.body

    def test_no_email_is_sent_when_the_request_is_refused(
        self, ask, advisor, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationFailed):
            ask(question="")
        assert mail.outbox == []


def test_audit_actions_have_readable_labels(db) -> None:
    from infoshare.audit import labels

    assert labels.label_for(Action.REQUESTED) != str(Action.REQUESTED)
    assert "advice" in labels.label_for(Action.REPLIED).lower()
