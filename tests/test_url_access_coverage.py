"""Every route has an access rule: a new page without one fails the build."""

from infoshare.core import access
from tests.urls import all_routes


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
