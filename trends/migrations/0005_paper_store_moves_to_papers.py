"""Paper, MonthCategoryCount and DataGeneration now live in the papers app (state only).

papers 0001 renamed their tables; this forgets trends' copies of the models.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("trends", "0004_hot_snapshot"),
        ("papers", "0001_initial"),
        ("entities", "0003_paper_store_moves_to_papers"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="papertokens",
                    name="paper",
                    field=models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        serialize=False,
                        to="papers.paper",
                    ),
                ),
                migrations.DeleteModel(name="Paper"),
                migrations.DeleteModel(name="MonthCategoryCount"),
                migrations.DeleteModel(name="DataGeneration"),
            ],
        ),
    ]
