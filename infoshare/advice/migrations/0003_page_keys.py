"""A question or reply keeps the key of the page it was sent from: sent twice, it is kept once."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("advice", "0002_waiting_and_answered_as"),
        ("partnerships", "0002_staff_import"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="advicereply",
            name="idempotency_key",
            field=models.CharField(blank=True, default="", max_length=100),
        ),
        migrations.AddField(
            model_name="advicerequest",
            name="idempotency_key",
            field=models.CharField(blank=True, default="", max_length=100),
        ),
        migrations.AddConstraint(
            model_name="advicereply",
            constraint=models.UniqueConstraint(
                condition=models.Q(("idempotency_key", ""), _negated=True),
                fields=("request", "author", "idempotency_key"),
                name="advice_reply_unique_idempotency_key",
            ),
        ),
        migrations.AddConstraint(
            model_name="advicerequest",
            constraint=models.UniqueConstraint(
                condition=models.Q(("idempotency_key", ""), _negated=True),
                fields=("asked_by", "idempotency_key"),
                name="advice_request_unique_idempotency_key",
            ),
        ),
    ]
