"""Answers the access registry's question: which roles does this person hold, and where?"""

from __future__ import annotations

from collections.abc import Iterable

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
