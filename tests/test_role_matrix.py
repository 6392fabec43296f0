"""The role matrix: every route, every role, checked against the access registry.

For each role of the home organisation, and for a person of another organisation,
GET every route's sample path (``org_id`` = the home organisation) and compare the
answer with ``core.access.allows``: refused where the rule refuses (403; JSON under
``/api/``), served where it allows (never 403, never 5xx). A signed-out person is sent
to sign in (401 under ``/api/`` and for the addresses the page's script calls). Routes are enumerated from the URL resolver, so a new
page is covered as soon as it is added. The point: nobody sees another
organisation's pages unless a rule grants it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import RequestFactory
from django.urls import Resolver404, resolve, reverse

from infoshare.core import access
from infoshare.core.access import Rule, Scope
from infoshare.core.middleware import SCRIPT_ROUTES, operation_url_name
from tests.urls import Route, all_routes

ROLES = [
    "practitioner",
    "manager",
    "advisor",
    "senior_lead",
    "org_admin",
    "board_member",
    "partnership_admin",
    "auditor",
    "foreign_org_user",
]

#: allauth pages that only make sense with a pending sign-in (or sign-up) in the session;
#: without that state a GET says nothing about access. (Today their rules are public, so
#: they would be skipped anyway; the list keeps them out if a rule changes.)
SKIPPED: dict[str, str] = {
    "mfa_authenticate": "second step of signing in: needs a pending password sign-in",
    "account_confirm_login_code": "needs a pending sign-in by emailed code",
    "account_reset_password_from_key": "needs a valid reset key from an email",
    "account_confirm_email": "needs a valid confirmation key from an email",
    "socialaccount_signup": "needs a pending single sign-on sign-up",
    "openid_connect_callback": "needs a pending single sign-on state from the provider",
    "account_confirm_reauthentication_code": "needs a reauthentication code sent first",
}

MISSING_ID = 999999
ZERO_UUID = "00000000-0000-0000-0000-000000000000"
_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>")


@dataclass(frozen=True)
class Probe:
    name: str  # the name the path resolves to: the rule the middleware applies
    path: str
    rule: Rule | None
    org_id: int | None


def _value(kind: str, name: str, org_id: int) -> object:
    if name == "org_id":
        return org_id
    if kind == "int" or name.endswith("_id") or name in ("id", "pk"):
        return MISSING_ID
    if kind == "uuid":
        return ZERO_UUID
    return "x"


def _probe(route: Route, org_id: int) -> Probe | None:
    values = {}
    for match in _PARAM.finditer(route.pattern):
        kind, name = match.group(1) or "str", match.group(2) or match.group(3)
        values[name] = _value(kind, name, org_id)
    path = route.sample_path(**values)
    try:
        resolved = resolve(path)
    except Resolver404:
        return None  # a regex route the sample cannot fill: not reachable this way
    wanted = resolved.kwargs.get("org_id")
    # The rule the middleware applies to a GET: for an API path, that of its GET operation.
    get = RequestFactory().get(path)
    get.resolver_match = resolved
    name = operation_url_name(resolved.func, get) or resolved.view_name
    return Probe(name, path, access.rule_for(name), int(wanted) if wanted is not None else None)


def _probes(org_id: int) -> list[Probe]:
    """One probe per distinct path (API operations of one path share a URL)."""
    probes: dict[str, Probe] = {}
    for route in all_routes():
        probe = _probe(route, org_id)
        if probe is None or probe.name in SKIPPED or probe.path in probes:
            continue
        if probe.rule is not None and probe.rule.scope is Scope.PUBLIC:
            continue
        probes[probe.path] = probe
    return sorted(probes.values(), key=lambda p: p.path)


def _is_api(path: str) -> bool:
    return path.startswith("/api/")


def _refused(response: Any, path: str) -> bool:
    if response.status_code != 403:
        return False
    if _is_api(path):
        return "error" in json.loads(response.content)
    return True


def _outcome(client: Any, user: Any, probe: Probe) -> str | None:
    """None when the answer matches the registry, else what went wrong."""
    response = client.get(probe.path)
    status = response.status_code
    allowed = probe.rule is not None and access.allows(probe.rule, user, probe.org_id)
    if not allowed and not _refused(response, probe.path):
        return f"{probe.path} ({probe.name}): expected 403, got {status}"
    if allowed and (status == 403 or status >= 500):
        return f"{probe.path} ({probe.name}): allowed by its rule, got {status}"
    return None


@pytest.mark.parametrize("role", ROLES)
def test_each_person_gets_exactly_the_pages_their_roles_open(
    client, request, role, home_org
) -> None:
    user = request.getfixturevalue(role)
    client.raise_request_exception = False  # a 5xx is a finding, not a crash of the test
    client.force_login(user)
    probes = _probes(home_org.pk)
    assert len(probes) > 10  # the enumeration found the routes
    failures = [f for f in (_outcome(client, user, p) for p in probes) if f]
    assert failures == [], "\n".join(failures)


def test_another_organisations_pages_are_refused(client, foreign_org_user, home_org) -> None:
    """Independent of ``allows``: someone with only organisation roles elsewhere never
    opens a page scoped to the home organisation."""
    client.raise_request_exception = False
    client.force_login(foreign_org_user)
    scoped = [
        p
        for p in _probes(home_org.pk)
        if p.org_id == home_org.pk and p.rule is not None and p.rule.scope is Scope.ORGANISATION
    ]
    if not scoped:
        pytest.skip("no organisation-scoped routes yet")
    served = [p.path for p in scoped if not _refused(client.get(p.path), p.path)]
    assert served == []


def test_a_signed_out_person_is_asked_to_sign_in(client, home_org) -> None:
    client.raise_request_exception = False
    login = reverse("account_login")
    failures = []
    for probe in _probes(home_org.pk):
        response = client.get(probe.path)
        if probe.rule is None:
            ok = response.status_code == 403
        elif _is_api(probe.path) or probe.name in SCRIPT_ROUTES:
            ok = response.status_code == 401  # a script's address: nowhere to send it
        else:
            ok = response.status_code == 302 and response.url.startswith(login)
        if not ok:
            failures.append(f"{probe.path} ({probe.name}): got {response.status_code}")
    assert failures == [], "\n".join(failures)


def test_api_operations_sharing_a_path_each_keep_their_own_rule(db) -> None:
    """GET list and POST create share one path (and one view) in django-ninja; the
    middleware must apply the rule of the operation that will handle the method."""
    checked = 0
    for route in all_routes():
        if not route.name.startswith("api-1:"):
            continue
        path = route.sample_path(**dict.fromkeys(("org_id",), 1))
        try:
            resolved = resolve(path)
        except Resolver404:
            continue
        names = set()
        for method in ("get", "post", "patch", "put", "delete"):
            request = getattr(RequestFactory(), method)(path)
            request.resolver_match = resolved
            names.add(operation_url_name(resolved.func, request))
        if names == {""}:
            continue  # not an API operation (the schema, the docs)
        assert route.name in names, f"no method of {path} reaches {route.name}"
        checked += 1
    assert checked > 5


def test_malformed_ids_never_give_a_server_error(client, make_member, home_org) -> None:
    """Every path parameter filled with "x": 404/400/403/405, never a 5xx. (The access
    middleware turns ``org_id`` into an int: it must be declared ``int`` in the path.)"""
    from infoshare.core.roles import Role
    from infoshare.partnerships.tests.factories import MembershipFactory

    everyone = make_member(Role.PARTNERSHIP_ADMIN, home_org)  # every role, to reach views
    for role in set(Role.values) - {Role.PARTNERSHIP_ADMIN}:
        MembershipFactory(person=everyone, organisation=home_org, role=role)
    client.raise_request_exception = False
    client.force_login(everyone)
    errors = []
    for route in all_routes():
        names = [m.group(2) or m.group(3) for m in _PARAM.finditer(route.pattern)]
        if not names or route.name in SKIPPED:
            continue
        path = route.sample_path(**dict.fromkeys(names, "x"))
        status = client.get(path).status_code
        if status >= 500:
            errors.append(f"{path} ({route.name}): {status}")
    assert errors == [], "\n".join(errors)
