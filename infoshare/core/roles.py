"""The eight roles of product.md. Kept in core because every layer names them."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    MANAGER = "manager", "Manager"
    ADVISOR = "advisor", "Information sharing advisor"
    SENIOR_LEAD = "senior_lead", "Senior lead"
    ORG_ADMIN = "org_admin", "Organisation administrator"
    BOARD_MEMBER = "board_member", "Partnership board member"
    PARTNERSHIP_ADMIN = "partnership_admin", "Partnership administrator"
    AUDITOR = "auditor", "Auditor"


#: Roles whose scope is the whole partnership, not only the organisation of the membership.
PARTNERSHIP_ROLES: frozenset[str] = frozenset(
    {Role.BOARD_MEMBER, Role.PARTNERSHIP_ADMIN, Role.AUDITOR}
)
ALL_ROLES: frozenset[str] = frozenset(Role.values)
