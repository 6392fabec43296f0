"""Information sharing agreements: protocols and data sharing agreements between
organisations of a partnership (and named external parties).

An agreement is a record of how organisations have agreed to share routinely. It is
never a precondition for sharing (product.md principle 2): nothing here is read by the
decision rules."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from infoshare.partnerships.models import Organisation, Partnership

#: Agreements due for review within this many days appear on their owners' home pages.
REVIEW_WINDOW_DAYS = 60

TITLE_MAX = 200
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 4000


class Kind(models.TextChoices):
    OVERARCHING_PROTOCOL = "overarching_protocol", "Overarching information sharing protocol"
    DATA_SHARING_AGREEMENT = "data_sharing_agreement", "Data sharing agreement for a purpose"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_SIGNATURE = "awaiting_signature", "Awaiting signature"
    ACTIVE = "active", "Active"
    UNDER_REVIEW = "under_review", "Under review"
    EXPIRED = "expired", "Expired"
    WITHDRAWN = "withdrawn", "Withdrawn"
    SUPERSEDED = "superseded", "Superseded by a newer version"


#: Statuses in which an agreement is in force (an overdue review does not end it).
IN_FORCE = (Status.ACTIVE, Status.UNDER_REVIEW)
STATUS_TAGS: dict[str, str] = {
    Status.DRAFT: "govuk-tag--grey",
    Status.AWAITING_SIGNATURE: "govuk-tag--blue",
    Status.ACTIVE: "govuk-tag--green",
    Status.UNDER_REVIEW: "govuk-tag--yellow",
    Status.EXPIRED: "govuk-tag--red",
    Status.WITHDRAWN: "govuk-tag--red",
    Status.SUPERSEDED: "govuk-tag--grey",
}
#: Statuses of a version still being prepared.
IN_PREPARATION = (Status.DRAFT, Status.AWAITING_SIGNATURE)


class Agreement(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="agreements"
    )
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="led_agreements"
    )
    title = models.CharField(max_length=TITLE_MAX)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    purpose = models.TextField(max_length=LONG_TEXT_MAX)
    data_items = models.TextField(max_length=LONG_TEXT_MAX, blank=True)
    lawful_bases = models.JSONField(default=list, blank=True)
    retention = models.TextField(max_length=LONG_TEXT_MAX, blank=True)
    security_arrangements = models.TextField(max_length=LONG_TEXT_MAX, blank=True)
    privacy_information = models.TextField(max_length=LONG_TEXT_MAX, blank=True)
    start_date = models.DateField(null=True, blank=True)
    review_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_versions"
    )
    #: Shared by every version of one agreement, so that its history is one query.
    series = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_agreements"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    activated_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(max_length=LONG_TEXT_MAX, blank=True)
    last_reminded_on = models.DateField(null=True, blank=True)
    #: The API's Idempotency-Key: the same key from the same person gives the same draft.
    idempotency_key = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["title", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="agreement_unique_idempotency_key",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="agreement_version_from_1"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="agreement_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["partnership", "status"]),
            models.Index(fields=["status", "review_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    @property
    def is_in_force(self) -> bool:
        return self.status in IN_FORCE

    @property
    def status_tag(self) -> str:
        """The GOV.UK tag modifier for the status."""
        return STATUS_TAGS.get(self.status, "govuk-tag--grey")

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    def review_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_in_force and self.review_date is not None and self.review_date < today

    def review_due(self, today: dt.date | None = None) -> bool:
        """In force and due for review within the window (or already overdue)."""
        today = today or timezone.localdate()
        if not self.is_in_force or self.review_date is None:
            return False
        return self.review_date <= today + dt.timedelta(days=REVIEW_WINDOW_DAYS)

    @property
    def lawful_basis_labels(self) -> list[str]:
        from infoshare.agreements.lawful_bases import label_for

        return [label_for(code) for code in self.lawful_bases or []]


class AgreementParty(models.Model):
    """An organisation of the partnership, or a named external party, to an agreement.

    Each party has a named signatory: for an organisation, a senior lead or advisor of
    it who signs in the service; for an external party, a named person whose signature
    the agreement's owner records (for example from a signed copy)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_parties",
    )
    external_party_name = models.CharField(max_length=SHORT_TEXT_MAX, blank=True)
    contact_name = models.CharField(max_length=SHORT_TEXT_MAX, blank=True)
    contact_email = models.EmailField(max_length=254, blank=True)
    signatory = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_signatures",
    )
    external_signatory_name = models.CharField(max_length=SHORT_TEXT_MAX, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    refused_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(max_length=LONG_TEXT_MAX, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(organisation__isnull=False) & Q(external_party_name=""))
                | (Q(organisation__isnull=True) & ~Q(external_party_name="")),
                name="party_is_organisation_or_external",
            ),
            models.UniqueConstraint(
                fields=["agreement", "organisation"],
                condition=Q(organisation__isnull=False),
                name="party_unique_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.organisation.name if self.organisation_id else self.external_party_name  # type: ignore[union-attr]

    @property
    def is_external(self) -> bool:
        return self.organisation_id is None

    @property
    def signatory_label(self) -> str:
        if self.signatory_id:
            return str(self.signatory)
        return self.external_signatory_name

    @property
    def has_signatory(self) -> bool:
        return bool(self.signatory_id) or (self.is_external and bool(self.external_signatory_name))


def document_path(instance: AgreementDocument, filename: str) -> str:
    """Under MEDIA_ROOT/agreements (outside the web root), with a random name."""
    from pathlib import Path

    suffix = Path(filename).suffix.lower()
    return f"agreements/{instance.agreement_id}/{uuid.uuid4().hex}{suffix}"


class AgreementDocument(models.Model):
    """A signed copy or annex. Served only through the access-checked download view."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=document_path, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
