"""Who closed an advice request is kept on the request; for those closed before, it is
read once from the request's "advice.closed" audit event (the latest, as the page did)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def closers_from_the_audit(apps, schema_editor):
    AdviceRequest = apps.get_model("advice", "AdviceRequest")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    user_model = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    closed = AdviceRequest.objects.filter(status="closed", closed_by__isnull=True)
    for request in closed.only("id"):
        actor_id = (
            AuditEvent.objects.filter(
                action="advice.closed",
                object_type="advice.AdviceRequest",
                object_id=str(request.pk),
            )
            .order_by("-id")
            .values_list("actor_id", flat=True)
            .first()
        )
        if actor_id is not None and user_model.objects.filter(pk=actor_id).exists():
            AdviceRequest.objects.filter(pk=request.pk).update(closed_by_id=actor_id)


class Migration(migrations.Migration):
    dependencies = [
        ("advice", "0004_named_advisor"),
        ("audit", "0002_append_only_trigger"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="advicerequest",
            name="closed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="advice_requests_closed",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(closers_from_the_audit, migrations.RunPython.noop),
    ]
