"""Seed the beat schedule with conference list fetches, disabled (enable and edit in admin)."""

import json

from django.db import migrations

JOBS = (
    (
        "Weekly OpenReview fetch: ICLR 2025 accepted papers",
        "institutions.tasks.fetch_openreview_task",
        {"venue_id": "ICLR.cc/2025/Conference"},
        "Accepted ICLR 2025 papers with authors and the affiliations of 2025 from the "
        "OpenReview API v2; change venue_id in the arguments for another venue.",
    ),
    (
        "Weekly paperlists fetch: ICML 2017",
        "institutions.tasks.fetch_paperlists_task",
        {
            "url": "https://raw.githubusercontent.com/papercopilot/paperlists/main/icml/icml2017.json",
            "conference": "icml",
            "year": 2017,
        },
        "A paperlists-format list by URL, fetched with If-None-Match/If-Modified-Since: an "
        "unchanged list costs one 304. Point url/conference/year at the list to follow.",
    ),
)


def seed(apps, schema_editor):
    crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
    periodic_task = apps.get_model("django_celery_beat", "PeriodicTask")
    # Mondays 03:30 UTC: after the daily arXiv harvest; lists change rarely.
    schedule, _ = crontab_model.objects.get_or_create(
        minute="30", hour="3", day_of_week="1", day_of_month="*", month_of_year="*",
        timezone="UTC",
    )  # fmt: skip
    for name, task, kwargs, description in JOBS:
        periodic_task.objects.get_or_create(
            name=name,
            defaults={
                "task": task,
                "crontab": schedule,
                "kwargs": json.dumps(kwargs),
                "enabled": False,
                "description": description,
            },
        )


def unseed(apps, schema_editor):
    periodic_task = apps.get_model("django_celery_beat", "PeriodicTask")
    periodic_task.objects.filter(name__in=[name for name, *_ in JOBS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0006_conference_sources"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
