"""Fixtures shared by every suite: one signed-in-able person per role in a home
organisation, plus `foreign_org_user` from another organisation of the partnership."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from infoshare.core.roles import Role


@pytest.fixture
def partnership(db: Any) -> Any:
    from infoshare.partnerships.tests.factories import PartnershipFactory

    return PartnershipFactory()


@pytest.fixture
def home_org(partnership: Any) -> Any:
    from infoshare.partnerships.tests.factories import OrganisationFactory

    return OrganisationFactory(partnership=partnership, name="Home Council")


@pytest.fixture
def other_org(partnership: Any) -> Any:
    from infoshare.partnerships.tests.factories import OrganisationFactory

    return OrganisationFactory(partnership=partnership, name="Other School")


@pytest.fixture
def make_member(db: Any) -> Callable[..., Any]:
    from infoshare.partnerships.tests.factories import MembershipFactory, UserFactory

    def make(role: str, org: Any, **user_kwargs: Any) -> Any:
        user = UserFactory(**user_kwargs)
        MembershipFactory(person=user, organisation=org, role=role)
        return user

    return make


def _role_fixture(role: str) -> Any:
    @pytest.fixture
    def fixture(make_member: Callable[..., Any], home_org: Any) -> Any:
        return make_member(role, home_org)

    return fixture


practitioner = _role_fixture(Role.PRACTITIONER)
manager = _role_fixture(Role.MANAGER)
advisor = _role_fixture(Role.ADVISOR)
senior_lead = _role_fixture(Role.SENIOR_LEAD)
org_admin = _role_fixture(Role.ORG_ADMIN)
board_member = _role_fixture(Role.BOARD_MEMBER)
partnership_admin = _role_fixture(Role.PARTNERSHIP_ADMIN)
auditor = _role_fixture(Role.AUDITOR)


@pytest.fixture
def second(db: Any) -> Any:
    """A second partnership (created after the home one, so with the higher id)."""
    from infoshare.partnerships.tests.factories import PartnershipFactory

    return PartnershipFactory(name="Second Partnership")


@pytest.fixture
def stranger(db: Any) -> Any:
    """A partnership the administrator has nothing to do with."""
    from infoshare.partnerships.tests.factories import PartnershipFactory

    return PartnershipFactory(name="Stranger Partnership")


@pytest.fixture
def two_hats(partnership_admin: Any, second: Any) -> Any:
    """A partnership administrator of the home partnership and of the second one."""
    from infoshare.partnerships.tests.factories import MembershipFactory, OrganisationFactory

    MembershipFactory(
        person=partnership_admin,
        organisation=OrganisationFactory(partnership=second, name="Second Council"),
        role=Role.PARTNERSHIP_ADMIN,
    )
    return partnership_admin


@pytest.fixture
def foreign_org_user(make_member: Callable[..., Any], other_org: Any) -> Any:
    """A practitioner, manager, advisor, senior lead and org admin of another organisation."""
    user = make_member(Role.ORG_ADMIN, other_org)
    from infoshare.partnerships.tests.factories import MembershipFactory

    for role in (Role.PRACTITIONER, Role.MANAGER, Role.ADVISOR, Role.SENIOR_LEAD):
        MembershipFactory(person=user, organisation=other_org, role=role)
    return user


@pytest.fixture
def signed_in(client: Any) -> Callable[[Any], Any]:
    """Signs a person in on the Django test client (MFA already set up by the factory)."""

    def sign_in(user: Any) -> Any:
        client.force_login(user)
        return client

    return sign_in


# On PostgreSQL the audit table refuses TRUNCATE (append-only trigger), and a transactional
# test ends with a flush that truncates every table. The trigger is switched off only for
# that flush, around the whole teardown, and switched back on straight after.
_AUDIT_TRUNCATE_TRIGGER = "ALTER TABLE audit_auditevent {} TRIGGER audit_event_no_truncate"


def _set_audit_truncate_trigger(item: pytest.Item, *, enabled: bool) -> None:
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    if connection.vendor != "postgresql":
        return
    with item.config.stash[blocking_manager_key].unblock(), connection.cursor() as cursor:
        cursor.execute(_AUDIT_TRUNCATE_TRIGGER.format("ENABLE" if enabled else "DISABLE"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    if transactional:
        _set_audit_truncate_trigger(item, enabled=False)
    try:
        return (yield)
    finally:
        # After the last test the test database is gone (nextitem is None): nothing to restore.
        if transactional and nextitem is not None:
            _set_audit_truncate_trigger(item, enabled=True)
