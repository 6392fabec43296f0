"""A request waits again from the asker's follow-up; a reply keeps the role it was written in."""

from typing import Any

from django.db import migrations, models


def set_followed_up_at(apps: Any, schema_editor: Any) -> None:
    """Open requests that were answered before: they have waited since the asker's first
    message after the last answer."""
    advice_request = apps.get_model("advice", "AdviceRequest")
    advice_reply = apps.get_model("advice", "AdviceReply")
    answered_before = advice_request.objects.filter(
        status="open", replies__by_advisor=True
    ).distinct()
    for item in answered_before.iterator():
        last_answer = (
            advice_reply.objects.filter(request=item, by_advisor=True)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        follow_up = (
            advice_reply.objects.filter(request=item, by_advisor=False, created_at__gt=last_answer)
            .order_by("created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        if follow_up is not None:
            advice_request.objects.filter(pk=item.pk).update(followed_up_at=follow_up)


class Migration(migrations.Migration):
    dependencies = [
        ("advice", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="advicerequest",
            name="followed_up_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="advicereply",
            name="answered_as",
            field=models.CharField(
                blank=True,
                choices=[("advisor", "information sharing advisor"), ("manager", "manager")],
                default="",
                max_length=20,
            ),
        ),
        migrations.RunPython(set_followed_up_at, migrations.RunPython.noop, elidable=True),
    ]
