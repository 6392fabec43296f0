"""Every route has an access rule: a new page without one fails the build; and an
organisation rule is used only where the route names the organisation (``org_id``)."""

import re
from collections.abc import Iterable, Mapping

import pytest

from infoshare.core import access
from infoshare.core.access import Rule, Scope, in_any_organisation, in_organisation
from tests.urls import Route, all_routes


def test_every_route_has_an_access_rule() -> None:
    missing = sorted({route.name for route in all_routes()} - set(access.all_rules()))
    assert missing == [], f"routes without an access rule: {missing}"


def test_no_rule_names_a_route_that_does_not_exist() -> None:
    names = {route.name for route in all_routes()}
    stale = sorted(set(access.all_rules()) - names)
    assert stale == [], f"rules for routes that no longer exist: {stale}"


def test_a_route_without_a_rule_is_refused(client, practitioner, settings) -> None:
    # Deny by default: the middleware refuses a resolved view it has no rule for.
    from django.urls import path

    from infoshare.core.views import home

    class Urls:
        urlpatterns = [path("unruled", home, name="unruled")]

    settings.ROOT_URLCONF = Urls
    client.force_login(practitioner)
    assert client.get("/unruled").status_code == 403


_ORG_ID = re.compile(r"<(?:\w+:)?org_id>|\(\?P<org_id>")


def misplaced_organisation_rules(routes: Iterable[Route], rules: Mapping[str, Rule]) -> list[str]:
    """Routes whose organisation rule cannot be checked as written: ``in_organisation``
    without an ``org_id`` in the path (it would refuse everyone), or
    ``in_any_organisation`` with one (the URL's organisation would go unchecked)."""
    wrong = set()
    for route in routes:
        rule = rules.get(route.name)
        has_org_id = bool(_ORG_ID.search(route.pattern))
        if rule is not None and rule.scope is Scope.ORGANISATION and not has_org_id:
            wrong.add(f"{route.name}: in_organisation without org_id (in_any_organisation?)")
        if rule is not None and rule.scope is Scope.ANY_ORGANISATION and has_org_id:
            wrong.add(f"{route.name}: in_any_organisation with org_id (in_organisation?)")
    return sorted(wrong)


def test_organisation_rules_match_the_org_id_of_their_route() -> None:
    assert misplaced_organisation_rules(all_routes(), access.all_rules()) == []


def test_an_organisation_rule_on_a_route_without_org_id_is_caught() -> None:
    rules = {"a:list": in_organisation("manager"), "a:org": in_any_organisation("manager")}
    routes = [Route("a:list", "things/"), Route("a:org", "orgs/<int:org_id>/things/")]
    assert misplaced_organisation_rules(routes, rules) == [
        "a:list: in_organisation without org_id (in_any_organisation?)",
        "a:org: in_any_organisation with org_id (in_organisation?)",
    ]
    fixed = {"a:list": in_any_organisation("manager"), "a:org": in_organisation("manager")}
    assert misplaced_organisation_rules(routes, fixed) == []


@pytest.mark.parametrize(
    ("rule", "status"),
    [(in_organisation("practitioner"), 403), (in_any_organisation("practitioner"), 200)],
)
def test_only_an_explicit_any_organisation_rule_admits_on_a_route_without_org_id(
    client, practitioner, settings, monkeypatch, rule, status
) -> None:
    """An organisation rule never falls back to "that role in any organisation"."""
    from django.http import HttpResponse
    from django.urls import path

    class Urls:
        urlpatterns = [path("orgless", lambda request: HttpResponse("served"), name="orgless")]

    settings.ROOT_URLCONF = Urls
    monkeypatch.setitem(access._rules, "orgless", rule)
    client.force_login(practitioner)
    assert client.get("/orgless").status_code == status
