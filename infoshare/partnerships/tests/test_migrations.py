"""The data step of migration 0003: links withdrawn by a resend before ``replaced_at``
existed are marked as replaced, and no others."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

from django.apps import apps
from django.utils import timezone

from infoshare.partnerships.models import Invitation
from infoshare.partnerships.tests.factories import UserFactory

migration = importlib.import_module("infoshare.partnerships.migrations.0003_invitation_replaced_at")


def _invitation(person: Any, org: Any, admin: Any, created: dt.datetime, expires: dt.datetime):
    return Invitation.objects.create(
        person=person,
        organisation=org,
        digest=f"{person.pk}-{created.timestamp()}".ljust(64, "0"),
        invited_by=admin,
        created_at=created,
        expires_at=expires,
    )


def test_only_links_withdrawn_by_a_resend_are_marked_as_replaced(org_admin, home_org):
    now = timezone.now()
    resent, lapsed, withdrawn = (UserFactory() for _ in range(3))
    # Resent: the old link's expiry became "now", and the new link was made in that moment.
    resend_at = now - dt.timedelta(days=2)
    old = _invitation(resent, home_org, org_admin, now - dt.timedelta(days=3), resend_at)
    new = _invitation(
        resent,
        home_org,
        org_admin,
        resend_at + dt.timedelta(milliseconds=5),
        now + dt.timedelta(days=5),
    )
    # Expired after its seven days; invited again later.
    past = _invitation(
        lapsed, home_org, org_admin, now - dt.timedelta(days=9), now - dt.timedelta(days=2)
    )
    _invitation(lapsed, home_org, org_admin, now - dt.timedelta(days=1), now + dt.timedelta(days=6))
    # Withdrawn when the role ended, and invited again the next day.
    ended = _invitation(
        withdrawn, home_org, org_admin, now - dt.timedelta(days=4), now - dt.timedelta(days=3)
    )
    _invitation(
        withdrawn, home_org, org_admin, now - dt.timedelta(days=2), now + dt.timedelta(days=5)
    )

    migration.mark_replaced(apps, None)

    replaced = dict(Invitation.objects.values_list("pk", "replaced_at"))
    assert replaced.pop(old.pk) == resend_at
    assert set(replaced.values()) == {None}
    assert {new.pk, past.pk, ended.pk} <= set(replaced)
