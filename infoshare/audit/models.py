"""The audit trail: append-only events chained with HMAC-SHA256 hashes, keyed with
``AUDIT_CHAIN_KEY`` (kept outside the database; see ``audit.chain``).

Users and organisations are named by id and label only, so that this app sits
below every other (see docs/architecture.md, layers)."""

from __future__ import annotations

from django.db import models


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_label = models.CharField(max_length=254, blank=True)
    organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    client_address = models.CharField(max_length=45, blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return (
            f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"
        )


class AuditChainHead(models.Model):
    """One row holding the hash of the newest event. Writers lock it, so events
    are chained one at a time even under concurrent requests."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64)
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_single_head")]

    def __str__(self) -> str:
        return f"audit chain head ({self.count} events)"
