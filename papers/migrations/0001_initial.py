"""The paper store moves from the trends app to papers, in place: tables are renamed, no row moves.

A database made before the move keeps its data; a new one is created by trends' first
migrations and renamed here. Content types follow, so admin permissions and recorded
curation history keep pointing at the same models.
"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import migrations, models

MOVED = ("paper", "monthcategorycount", "datageneration")


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="trends", model__in=MOVED).update(app_label="papers")


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="papers", model__in=MOVED).update(app_label="trends")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("trends", "0004_hot_snapshot"),
        # Every migration that created a foreign key to trends_paper runs before the rename.
        ("entities", "0002_seed"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="MonthCategoryCount",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("month", models.DateField()),
                        ("primary_category", models.CharField(max_length=32)),
                        (
                            "categories",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.CharField(max_length=32)
                            ),
                        ),
                        ("papers", models.PositiveIntegerField()),
                    ],
                    options={
                        "indexes": [models.Index(fields=["month"], name="monthcount_month_idx")],
                    },
                ),
                migrations.CreateModel(
                    name="Paper",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("arxiv_id", models.CharField(max_length=40, unique=True)),
                        ("title", models.TextField()),
                        ("abstract", models.TextField(blank=True)),
                        ("authors", models.TextField(blank=True)),
                        (
                            "categories",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.CharField(max_length=32)
                            ),
                        ),
                        ("primary_category", models.CharField(max_length=32)),
                        ("submitted", models.DateTimeField(help_text="v1 submission time (UTC).")),
                        ("month", models.DateField(help_text="First day of the v1 submission month.")),
                        (
                            "updated",
                            models.DateField(
                                help_text="arXiv's update_date; a newer one replaces the record."
                            ),
                        ),
                        ("comments", models.TextField(blank=True)),
                        ("doi", models.CharField(blank=True, max_length=255)),
                    ],
                    options={
                        "indexes": [
                            models.Index(fields=["month"], name="paper_month_idx"),
                            django.contrib.postgres.indexes.GinIndex(
                                fields=["categories"], name="paper_categories_gin"
                            ),
                        ],
                    },
                ),

                migrations.CreateModel(
                    name="DataGeneration",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("number", models.PositiveBigIntegerField(default=0)),
                        ("changed_at", models.DateTimeField(auto_now=True)),
                    ],
                )
            ],
            database_operations=[
                migrations.RunSQL(
                    [f"ALTER TABLE trends_{name} RENAME TO papers_{name}" for name in MOVED],
                    [f"ALTER TABLE papers_{name} RENAME TO trends_{name}" for name in MOVED],
                ),
            ],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
