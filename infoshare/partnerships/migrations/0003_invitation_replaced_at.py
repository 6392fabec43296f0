"""An invitation link replaced by a newer invitation says so when opened."""

import datetime as dt
from typing import Any

from django.db import migrations, models
from django.db.models import Exists, F, OuterRef

# A resend withdraws the old links (their expiry becomes "now") and creates the new one in
# the same moment; nothing else creates an invitation within a second of withdrawing one.
SAME_MOMENT = dt.timedelta(seconds=1)


def mark_replaced(apps: Any, schema_editor: Any) -> None:
    """Links withdrawn by a resend before replaced_at existed are marked as replaced."""
    invitation = apps.get_model("partnerships", "Invitation")
    newer = invitation.objects.filter(
        person_id=OuterRef("person_id"),
        pk__gt=OuterRef("pk"),
        created_at__gte=OuterRef("expires_at"),
        created_at__lte=OuterRef("expires_at") + SAME_MOMENT,
    )
    invitation.objects.filter(used_at__isnull=True, replaced_at__isnull=True).filter(
        Exists(newer)
    ).update(replaced_at=F("expires_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0002_staff_import"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="replaced_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(mark_replaced, migrations.RunPython.noop),
    ]
