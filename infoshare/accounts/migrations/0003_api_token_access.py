"""Personal API tokens are read only or full access. Tokens made before this change keep
the full access they were made with; a new token is read only unless full access is chosen."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_api_token_expiry"),
    ]

    operations = [
        # Every existing row gets "full": the access it was made with.
        migrations.AddField(
            model_name="apitoken",
            name="access",
            field=models.CharField(
                choices=[("read_only", "Read only"), ("full", "Full access")],
                default="full",
                max_length=10,
            ),
        ),
        # New rows default to read only (Django keeps no default in the database).
        migrations.AlterField(
            model_name="apitoken",
            name="access",
            field=models.CharField(
                choices=[("read_only", "Read only"), ("full", "Full access")],
                default="read_only",
                max_length=10,
            ),
        ),
    ]
