"""The lock order (docs/architecture.md, "Lock order"): a transaction that will lock or
change existing rows takes the audit chain's lock first, then its rows, so that writers
queue on the chain instead of deadlocking.

Every write takes the chain at its end (``audit.services.record``). A concurrency review
on PostgreSQL found that a write which had locked a row before that (an administrator
ending a role locks the organisation; a correction locks the person; withdrawing an
amendment locks the final record) deadlocked with one that held the chain and, at its
COMMIT, needed that row (PostgreSQL checks the deferred foreign keys then, taking KEY
SHARE on the rows they refer to), or that locked the same rows the other way round: one
side got a 500 and lost what it sent. And two people recording the same person at once
made two entries (the check for a similar person, then the insert, with no lock).

The PostgreSQL tests run the two writes in two threads (each on its own connection), in
the order that deadlocked: the first goes on until it has locked its row, then waits (at
most a moment) for the second to take the audit chain. With the lock order the first
holds the chain by then, so the second waits for it instead, and both end cleanly."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, cast

import pytest
from django.core import mail
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail import EmailMessage
from django.core.mail.backends.locmem import EmailBackend
from django.db import OperationalError, connection, connections
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from infoshare.accounts.services import create_api_token
from infoshare.agreements.services import upload_document
from infoshare.agreements.tests.factories import make_agreement
from infoshare.audit.chain import GENESIS
from infoshare.audit.models import AuditChainHead, AuditEvent
from infoshare.core.errors import Conflict, NotFound, ValidationFailed
from infoshare.core.roles import Role
from infoshare.decisions import errors
from infoshare.decisions.models import Person, SharingDecision, Status
from infoshare.decisions.services import (
    amend_decision,
    create_person,
    finalise_decision,
    set_people,
    start_draft,
    update_draft,
    withdraw_amendment,
)
from infoshare.decisions.services.people import correct_person, remove_person
from infoshare.decisions.services.reminders import send_urgent_reminder
from infoshare.decisions.tests.factories import make_decision, make_person
from infoshare.governance.models import PolicyStatus
from infoshare.governance.services import update_policy
from infoshare.governance.tests.factories import make_policy
from infoshare.partnerships.models import Membership
from infoshare.partnerships.services import deactivate_membership, update_organisation
from infoshare.partnerships.tests.factories import MembershipFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent / "infoshare"
#: The one module that may lock rows: ``lock_chain``, ``for_change`` and ``record``.
LOCKING_MODULE = ROOT / "audit" / "services.py"

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks between connections: PostgreSQL"
)


def test_rows_are_locked_only_after_the_audit_chain() -> None:
    """Rows are locked for a change through ``audit.services.for_change`` (the chain
    first), never with ``select_for_update`` itself, outside the audit services."""
    found = [
        f"{path.relative_to(ROOT.parent)}:{number}"
        for path in sorted(ROOT.rglob("*.py"))
        if path != LOCKING_MODULE and "tests" not in path.relative_to(ROOT).parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\.select_for_update\(", line)
    ]
    assert found == [], "lock rows with audit.services.for_change (the lock order)"


# -- A person removed from the register while a colleague adds them to a draft. ----------


@pytest.fixture
def removed(practitioner: Any, manager: Any, home_org: Any) -> tuple[SharingDecision, int]:
    """A draft of the practitioner's, and the id of a person a manager has just removed
    from the register (the practitioner's page still offers them)."""
    draft, _ = start_draft(actor=practitioner)
    person = make_person(organisation=home_org, created_by=practitioner)
    remove_person(actor=manager, person_id=person.pk, reason="Added twice by mistake")
    return draft, person.pk


def test_the_people_page_says_a_person_added_was_just_removed(
    client: Any, practitioner: Any, removed: tuple[SharingDecision, int]
) -> None:
    draft, person_id = removed
    client.force_login(practitioner)
    url = reverse("decisions:people", kwargs={"decision_id": draft.pk})

    response = client.post(url, {"action": "add", "person": str(person_id)})

    assert response.status_code == 400
    assert errors.PERSON_JUST_REMOVED_MESSAGE in response.content.decode().replace("&#x27;", "'")
    assert not draft.people.exists()
    # Not a refusal of someone else's person: nothing for the access audit.
    assert not AuditEvent.objects.filter(action="audit.access_refused").exists()


def test_the_api_says_a_person_sent_was_just_removed(
    client: Any, practitioner: Any, removed: tuple[SharingDecision, int]
) -> None:
    draft, person_id = removed
    _, secret = create_api_token(actor=practitioner, name="test")

    response = client.patch(
        reverse("api-1:decision_update", kwargs={"decision_id": draft.pk}),
        data={"people": [person_id]},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["people"] == errors.PERSON_JUST_REMOVED_MESSAGE
    assert not draft.people.exists()


def test_a_person_never_recorded_by_the_organisation_is_still_refused_as_before(
    practitioner: Any, other_org: Any, removed: tuple[SharingDecision, int]
) -> None:
    draft, person_id = removed
    theirs = make_person(organisation=other_org)
    with pytest.raises(ValidationFailed) as refused:
        set_people(actor=practitioner, decision_id=draft.pk, add=[person_id, theirs.pk])
    assert refused.value.fields == {"people": "Choose people your organisation has recorded"}


# -- Two writes at once, in the order that deadlocked (PostgreSQL). ----------------------

#: How long the first write waits for the second to take the audit chain. With the lock
#: order the second never does while the first holds it, so the first waits this long.
WAIT = 1.5


def _locks(table: str) -> Callable[[str], bool]:
    """Picks a statement that locks rows of ``table`` (SELECT ... FOR UPDATE)."""
    return lambda sql: f'FROM "{table}"' in sql and "FOR UPDATE" in sql


takes_the_chain = _locks("audit_auditchainhead")


def _chain_begun() -> None:
    """The audit chain's head row, as there is once anything has been audited (before
    it is, a second writer finds no row to wait for, and waits on the first's insert)."""
    AuditChainHead.objects.get_or_create(id=1, defaults={"last_hash": GENESIS})


def _together(
    first: Callable[[], Any],
    second: Callable[[], Any],
    *,
    first_waits_after: Callable[[str], bool],
    second_goes_on_after: Callable[[str], bool] = takes_the_chain,
) -> list[Any]:
    """Runs the two writes in two threads, each on its own connection, started at once
    (a barrier): ``first`` runs up to its first statement that ``first_waits_after``
    picks, then waits (``WAIT`` at most) for ``second``, which starts then, to run its
    first statement that ``second_goes_on_after`` picks. Returns what each returned, or
    the exception it raised."""
    _chain_begun()
    barrier = threading.Barrier(2)
    first_paused, second_went_on = threading.Event(), threading.Event()
    results: list[Any] = [None, None]

    def first_hook(execute: Any, sql: str, *args: Any) -> Any:
        result = execute(sql, *args)
        if not first_paused.is_set() and first_waits_after(sql):
            first_paused.set()
            second_went_on.wait(WAIT)
        return result

    def second_hook(execute: Any, sql: str, *args: Any) -> Any:
        result = execute(sql, *args)
        if second_goes_on_after(sql):
            second_went_on.set()
        return result

    def second_action() -> Any:
        first_paused.wait(WAIT)
        return second()

    def run(index: int, action: Callable[[], Any], hook: Any) -> None:
        barrier.wait(timeout=10)
        try:
            with connection.execute_wrapper(hook):
                results[index] = action()
        except Exception as error:
            results[index] = error
        finally:
            first_paused.set()  # never leave the other waiting
            second_went_on.set()
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(0, first, first_hook)),
        threading.Thread(target=run, args=(1, second_action, second_hook)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _no_error_escaped(*results: Any, allowed: tuple[type[Exception], ...] = ()) -> None:
    escaped = [r for r in results if isinstance(r, Exception) and not isinstance(r, allowed)]
    assert escaped == []


@postgresql_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("change", ["role_ended", "organisation_edited"])
@pytest.mark.parametrize("insert", ["draft_started", "person_recorded"])
def test_an_organisation_changed_while_its_staff_record(
    change: str,
    insert: str,
    org_admin: Any,
    partnership_admin: Any,
    practitioner: Any,
    manager: Any,
    home_org: Any,
) -> None:
    """An administrator ends a role (or edits the organisation), locking the organisation,
    while a practitioner starts a draft (or a manager records a person) for it: a row whose
    foreign key to the organisation is checked at COMMIT."""
    leaver = cast(
        Membership,
        MembershipFactory(person=UserFactory(), organisation=home_org, role=Role.PRACTITIONER),
    )
    changes: dict[str, Callable[[], Any]] = {
        "role_ended": lambda: deactivate_membership(actor=org_admin, membership=leaver),
        "organisation_edited": lambda: update_organisation(
            actor=partnership_admin,
            organisation=home_org,
            name=home_org.name,
            sector=home_org.sector,
            identifier=home_org.identifier,
            countersign_required=not home_org.countersign_required,
        ),
    }
    inserts: dict[str, Callable[[], Any]] = {
        "draft_started": lambda: start_draft(actor=practitioner),
        "person_recorded": lambda: create_person(
            actor=manager,
            organisation_id=home_org.pk,
            given_name="Ottilie",
            family_name="Hartworth",
            date_of_birth=dt.date(2016, 2, 3),
        ),
    }

    results = _together(
        changes[change], inserts[insert], first_waits_after=_locks("partnerships_organisation")
    )

    _no_error_escaped(*results)
    if change == "role_ended":
        assert not Membership.objects.get(pk=leaver.pk).is_current
    assert SharingDecision.objects.count() + Person.objects.count() == 1


@pytest.fixture
def draft_and_person(practitioner: Any, home_org: Any) -> tuple[SharingDecision, Person]:
    draft, _ = start_draft(actor=practitioner)
    return draft, make_person(organisation=home_org, created_by=practitioner)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_person_corrected_while_a_colleague_adds_them_to_a_draft(
    practitioner: Any, manager: Any, draft_and_person: tuple[SharingDecision, Person]
) -> None:
    draft, person = draft_and_person

    results = _together(
        lambda: correct_person(
            actor=manager,
            person_id=person.pk,
            changes={"date_of_birth": dt.date(2014, 1, 1)},
            reason="Date of birth was typed wrongly",
        ),
        lambda: set_people(actor=practitioner, decision_id=draft.pk, add=[person.pk]),
        first_waits_after=_locks("decisions_person"),
    )

    _no_error_escaped(*results)
    person.refresh_from_db()
    assert person.date_of_birth == dt.date(2014, 1, 1)
    assert list(draft.people.all()) == [person]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_person_removed_while_a_colleague_adds_them_to_a_draft(
    practitioner: Any, manager: Any, draft_and_person: tuple[SharingDecision, Person]
) -> None:
    """The removal, which went first, is kept; the colleague is told the person has just
    been removed (never an IntegrityError on the people of the draft, nor a deadlock)."""
    draft, person = draft_and_person

    removal, added = _together(
        lambda: remove_person(actor=manager, person_id=person.pk, reason="Added twice"),
        lambda: set_people(actor=practitioner, decision_id=draft.pk, add=[person.pk]),
        first_waits_after=_locks("decisions_person"),
    )

    _no_error_escaped(removal, added, allowed=(ValidationFailed,))
    assert isinstance(added, ValidationFailed)
    assert added.fields == {"people": errors.PERSON_JUST_REMOVED_MESSAGE}
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not draft.people.exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_amendment_withdrawn_while_its_author_finalises_it(
    practitioner: Any, manager: Any, home_org: Any, other_org: Any
) -> None:
    """Withdrawing locks the final record, then the amendment; finalising locks the
    amendment, then changes the final record: the other way round. The withdrawal, which
    went first, is kept; finalising finds no amendment (never a deadlock)."""
    final = make_decision(
        author=practitioner,
        organisation=home_org,
        recipient_organisation=other_org,
        external_recipient="",
        people=[make_person(organisation=home_org)],
    )
    amendment, _ = amend_decision(actor=practitioner, decision_id=final.pk, reason="A typo")

    withdrawn, finalised = _together(
        lambda: withdraw_amendment(actor=manager, decision_id=final.pk),
        lambda: finalise_decision(actor=practitioner, decision_id=amendment.pk),
        first_waits_after=_locks("decisions_sharingdecision"),
        second_goes_on_after=_locks("decisions_sharingdecision"),
    )

    _no_error_escaped(withdrawn, finalised, allowed=(NotFound,))
    assert isinstance(finalised, NotFound)
    assert not SharingDecision.objects.filter(pk=amendment.pk).exists()
    final.refresh_from_db()
    assert final.status == Status.FINAL


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_same_person_recorded_three_times_at_once_is_recorded_once(
    practitioner: Any, manager: Any, home_org: Any
) -> None:
    """Three requests record the same child at once (a double press, two colleagues, a
    retry): each checks for a similar person before the others insert theirs. One is
    recorded; the others are refused as possible duplicates."""
    _chain_begun()
    at_the_insert = threading.Barrier(3)

    def insert_together(execute: Any, sql: str, *args: Any) -> Any:
        if sql.startswith('INSERT INTO "decisions_person"'):
            # Without a lock, all three have checked by now; with it, one waits in vain.
            with contextlib.suppress(threading.BrokenBarrierError):
                at_the_insert.wait(WAIT)
        return execute(sql, *args)

    results: list[Any] = [None] * 3
    start = threading.Barrier(3)

    def record_child(index: int, actor: Any) -> None:
        start.wait(timeout=10)
        try:
            with connection.execute_wrapper(insert_together):
                results[index] = create_person(
                    actor=actor,
                    organisation_id=home_org.pk,
                    given_name="Ottilie",
                    family_name="Hartworth",
                    date_of_birth=dt.date(2016, 2, 3),
                )
        except Exception as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=record_child, args=(index, actor))
        for index, actor in enumerate([practitioner, manager, practitioner])
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert Person.objects.filter(family_name="Hartworth").count() == 1
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 2
    assert all(isinstance(r, Conflict) and r.code == errors.DUPLICATE_PERSON for r in refused)


class SlowBackend(EmailBackend):
    """The in-memory backend, running ``while_sending`` (once) as it hands a message over:
    a mail server that takes its time."""

    while_sending: Callable[[], None] | None = None

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        action, SlowBackend.while_sending = SlowBackend.while_sending, None
        if action is not None:
            action()
        return super().send_messages(messages)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_author_saves_their_draft_while_its_reminder_is_being_sent(
    practitioner: Any, home_org: Any
) -> None:
    """A reminder's run holds its own lock while the mail server takes the email, not the
    draft's row nor the audit chain (which every write needs): the author, and everyone
    else, goes on writing meanwhile."""
    draft = make_decision(
        author=practitioner,
        organisation=home_org,
        status=Status.DRAFT,
        urgent=True,
        urgent_due_at=timezone.now() - dt.timedelta(hours=1),
        finalised_at=None,
        answers={"risk_of_significant_harm": "yes"},
    )
    saved: dict[str, Any] = {}

    def save_draft() -> None:
        try:
            saved["draft"] = update_draft(
                actor=practitioner, decision_id=draft.pk, changes={"purpose": "Plan support"}
            )
        except Exception as error:
            saved["error"] = error
        finally:
            connections.close_all()

    def while_sending() -> None:
        author = threading.Thread(target=save_draft)
        author.start()
        author.join(timeout=WAIT * 2)
        saved["while_sending"] = not author.is_alive()
        saved["thread"] = author

    SlowBackend.while_sending = while_sending
    try:
        with override_settings(EMAIL_BACKEND=f"{__name__}.SlowBackend"):
            assert send_urgent_reminder(decision_id=draft.pk) is True
    finally:
        SlowBackend.while_sending = None
    saved["thread"].join(timeout=30)
    assert saved.get("while_sending") is True
    assert "error" not in saved
    assert [message.to for message in mail.outbox] == [[practitioner.email]]
    draft.refresh_from_db()
    assert draft.purpose == "Plan support"
    assert draft.reminded_at is not None


# -- An uploaded file written to storage while the audit chain is held (PostgreSQL). ------

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _locked_elsewhere(table: str, row_id: int) -> bool:
    """Whether another transaction holds a lock on the row: ``FOR UPDATE NOWAIT`` from a
    connection of its own is refused (lock_not_available) instead of waiting."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("BEGIN")
            try:
                # The table is one of the test's own names, never input.
                sql = f'SELECT id FROM "{table}" WHERE id = %s FOR UPDATE NOWAIT'  # noqa: S608
                cursor.execute(sql, [row_id])
            except OperationalError as error:
                if getattr(error.__cause__, "sqlstate", None) != "55P03":  # lock_not_available
                    raise
                return True
            finally:
                cursor.execute("ROLLBACK")
            return False
    finally:
        other.close()


@dataclasses.dataclass
class StorageWatch:
    """Set ``row`` (table, id) to the row the upload belongs to; ``seen`` says, for each
    file written to storage, whether the audit chain's head and that row were locked
    meanwhile."""

    row: tuple[str, int] = ("", 0)
    seen: list[dict[str, bool]] = dataclasses.field(default_factory=list)


@pytest.fixture
def storing(monkeypatch: Any, settings: Any, tmp_path: Path) -> StorageWatch:
    settings.MEDIA_ROOT = tmp_path
    _chain_begun()
    watch = StorageWatch()
    original = FileSystemStorage._save  # type: ignore[attr-defined]

    def _save(storage: FileSystemStorage, name: str, content: Any) -> str:
        watch.seen.append(
            {
                "chain": _locked_elsewhere("audit_auditchainhead", 1),
                "row": _locked_elsewhere(*watch.row),
            }
        )
        return cast(str, original(storage, name, content))

    monkeypatch.setattr(FileSystemStorage, "_save", _save)
    return watch


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_agreement_document_is_stored_holding_no_lock(
    storing: StorageWatch, senior_lead: Any, home_org: Any
) -> None:
    """An upload (up to 10 MB) is written to storage before the audit chain and the
    agreement are locked, so that every other write goes on meanwhile (the chain is
    needed by all of them)."""
    agreement = make_agreement(lead_organisation=home_org, owner=senior_lead)
    storing.row = ("agreements_agreement", agreement.pk)

    document = upload_document(
        actor=senior_lead, agreement_id=agreement.pk, upload=SimpleUploadedFile("a.pdf", PDF)
    )

    assert storing.seen == [{"chain": False, "row": False}]
    with document.file.open("rb") as stored:
        assert stored.read() == PDF
    assert AuditEvent.objects.filter(action="agreements.document_uploaded").count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_policy_pdf_is_stored_holding_no_lock(
    storing: StorageWatch, advisor: Any, home_org: Any
) -> None:
    policy = make_policy(
        organisation=home_org, owner=advisor, status=PolicyStatus.DRAFT, published_at=None
    )
    storing.row = ("governance_policy", policy.pk)

    changed = update_policy(
        actor=advisor,
        policy_id=policy.pk,
        title=policy.title,
        kind=policy.kind,
        body="",
        document=SimpleUploadedFile("p.pdf", PDF),
        review_date=timezone.localdate() + dt.timedelta(days=365),
    )

    assert storing.seen == [{"chain": False, "row": False}]
    with changed.document.open("rb") as stored:
        assert stored.read() == PDF
    assert AuditEvent.objects.filter(action="governance.policy_changed").count() == 1
