"""Exports are audited: who exported what, with which filter."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Model

from infoshare.audit.services import record
from infoshare.decisions.audit import Action
from infoshare.decisions.selectors.decisions import Listed


def record_export(
    *,
    actor: Any,
    kind: str,
    organisation_id: int | None,
    count: int,
    filters: dict[str, Any] | None = None,
    obj: Model | None = None,
    records: Sequence[Listed] | None = None,
) -> None:
    """``records``: the records that went out (a subject access export: every version
    about the person), named by label under ``records`` as a list's event names them, so
    that the audit trail's search for a record finds the export."""
    data: dict[str, Any] = {"kind": kind, "count": count, "filters": filters or {}}
    if records is not None:
        data["records"] = [decision.label for decision in records]
    with transaction.atomic():
        record(
            action=Action.EXPORTED,
            actor=actor,
            organisation_id=organisation_id,
            obj=obj,
            data=data,
        )


def record_exports(
    *,
    actor: Any,
    kind: str,
    organisation_ids: Iterable[int],
    records: Sequence[Listed],
    filters: dict[str, Any] | None = None,
) -> None:
    """An export of several organisations' records: one event for each organisation in
    ``organisation_ids`` (those whose records it could hold, none found included), with
    how many of its ``records`` went out and which, named by label under ``records`` as a
    list's event names them (``selectors.decisions.record_listed``), so that each
    organisation's audit shows its own and the audit trail's search for a record finds the
    export; in one transaction. Labels only: no query for each record."""
    exported: dict[int, list[str]] = {organisation_id: [] for organisation_id in organisation_ids}
    for decision in records:
        exported.setdefault(decision.organisation_id, []).append(decision.label)
    with transaction.atomic():
        for organisation_id, labels in sorted(exported.items()):
            record(
                action=Action.EXPORTED,
                actor=actor,
                organisation_id=organisation_id,
                data={
                    "kind": kind,
                    "count": len(labels),
                    "filters": filters or {},
                    "records": labels,
                },
            )


def record_subject_access(
    *, actor: Any, person: Model, held: Mapping[int, Sequence[Listed]]
) -> None:
    """A subject access export about ``person``: one event for each organisation whose
    holdings it covered (``held``: the records each holds, by organisation id), naming
    them (``record_export``), so that each organisation's audit shows what of its own
    went out; in one transaction."""
    with transaction.atomic():
        for organisation_id, records in sorted(held.items()):
            record_export(
                actor=actor,
                kind="subject_access",
                organisation_id=organisation_id,
                count=len(records),
                obj=person,
                records=records,
            )
