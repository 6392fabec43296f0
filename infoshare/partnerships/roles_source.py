"""Answers the access registry's question (which roles does this person hold, and
where?) and the audit trail's (which organisations and people belong to a partnership?)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from infoshare.accounts.models import User
from infoshare.partnerships.models import Membership, Organisation


class MembershipRoleSource:
    def roles_of(self, user: object) -> Iterable[tuple[str, int, int]]:
        pk = getattr(user, "pk", None)
        if pk is None:
            return []
        return list(
            Membership.objects.active()
            .filter(person_id=pk, organisation__is_active=True)
            .values_list("role", "organisation_id", "organisation__partnership_id")
        )

    def organisation_in_partnership(self, org_id: int, partnership_id: int) -> bool:
        return Organisation.objects.filter(pk=org_id, partnership_id=partnership_id).exists()


class AuditScopeSource:
    """Answers the audit trail's question: which organisations and people belong to these
    partnerships? (``infoshare.audit.scope``). Each answer is a subquery, so the auditor's
    list costs one query however many organisations and people there are. A person counts
    if they ever had a role there, so their earlier sign-ins stay visible after they leave."""

    def organisation_ids(self, partnership_ids: list[int]) -> Any:
        return Organisation.objects.filter(partnership_id__in=partnership_ids).values("pk")

    def organisation_names(self, partnership_ids: list[int]) -> list[tuple[int, str, str]]:
        return list(
            Organisation.objects.filter(partnership_id__in=partnership_ids)
            .order_by()
            .values_list("pk", "name", "partnership__name")
        )

    def member_ids(self, partnership_ids: list[int]) -> Any:
        return Membership.objects.filter(organisation__partnership_id__in=partnership_ids).values(
            "person_id"
        )

    def member_emails(self, partnership_ids: list[int]) -> Any:
        return User.objects.filter(
            memberships__organisation__partnership_id__in=partnership_ids
        ).values("email")
