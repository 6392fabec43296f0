"""``record`` is the one way an audit event is written (architecture pattern 9).

Call it inside the same transaction as the change it describes: if the change
rolls back, so does its event. ``lock_chain``, ``for_change`` and ``lock_job`` keep the
lock order that ``record`` needs (the chain, then rows: docs/architecture.md)."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Manager, Model, QuerySet
from django.utils import timezone

from infoshare.audit.chain import GENESIS, compute_hash
from infoshare.audit.models import AuditChainHead, AuditEvent
from infoshare.core.context import client_address_var, request_id_var

_M = TypeVar("_M", bound=Model)


def _locked_head() -> AuditChainHead:
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        id=1, defaults={"last_hash": GENESIS}
    )
    return head


def lock_chain() -> None:
    """Takes the audit chain's lock (its one head row) until the caller's transaction ends.

    The lock order (docs/architecture.md, "Lock order"): a transaction that will lock or
    change existing rows takes the chain first, then its rows, so that writers queue on the
    chain rather than deadlock. Every write takes the chain anyway, last, in ``record``;
    one that had locked a row before it would wait there for a transaction that holds the
    chain and, at its COMMIT, needs that row (PostgreSQL checks the deferred foreign keys
    then, taking KEY SHARE on the rows they refer to). Raises outside a transaction."""
    _locked_head()


def for_change(rows: QuerySet[_M] | Manager[_M], **lock: Any) -> QuerySet[_M]:
    """``rows.select_for_update(**lock)`` (``of=``, ``no_key=``...) after taking the audit
    chain's lock (``lock_chain``), at once: the only way rows are locked for a change."""
    lock_chain()
    return rows.select_for_update(**lock)


def lock_job(name: str, object_id: int) -> None:
    """A job's own lock on one object until the caller's transaction ends, for slow work
    that must not be done twice at once (handing a reminder to the mail server): a second
    run waits for the first to commit, then finds the work done. It is neither the chain
    nor a row, so the job holds neither while the mail server answers and every other
    write goes on; it takes the chain (``lock_chain``), then its rows, only to record the
    work done. A PostgreSQL advisory lock; nothing on SQLite, which runs one writing
    transaction at a time anyway. Raises outside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("lock_job needs a transaction")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"{name}:{object_id}"]
            )


def _label_of(actor: Any) -> str:
    """ "Full Name <email>", so that auditors can search by either."""
    email = str(getattr(actor, "email", "") or "")
    name = str(getattr(actor, "full_name", "") or "").strip()
    return f"{name} <{email}>" if name and email else name or email


def record(
    *,
    action: str,
    actor: Any = None,
    organisation_id: int | None = None,
    obj: Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    data: dict[str, Any] | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Appends one event to the chain. ``actor`` is a user or None (the system)."""
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_id = object_id or str(obj.pk)
    actor_id = getattr(actor, "pk", None) if actor is not None else None
    if actor is not None and not actor_label:
        actor_label = _label_of(actor)
    # Round-trip the JSON so that the hash is computed over what the database gives back:
    # keys become strings (and sort as strings), dates, decimals, UUIDs and lazy text
    # become text, tuples lists. Hashing the original would make an intact event fail.
    data = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))
    # Inside the change's own transaction no savepoint is needed: if writing the event fails,
    # the change must not commit without it, so the whole transaction rolls back.
    with transaction.atomic(savepoint=False):
        head = _locked_head()
        fields: dict[str, Any] = {
            "occurred_at": timezone.now(),
            "actor_id": actor_id,
            "actor_label": actor_label[:254],
            "organisation_id": organisation_id,
            "action": str(action),
            "object_type": object_type,
            "object_id": str(object_id),
            "request_id": request_id_var.get(),
            "client_address": client_address_var.get(),
            "data": data,
        }
        event = AuditEvent(prev_hash=head.last_hash, **fields)
        event.hash = compute_hash(head.last_hash, fields)
        event.save()
        head.last_hash = event.hash
        head.count += 1
        head.save(update_fields=["last_hash", "count"])
    return event


def record_export(
    *, actor: Any, filters: dict[str, Any], rows: int, up_to_event_id: int | None
) -> AuditEvent:
    """An auditor exported events: who did, with which filter, how many rows the export
    held and the newest event among them (``selectors.as_it_stands``: it holds the events
    matching the filter up to that one), so that the export can be repeated and an
    auditor can tell later exactly what it contained."""
    from infoshare.audit.audit import Action

    data = {"filter": filters, "rows": rows, "up_to_event_id": up_to_event_id}
    return record(action=Action.EXPORTED, actor=actor, data=data)
