from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from infoshare.core.access import memberships_of
from infoshare.core.api import ERRORS

router = Router(tags=["people"])


class RoleOut(Schema):
    role: str
    organisation_id: int


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    roles: list[RoleOut]


@router.get(
    "me", response={200: MeOut, **ERRORS}, url_name="me", summary="The authenticated person"
)
def me(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.user
    roles = [{"role": role, "organisation_id": org} for role, org, _ in memberships_of(user)]
    return {"id": user.pk, "email": user.email, "full_name": user.full_name, "roles": roles}
