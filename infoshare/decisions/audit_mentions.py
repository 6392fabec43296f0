"""What the audit trail's "person or record shown" search (``audit.mentions``) asks of
the decision records, registered at start-up (the audit app sits below this one): the
records about a person, and the versions of a record, as subqueries, so that the search
stays one query however many records or events there are."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, CharField, F, QuerySet, Value, When
from django.db.models.functions import Cast, Concat

from infoshare.decisions.models import SharingDecision

#: A record's label as the lists store it (``models.decision.decision_label``): the
#: reference for the first version, "ISD-2026-000005 (version 2)" for a later one.
LABEL = Case(
    When(version=1, then=F("reference")),
    default=Concat(
        F("reference"),
        Value(" (version "),
        Cast("version", CharField()),
        Value(")"),
        output_field=CharField(),
    ),
    output_field=CharField(),
)


def _ids(records: QuerySet[SharingDecision]) -> Any:
    """The ids as the audit trail stores an object's id: text."""
    return records.order_by().annotate(id_text=Cast("pk", CharField())).values("id_text")


def _about(person_id: int) -> QuerySet[SharingDecision]:
    return SharingDecision.objects.filter(people=person_id)


class RecordMentions:
    """The decisions app's ``audit.mentions.RecordSource``."""

    object_type = SharingDecision._meta.label

    def version_ids(self, reference: str, version: int | None) -> Any:
        records = SharingDecision.objects.filter(reference=reference)
        if version is not None:
            records = records.filter(version=version)
        return _ids(records)

    def ids_about(self, person_id: int) -> Any:
        return _ids(_about(person_id))

    def labels_about(self, person_id: int) -> Any:
        return _about(person_id).order_by().annotate(label_text=LABEL).values("label_text")
