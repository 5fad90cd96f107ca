"""The scheduled daily harvest: seeded beat schedule, its window, its lock, its command."""

import importlib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import psycopg
import pytest
from django.apps import apps
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from config.celery import app as celery_app
from ingest.harvest import harvest_recent, recent_window
from ingest.models import IngestBusy, IngestRun
from ingest.tasks import harvest_arxiv_task, harvest_oai_task, harvest_recent_task
from tests.conftest import database_url_for_subprocess, paper
from tests.ingest.test_harvest_api import serve, stored_ids

pytestmark = pytest.mark.django_db(transaction=True)
seeding = importlib.import_module("ingest.migrations.0004_seed_daily_harvest")


def submitted(moment: datetime) -> list[dict[str, str]]:
    return [{"version": "v1", "created": format_datetime(moment, usegmt=True)}]


def test_the_daily_harvest_is_seeded_in_the_beat_schedule():
    PeriodicTask.objects.filter(name=seeding.TASK_NAME).delete()
    seeding.seed(apps, None)
    seeding.seed(apps, None)  # idempotent
    task = PeriodicTask.objects.get(name=seeding.TASK_NAME)
    assert task.task == "ingest.tasks.harvest_recent_task"
    assert task.task in celery_app.tasks
    assert task.kwargs == '{"days": 2}'
    assert (task.crontab.hour, task.crontab.minute) == ("2", "30")
    assert task.enabled


def test_the_tasks_ack_late_and_have_time_limits():
    for task in (harvest_arxiv_task, harvest_oai_task, harvest_recent_task):
        assert task.acks_late
        assert task.soft_time_limit and task.time_limit
        assert 0 < task.soft_time_limit < task.time_limit


def test_the_window_is_yesterday_and_today():
    today = datetime(2026, 3, 2, tzinfo=UTC).date()
    assert recent_window(2, today) == (today - timedelta(days=1), today)


def test_the_daily_command_harvests_yesterday_and_today(settings, capsys):
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    today_start = now.replace(hour=0, minute=0)
    fresh = [
        paper("2601.00001", versions=submitted(today_start + timedelta(minutes=5))),
        paper("2601.00002", versions=submitted(today_start - timedelta(hours=12))),
    ]
    old = paper("2601.00003", versions=submitted(today_start - timedelta(days=3)))
    with serve(settings, [*fresh, old]) as fake:
        call_command("harvest_recent")
    assert "succeeded" in capsys.readouterr().out
    assert stored_ids() == {"2601.00001", "2601.00002"}
    run = IngestRun.objects.get()
    yesterday = (today_start - timedelta(days=1)).date()
    assert (run.parameters["from"], run.parameters["until"]) == (
        yesterday.isoformat(),
        today_start.date().isoformat(),
    )
    assert len(fake.log) == 1


def test_the_daily_job_never_overlaps_itself(settings):
    with serve(settings, []) as fake:
        with psycopg.connect(database_url_for_subprocess(), autocommit=True) as other:
            other.execute("SELECT pg_advisory_lock(hashtextextended('ingest:harvest_recent', 0))")
            with pytest.raises(IngestBusy):
                harvest_recent(2)
            assert harvest_recent_task(2) == {
                "skipped": "the previous scheduled harvest is still running"
            }
        assert not fake.log
        assert not IngestRun.objects.exists()
        assert harvest_recent_task(2)["state"] == "succeeded"  # the lock is free again
