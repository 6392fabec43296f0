"""A question may be addressed to one named advisor (the advisors of the asker's organisation
see it too)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("advice", "0003_page_keys"),
        ("partnerships", "0003_invitation_replaced_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="advicerequest",
            name="advisor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="advice_requests_addressed",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="advicerequest",
            name="addressed_to",
            field=models.CharField(
                choices=[
                    ("organisation", "My organisation's information sharing advisors"),
                    ("partnership", "All information sharing advisors in the partnership"),
                    ("advisor", "A named advisor"),
                ],
                default="organisation",
                max_length=20,
            ),
        ),
        migrations.AddConstraint(
            model_name="advicerequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("addressed_to", "advisor"), ("advisor__isnull", False)),
                    models.Q(
                        models.Q(("addressed_to", "advisor"), _negated=True),
                        ("advisor__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="advice_advisor_only_when_named",
            ),
        ),
    ]
