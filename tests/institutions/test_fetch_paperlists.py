"""Fetching a paperlists-format list by URL from a fake server on 127.0.0.1 (real HTTP)."""

import importlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django_celery_beat.models import PeriodicTask

from ingest.models import IngestRun
from institutions.fetchers.paperlists import fetch_paperlists
from institutions.models import Authorship, ConferencePaper
from institutions.tasks import fetch_openreview_task, fetch_paperlists_task
from tests.fake_openreview import FakePaperlists
from tests.ingest.test_harvest_admin import staff_client
from tests.institutions.fetch_support import fast_polite_fetcher, stored_rows

__all__ = ["fast_polite_fetcher", "staff_client"]
pytestmark = pytest.mark.django_db(transaction=True)
seeding = importlib.import_module("ingest.migrations.0007_seed_conference_fetch")
LIST = Path(__file__).resolve().parents[2] / "data/conferences/icml2013.json"


@pytest.fixture
def records() -> list[dict[str, Any]]:
    return json.loads(LIST.read_bytes())


def serve(**lists: bytes) -> FakePaperlists:
    return FakePaperlists({f"/{name}.json": data for name, data in lists.items()})


@pytest.fixture
def fake() -> Iterator[FakePaperlists]:
    with serve(icml2013=LIST.read_bytes()) as running:
        yield running


def test_it_fetches_a_list_and_a_second_fetch_gets_a_304_and_changes_nothing(fake, records):
    url = f"{fake.url}/icml2013.json"
    first = fetch_paperlists(url, "icml", 2013)
    assert first.state == IngestRun.State.SUCCEEDED, first.message
    assert first.read == len(records) and first.imported == ConferencePaper.objects.count() > 250
    assert first.cursor["etag"] == fake.etag("/icml2013.json")
    before = stored_rows()

    second = fetch_paperlists(url, "icml", 2013)
    assert second.state == IngestRun.State.SUCCEEDED, second.message
    assert (second.progress, second.read, second.imported) == ("not modified (304)", 0, 0)
    assert stored_rows() == before
    last = fake.log[-1]
    assert last.status == 304 and last.headers["if-none-match"] == first.cursor["etag"]
    assert last.headers["if-modified-since"] == fake.last_modified
    # The 304 run keeps the validators: a third fetch is conditional too.
    assert fetch_paperlists(url, "icml", 2013).progress == "not modified (304)"


def test_it_changes_nothing_when_the_server_sends_the_whole_list_again(records):
    with FakePaperlists({"/l.json": LIST.read_bytes()}, honour_validators=False) as fake:
        fetch_paperlists(f"{fake.url}/l.json", "icml", 2013)
        papers, authorships, _ = stored_rows()
        again = fetch_paperlists(f"{fake.url}/l.json", "icml", 2013)
    assert (again.state, again.imported, again.updated) == (IngestRun.State.SUCCEEDED, 0, 0)
    assert again.unchanged == len(papers)
    assert set(ConferencePaper.objects.values_list("pk", flat=True)) == papers
    assert Authorship.objects.count() == len(authorships)


def test_run_again_now_in_admin_fetches_the_same_list_again(fake, staff_client, eager_tasks):
    first = fetch_paperlists(f"{fake.url}/icml2013.json", "icml", 2013)
    before = stored_rows()
    response = staff_client.post(
        "/admin/ingest/ingestrun/", {"action": "run_again_now", "_selected_action": [first.pk]}
    )
    assert response.status_code == 302
    again = IngestRun.objects.latest("started_at")
    assert again.pk != first.pk and again.source == IngestRun.Source.PAPERLISTS
    assert (again.state, again.progress) == (IngestRun.State.SUCCEEDED, "not modified (304)")
    assert fake.log[-1].headers["if-none-match"] == first.cursor["etag"]
    assert stored_rows() == before


def test_it_honours_retry_after_on_a_429(fake):
    fake.inject(429, path="/icml2013.json", retry_after="1")
    run = fetch_paperlists(f"{fake.url}/icml2013.json", "icml", 2013)
    assert run.state == IngestRun.State.SUCCEEDED, run.message
    assert [r.status for r in fake.log] == [429, 200] and run.requests == 2
    assert fake.log[1].at - fake.log[0].at >= 1.0
    assert "HTTP 429 (Retry-After 1 s)" in run.errors[0]["reason"]


def test_it_reports_broken_records_by_reason_and_imports_the_rest(records):
    broken = [*records[:5], {**records[5], "title": ""}, {**records[6], "aff": "Only One"}, 7]
    with serve(broken=json.dumps(broken).encode()) as fake:
        run = fetch_paperlists(f"{fake.url}/broken.json", "icml", 2013)
    assert run.state == IngestRun.State.SUCCEEDED, run.message
    assert (run.read, run.imported, run.invalid) == (8, 5, 3)
    assert run.errors[0] == {"where": "record 6", "reason": "missing title"}
    assert "authors but 1 affiliations" in run.errors[1]["reason"]
    assert run.errors[2] == {"where": "record 8", "reason": "not an object"}


def test_it_fails_the_run_naming_the_url_when_the_body_is_not_a_list(fake):
    with serve(bad=b"<html>maintenance</html>") as bad:
        run = fetch_paperlists(f"{bad.url}/bad.json", "icml", 2013)
    assert run.state == IngestRun.State.FAILED
    assert run.errors[-1]["where"].endswith("/bad.json")
    assert "not valid JSON" in run.errors[-1]["reason"]


def test_it_fetches_through_the_command(fake, capsys):
    call_command("fetch_conference", "--paperlists", f"{fake.url}/icml2013.json",
                 "--conference", "icml", "--year", "2013")  # fmt: skip
    assert "succeeded" in capsys.readouterr().out
    with pytest.raises(CommandError, match="--conference and --year"):
        call_command("fetch_conference", "--paperlists", f"{fake.url}/icml2013.json")


def test_it_is_seeded_in_beat_disabled_with_tasks_that_ack_late():
    PeriodicTask.objects.filter(name__in=[name for name, *_ in seeding.JOBS]).delete()
    seeding.seed(apps, None)
    seeding.seed(apps, None)  # idempotent
    jobs = PeriodicTask.objects.filter(name__in=[name for name, *_ in seeding.JOBS])
    assert {job.task for job in jobs} == {
        "institutions.tasks.fetch_paperlists_task", "institutions.tasks.fetch_openreview_task",
    }  # fmt: skip
    assert not any(job.enabled for job in jobs) and all(job.crontab for job in jobs)
    for task in (fetch_paperlists_task, fetch_openreview_task):
        assert task.acks_late and (task.soft_time_limit or 0) < (task.time_limit or 0)
