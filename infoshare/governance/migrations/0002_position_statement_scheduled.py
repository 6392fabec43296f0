# Position statements published with a future effective date are scheduled.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="positionstatement",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("published", "Published"),
                    ("scheduled", "Scheduled"),
                    ("superseded", "Superseded"),
                ],
                default="draft",
                max_length=20,
            ),
        ),
        migrations.AddConstraint(
            model_name="positionstatement",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "scheduled")),
                fields=("organisation",),
                name="statement_one_scheduled",
            ),
        ),
    ]
