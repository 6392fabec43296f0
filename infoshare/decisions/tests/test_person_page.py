"""A person's page: audited as a view of the person and, like the list pages, as a
listing of the records its page of rows shows (they name the people they are about)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from infoshare.audit.models import AuditEvent
from infoshare.decisions.tests.factories import make_decision, make_person


def page_of(person: Any) -> str:
    return reverse("decisions:person_detail", kwargs={"person_id": person.pk})


def test_the_persons_page_audits_the_records_it_lists(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    person = make_person(organisation=home_org)
    shown = [
        make_decision(author=practitioner, organisation=home_org, people=[person]) for _ in range(2)
    ]
    make_decision(author=practitioner, organisation=home_org)  # about someone else
    client.force_login(practitioner)
    assert client.get(page_of(person)).status_code == 200
    assert AuditEvent.objects.filter(action="decisions.viewed_person").count() == 1
    event = AuditEvent.objects.get(action="decisions.listed_decisions")
    assert event.organisation_id == home_org.pk
    assert event.actor_id == practitioner.pk
    assert sorted(event.data.pop("records")) == sorted(d.label for d in shown)
    assert event.data == {"via": "page", "scope": "person", "person": person.pk, "page": 1}


def test_each_page_of_the_persons_records_is_audited_with_its_own_rows(
    client: Any, practitioner: Any, home_org: Any, settings: Any
) -> None:
    settings.INFOSHARE = settings.INFOSHARE | {"PAGE_SIZE": 2}
    person = make_person(organisation=home_org)
    for _ in range(3):
        make_decision(author=practitioner, organisation=home_org, people=[person])
    client.force_login(practitioner)
    assert client.get(page_of(person), {"page": 2}).status_code == 200
    event = AuditEvent.objects.get(action="decisions.listed_decisions")
    assert event.data["page"] == 2
    assert len(event.data["records"]) == 1


def test_a_person_without_records_to_show_lists_none(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    person = make_person(organisation=home_org)
    client.force_login(practitioner)
    assert client.get(page_of(person)).status_code == 200
    assert AuditEvent.objects.filter(action="decisions.viewed_person").count() == 1
    assert not AuditEvent.objects.filter(action="decisions.listed_decisions").exists()


@pytest.mark.django_db(transaction=True)
def test_both_events_are_written_in_one_transaction(
    client: Any, practitioner: Any, home_org: Any, monkeypatch: Any
) -> None:
    person = make_person(organisation=home_org)
    make_decision(author=practitioner, organisation=home_org, people=[person])
    client.force_login(practitioner)
    client.get(page_of(person))  # the session touched once, before counting
    before = AuditEvent.objects.count()
    commits: list[str] = []
    commit = connection.commit

    def counted() -> None:
        commits.append("commit")
        commit()

    monkeypatch.setattr(connection, "commit", counted)
    assert client.get(page_of(person)).status_code == 200
    monkeypatch.undo()
    assert len(commits) == 1
    written = AuditEvent.objects.order_by("id")[before:]
    assert [event.action for event in written] == [
        "decisions.viewed_person",
        "decisions.listed_decisions",
    ]


def test_if_the_second_event_fails_the_first_is_not_kept(
    client: Any, practitioner: Any, home_org: Any, monkeypatch: Any
) -> None:
    person = make_person(organisation=home_org)
    make_decision(author=practitioner, organisation=home_org, people=[person])
    client.force_login(practitioner)

    def fails(*args: Any) -> None:
        raise RuntimeError("The audit log could not be written")

    monkeypatch.setattr("infoshare.decisions.views.records.record_listed", fails)
    with pytest.raises(RuntimeError):
        client.get(page_of(person))
    assert not AuditEvent.objects.filter(action="decisions.viewed_person").exists()
