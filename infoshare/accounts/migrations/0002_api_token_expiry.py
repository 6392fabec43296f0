"""Personal API tokens expire. Tokens made before this change expire 90 days after they
were created (so a token older than that stops working)."""

from datetime import timedelta
from typing import Any

from django.db import migrations, models
from django.db.models import F

import infoshare.accounts.models


def expire_existing(apps: Any, schema_editor: Any) -> None:
    ApiToken = apps.get_model("accounts", "ApiToken")
    ApiToken.objects.update(expires_at=F("created_at") + timedelta(days=90))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(default=infoshare.accounts.models.default_token_expiry),
        ),
        migrations.RunPython(expire_existing, migrations.RunPython.noop),
    ]
