"""A person the information is about: minimal identifiers only (data minimisation)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from infoshare.decisions.validators import validate_nhs_number
from infoshare.partnerships.models import Organisation

NAME_MAX = 100
REFERENCE_MAX = 50


class RoleInCase(models.TextChoices):
    CHILD = "child", "Child or young person"
    PARENT = "parent", "Parent"
    CARER = "carer", "Carer"
    OTHER = "other", "Other"


class Person(models.Model):
    """A child, parent or carer, recorded by one organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="people_recorded"
    )
    given_name = models.CharField(max_length=NAME_MAX)
    family_name = models.CharField(max_length=NAME_MAX)
    date_of_birth = models.DateField(null=True, blank=True)
    local_reference = models.CharField(max_length=REFERENCE_MAX, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True, validators=[validate_nhs_number])
    role_in_case = models.CharField(
        max_length=10, choices=RoleInCase.choices, default=RoleInCase.CHILD
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nhs_number="") | Q(nhs_number__regex=r"^[0-9]{10}$"),
                name="person_nhs_number_ten_digits",
            ),
            models.CheckConstraint(
                condition=Q(role_in_case__in=RoleInCase.values), name="person_role_in_case_valid"
            ),
            models.CheckConstraint(
                condition=~Q(given_name="") & ~Q(family_name=""), name="person_has_a_name"
            ),
            models.UniqueConstraint(
                fields=["organisation", "nhs_number"],
                condition=~Q(nhs_number=""),
                name="person_unique_nhs_number",
            ),
        ]
        indexes = [
            models.Index(
                "organisation", Lower("family_name"), Lower("given_name"), name="person_name"
            ),
            models.Index(fields=["organisation", "date_of_birth"], name="person_dob"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"
