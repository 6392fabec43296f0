"""Governance: position statements, policies and procedures, acknowledgements,
partnership common standards and their adoption, and the Children and Young
People's Plan information-sharing priorities.

The fact sheet "Embedding information sharing" asks each organisation to state its
position on information sharing and build it into governance and policies, and asks
the partnership board (the Children's Trust Board) to establish common policies and
standards across all organisations.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from infoshare.partnerships.models import Organisation, Partnership

TITLE_MAX = 200
BODY_MAX = 20000
REASON_MAX = 2000
PDF_MAX_BYTES = 10 * 1024 * 1024


class StatementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    #: Published with an effective date still to come. It takes effect on that date by
    #: itself: which version is in force is worked out from the dates
    #: (``selectors.in_force_on``), so nothing has to run on the day.
    SCHEDULED = "scheduled", "Scheduled"
    SUPERSEDED = "superseded", "Superseded"
    #: A scheduled version that a later publication replaced before its date: never in force.
    REPLACED = "replaced", "Replaced before it took effect"


class PositionStatement(models.Model):
    """One version of an organisation's senior-management position on information
    sharing (toolkit objective 1, "Champion": a clear senior-management position).
    Published versions are never edited: a new version supersedes the previous one.

    A version published with a future effective date is ``scheduled``: the published
    version stays in force until that date, then the scheduled one is in force (worked
    out from the dates; the stored statuses catch up at the next publication)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="position_statements"
    )
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=TITLE_MAX)
    body = models.TextField(help_text="Plain text; blank lines separate paragraphs")
    effective_date = models.DateField()
    status = models.CharField(
        max_length=20, choices=StatementStatus.choices, default=StatementStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    #: The publish page's own key (``core.page_keys``): the same page sent twice by the
    #: same person publishes one version.
    idempotency_key = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["organisation__name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["published_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="statement_unique_idempotency_key",
            ),
            models.UniqueConstraint(
                fields=["organisation", "version"], name="statement_unique_version"
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status="published"),
                name="statement_one_published",
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status="scheduled"),
                name="statement_one_scheduled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"


class PolicyLevel(models.TextChoices):
    ORGANISATION = "organisation", "Organisation"
    PARTNERSHIP = "partnership", "Partnership"


class PolicyKind(models.TextChoices):
    POLICY = "policy", "Policy"
    PROCEDURE = "procedure", "Procedure"


class PolicyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


def policy_upload_to(instance: Any, filename: str) -> str:
    """A random name under MEDIA_ROOT/policies: the person's file name is never a path."""
    return f"policies/{uuid.uuid4().hex}.pdf"


class Policy(models.Model):
    """One version of a policy or procedure, at organisation or partnership level
    (toolkit objective 3: principles built into governance and policies).

    The text is either ``body`` (plain text with paragraphs) or an uploaded PDF in
    ``document``, served only through the access-checked download page. A change to a
    published policy is a new version pointing at ``previous``; publishing it retires
    the previous version."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="policies")
    level = models.CharField(max_length=20, choices=PolicyLevel.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="policies"
    )
    title = models.CharField(max_length=TITLE_MAX)
    kind = models.CharField(max_length=20, choices=PolicyKind.choices, default=PolicyKind.POLICY)
    body = models.TextField(blank=True)
    document = models.FileField(upload_to=policy_upload_to, blank=True, max_length=200)
    document_name = models.CharField(max_length=200, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    review_date = models.DateField()
    status = models.CharField(
        max_length=20, choices=PolicyStatus.choices, default=PolicyStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: The new-policy page's own key (``core.page_keys``): the same page sent twice by the
    #: same person makes one draft.
    idempotency_key = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["title", "-version"]
        verbose_name_plural = "policies"
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="policy_unique_idempotency_key",
            ),
            models.CheckConstraint(
                condition=(Q(level="organisation") & Q(organisation__isnull=False))
                | (Q(level="partnership") & Q(organisation__isnull=True)),
                name="policy_level_matches_organisation",
            ),
            models.CheckConstraint(
                condition=~Q(body="") | ~Q(document=""), name="policy_has_text_or_document"
            ),
        ]
        indexes = [models.Index(fields=["partnership", "status"])]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    @property
    def is_review_overdue(self) -> bool:
        return self.review_date < timezone.localdate()

    @property
    def has_document(self) -> bool:
        return bool(self.document)


class Acknowledgement(models.Model):
    """A person confirms they have read one version of a position statement or policy.
    Exactly one of the two documents is set; one acknowledgement per person per version."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    position_statement = models.ForeignKey(
        PositionStatement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="acknowledgements",
    )
    policy = models.ForeignKey(
        Policy, on_delete=models.PROTECT, null=True, blank=True, related_name="acknowledgements"
    )
    acknowledged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(position_statement__isnull=False) & Q(policy__isnull=True))
                | (Q(position_statement__isnull=True) & Q(policy__isnull=False)),
                name="ack_exactly_one_document",
            ),
            models.UniqueConstraint(
                fields=["person", "position_statement"],
                condition=Q(position_statement__isnull=False),
                name="ack_unique_statement",
            ),
            models.UniqueConstraint(
                fields=["person", "policy"],
                condition=Q(policy__isnull=False),
                name="ack_unique_policy",
            ),
        ]

    def __str__(self) -> str:
        return f"Acknowledgement {self.pk}"


class StandardStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class CommonStandard(models.Model):
    """A common policy or standard the partnership board sets for all its organisations."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="common_standards"
    )
    title = models.CharField(max_length=TITLE_MAX)
    description = models.TextField()
    status = models.CharField(
        max_length=20, choices=StandardStatus.choices, default=StandardStatus.PUBLISHED
    )
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "title"], name="standard_unique_title")
        ]

    def __str__(self) -> str:
        return self.title


class AdoptionStatus(models.TextChoices):
    ADOPTED = "adopted", "Adopted"
    ADOPTING = "adopting", "Adopting"
    NOT_ADOPTED = "not_adopted", "Not adopted"


class StandardAdoption(models.Model):
    """Where one organisation stands on one common standard. Adopting needs a target
    date; not adopting needs a reason."""

    standard = models.ForeignKey(CommonStandard, on_delete=models.PROTECT, related_name="adoptions")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="standard_adoptions"
    )
    status = models.CharField(max_length=20, choices=AdoptionStatus.choices)
    target_date = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "organisation"], name="adoption_unique_per_org"
            ),
            models.CheckConstraint(
                condition=~Q(status="adopting") | Q(target_date__isnull=False),
                name="adoption_adopting_has_target_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="not_adopted") | ~Q(reason=""),
                name="adoption_not_adopted_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.standard}: {self.get_status_display()}"


class PlanPriority(models.Model):
    """An information-sharing priority of the partnership's Children and Young
    People's Plan.

    Link point: later toolkit change-plan actions will link to these priorities with
    a ``ForeignKey("governance.PlanPriority", null=True, related_name="actions")`` on
    the toolkit's action model. The toolkit sits above governance in the layers, so
    the link lives there and this model needs no change."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="plan_priorities"
    )
    title = models.CharField(max_length=TITLE_MAX)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["order", "id"]
        verbose_name_plural = "plan priorities"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "title"], name="priority_unique_title")
        ]

    def __str__(self) -> str:
        return self.title
