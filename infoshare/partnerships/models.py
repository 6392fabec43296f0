"""Partnership (the board's scope) → Organisation → Team; people hold Memberships."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from infoshare.core.roles import Role


class Sector(models.TextChoices):
    CHILDRENS_SERVICES = "childrens_services", "Council children's services"
    SCHOOL = "school", "School or college"
    HEALTH_TRUST = "health_trust", "Health trust"
    GP_PRACTICE = "gp_practice", "GP practice"
    POLICE = "police", "Police"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    VOLUNTARY = "voluntary", "Voluntary and community sector"
    OTHER = "other", "Other"


class Partnership(models.Model):
    name = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="organisations"
    )
    name = models.CharField(max_length=200)
    sector = models.CharField(max_length=40, choices=Sector.choices)
    identifier = models.CharField(
        max_length=20, blank=True, help_text="ODS code, school URN or similar (optional)"
    )
    is_active = models.BooleanField(default=True)
    countersign_required = models.BooleanField(
        default=False, help_text="Local policy: managers countersign decision records"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="org_unique_name"),
            models.UniqueConstraint(
                fields=["partnership", "identifier"],
                condition=~Q(identifier=""),
                name="org_unique_identifier",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self, on: dt.date | None = None) -> MembershipQuerySet:
        on = on or timezone.localdate()
        return self.filter(
            Q(starts_on__lte=on),
            Q(ends_on__isnull=True) | Q(ends_on__gt=on),
            person__is_active=True,
        )


class Membership(models.Model):
    """A person's role in one organisation, for a period. A person may have several."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "role"],
                condition=Q(ends_on__isnull=True),
                name="membership_unique_open_role",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} at {self.organisation}"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.starts_on <= today and (self.ends_on is None or self.ends_on > today)


class Invitation(models.Model):
    """A one-time link that lets an invited person set their password."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # When an administrator sent a new invitation in its place (the link then expires at
    # once); the page tells whoever opens it to use the newer one.
    replaced_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Invitation for {self.person}"

    @property
    def by_set_up(self) -> bool:
        """Sent by Infoshare's set-up (``manage.py create_partnership``) to a new
        partnership's first administrator, not by an administrator: ``invited_by`` cannot
        be empty, so it names the person themselves, which no administrator's invitation
        does (an administrator never invites their own account)."""
        return self.invited_by_id == self.person_id

    @property
    def is_usable(self) -> bool:
        return (
            self.used_at is None and self.replaced_at is None and self.expires_at > timezone.now()
        )


class StaffImport(models.Model):
    """One uploaded HR export (CSV): its parsed rows, their problems and the outcome.

    Rows are kept as data so the preview, the import and the status page all read the
    same thing; the import itself is one transaction (all rows or none)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be imported"
        IMPORTED = "imported", "Imported"
        FAILED = "failed", "Failed"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="staff_imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    filename = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    rows = models.JSONField(default=list, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    send_invitations = models.BooleanField(default=False)
    finished_at = models.DateTimeField(null=True, blank=True)
    failure_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Staff import {self.pk} for {self.organisation}"

    @property
    def problem_count(self) -> int:
        return int(self.summary.get("problems", 0))

    @property
    def can_import(self) -> bool:
        return (
            self.status == self.Status.PENDING and self.problem_count == 0 and self.total_rows > 0
        )
