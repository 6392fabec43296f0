"""Exports are audited: who exported what, with which filter."""

from __future__ import annotations

from collections.abc import Sequence
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
    counts: dict[int, int],
    filters: dict[str, Any] | None = None,
) -> None:
    """An export of several organisations' records: one event for each organisation,
    with how many of its records went out, so that each organisation's audit shows its
    own (as ``selectors.decisions.record_listed`` does for lists); in one transaction."""
    with transaction.atomic():
        for organisation_id, count in sorted(counts.items()):
            record(
                action=Action.EXPORTED,
                actor=actor,
                organisation_id=organisation_id,
                data={"kind": kind, "count": count, "filters": filters or {}},
            )
