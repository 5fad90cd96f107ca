"""Seed the beat schedule with the daily harvest of yesterday and today (editable in admin)."""

import json

from django.db import migrations

TASK_NAME = "Daily arXiv harvest (yesterday and today)"


def seed(apps, schema_editor):
    crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
    periodic_task = apps.get_model("django_celery_beat", "PeriodicTask")
    # 02:30 UTC: after arXiv's nightly announcement, outside its busy hours.
    schedule, _ = crontab_model.objects.get_or_create(
        minute="30", hour="2", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="UTC",
    )  # fmt: skip
    periodic_task.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "ingest.tasks.harvest_recent_task",
            "crontab": schedule,
            "kwargs": json.dumps({"days": 2}),
            "description": "Harvest the ML categories submitted yesterday and today from the "
            "arXiv API; a run still going blocks the next one (lock).",
        },
    )


def unseed(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0003_harvest_runs"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
