"""Exports are audited: who exported what, with which filter."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Model

from infoshare.audit.services import record
from infoshare.decisions.audit import Action


def record_export(
    *,
    actor: Any,
    kind: str,
    organisation_id: int | None,
    count: int,
    filters: dict[str, Any] | None = None,
    obj: Model | None = None,
) -> None:
    with transaction.atomic():
        record(
            action=Action.EXPORTED,
            actor=actor,
            organisation_id=organisation_id,
            obj=obj,
            data={"kind": kind, "count": count, "filters": filters or {}},
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
