"""The access registry: one rule for every URL name, deny by default.

Each app declares its rules in ``<app>/access.py`` and registers them from its
``AppConfig.ready``. :class:`AccessMiddleware` looks up the rule of the resolved
URL before any view runs; a route without a rule is refused (and the test in
``tests/test_url_access_coverage.py`` fails the build).

Organisation scope: ``in_organisation`` is for URLs that carry an ``org_id`` keyword
argument; the person must hold an allowed role *in that organisation*, or an allowed
partnership-wide role (board member, partnership admin, auditor) in the same
partnership. On a URL without ``org_id`` it refuses everyone (and the coverage test
fails the build). ``in_any_organisation`` is for URLs without ``org_id`` that need one
of the roles in *some* organisation: the middleware checks only that, and the
selectors decide which organisation's records the person sees.
Finer checks on single objects live in each app's selectors, which return
not-found for both "missing" and "not yours".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


class Scope(StrEnum):
    PUBLIC = "public"  # anyone, signed in or not
    SIGNED_IN = "signed_in"  # any signed-in person, whatever their roles
    ORGANISATION = "organisation"  # an allowed role in the organisation of the URL (org_id)
    # An allowed role in some organisation; the URL has no org_id, the selectors scope.
    ANY_ORGANISATION = "any_organisation"
    PARTNERSHIP = "partnership"  # an allowed role anywhere in the partnership


#: Scopes whose rules name the roles they allow.
ROLE_SCOPES = (Scope.ORGANISATION, Scope.ANY_ORGANISATION, Scope.PARTNERSHIP)


@dataclass(frozen=True)
class Rule:
    scope: Scope
    roles: frozenset[str] = field(default_factory=frozenset)
    #: Pages used while signing in or setting up MFA may be reached before MFA is set up.
    before_mfa: bool = False

    def __post_init__(self) -> None:
        needs_roles = self.scope in ROLE_SCOPES
        if needs_roles and not self.roles:
            raise ValueError("an organisation or partnership rule must name its roles")


def public() -> Rule:
    return Rule(Scope.PUBLIC)


def signed_in(*, before_mfa: bool = False) -> Rule:
    return Rule(Scope.SIGNED_IN, before_mfa=before_mfa)


def in_organisation(*roles: str) -> Rule:
    """One of ``roles`` in the URL's organisation (its ``org_id``)."""
    return Rule(Scope.ORGANISATION, frozenset(roles))


def in_any_organisation(*roles: str) -> Rule:
    """One of ``roles`` in some organisation, for a URL without ``org_id``: the
    selectors scope the records to the organisations where the person holds them."""
    return Rule(Scope.ANY_ORGANISATION, frozenset(roles))


def in_partnership(*roles: str) -> Rule:
    return Rule(Scope.PARTNERSHIP, frozenset(roles))


class RoleSource(Protocol):
    """What the registry asks: which roles a person holds, and where."""

    def roles_of(self, user: object) -> Iterable[tuple[str, int, int]]:
        """(role, organisation id, partnership id) for each active membership."""
        ...


_rules: dict[str, Rule] = {}
_role_source: RoleSource | None = None


def register(rules: Mapping[str, Rule]) -> None:
    for name, rule in rules.items():
        if name in _rules and _rules[name] != rule:
            raise ValueError(f"access rule for {name!r} registered twice")
        _rules[name] = rule


def rule_for(url_name: str) -> Rule | None:
    return _rules.get(url_name)


def all_rules() -> dict[str, Rule]:
    return dict(_rules)


def set_role_source(source: RoleSource) -> None:
    global _role_source
    _role_source = source


def memberships_of(user: object) -> list[tuple[str, int, int]]:
    if _role_source is None:
        return []
    cache = getattr(user, "_infoshare_roles", None)
    if cache is None:
        cache = list(_role_source.roles_of(user))
        user._infoshare_roles = cache  # type: ignore[attr-defined]
    return cache


def allows(rule: Rule, user: object, org_id: int | None) -> bool:
    """True when ``user`` (already signed in) satisfies ``rule`` for the organisation."""
    if rule.scope in (Scope.PUBLIC, Scope.SIGNED_IN):
        return True
    held = [m for m in memberships_of(user) if m[0] in rule.roles]
    if rule.scope in (Scope.PARTNERSHIP, Scope.ANY_ORGANISATION):
        return bool(held)
    if org_id is None:
        # An organisation rule with no organisation to check: refused, never widened to
        # "any organisation" (tests/test_url_access_coverage.py fails such a route).
        return False
    from infoshare.core.roles import PARTNERSHIP_ROLES

    for role, member_org, partnership in held:
        if member_org == org_id:
            return True
        if role in PARTNERSHIP_ROLES and _org_in_partnership(org_id, partnership):
            return True
    return False


def _org_in_partnership(org_id: int, partnership_id: int) -> bool:
    if _role_source is None:
        return False
    check = getattr(_role_source, "organisation_in_partnership", None)
    return bool(check and check(org_id, partnership_id))


def roles_held(user: object) -> set[str]:
    return {m[0] for m in memberships_of(user)}
