"""Paper moved to the papers app (papers 0001 renamed its table); only the model state changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("entities", "0002_seed"),
        ("papers", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="paperscan",
                    name="paper",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        serialize=False,
                        to="papers.paper",
                    ),
                ),
                migrations.AlterField(
                    model_name="entitymention",
                    name="paper",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="entity_mentions",
                        to="papers.paper",
                    ),
                ),
                migrations.AlterField(
                    model_name="fulltext",
                    name="paper",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="full_text",
                        serialize=False,
                        to="papers.paper",
                    ),
                ),
            ],
        ),
    ]
