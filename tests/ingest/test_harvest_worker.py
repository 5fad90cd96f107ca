"""Real Celery workers (real Redis, the test database) harvesting from the fake arXiv: plain,
killed with SIGKILL mid-harvest and resumed, and two at once keeping the politeness gap."""

import itertools
import os
import signal
import subprocess
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs

import pytest
import redis
from django.conf import settings

from ingest.models import IngestRun
from ingest.tasks import harvest_arxiv_task
from papers.models import MonthCategoryCount, Paper
from tests.conftest import wait_until
from tests.fake_arxiv import FakeArxiv, papers_of_month
from tests.ingest.test_harvest_api import ML, ids, stored_ids

pytestmark = pytest.mark.worker
GAP = 0.3
Start = Callable[..., subprocess.Popen[bytes]]


@pytest.fixture(scope="module")
def february() -> list[dict[str, Any]]:
    return papers_of_month("2019-02")


@pytest.fixture
def fake(february: list[dict[str, Any]]) -> Iterator[FakeArxiv]:
    with FakeArxiv(february) as running:
        yield running


@pytest.fixture
def harvest_worker(celery_worker_process: Start, fake: FakeArxiv) -> Iterator[Start]:
    """start(name) launches a worker pointed at the fake arXiv, with a short politeness gap."""
    started: list[subprocess.Popen[bytes]] = []

    def start(name: str) -> subprocess.Popen[bytes]:
        process = celery_worker_process(
            "-n", f"{name}@%h",
            ARXIV_API_URL=fake.api_url, ARXIV_DELAY_SECONDS=str(GAP), ARXIV_API_PAGE_SIZE="50",
            ARXIV_RETRIES="3", ARXIV_BACKOFF_SECONDS="0.1", ARXIV_TIMEOUT_SECONDS="5",
        )  # fmt: skip
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
    # A message whose worker was SIGKILLed stays "unacked" in Redis and would be redelivered
    # an hour later to whatever worker then runs: forget this test's leftovers.
    redis.Redis.from_url(settings.REDIS_URL).delete("unacked", "unacked_index", "celery")


def test_a_worker_harvests_from_the_fake_arxiv(harvest_worker, fake, february):
    harvest_worker("solo")
    fake.inject("503", retry_after="1", match="start=100")
    summary = harvest_arxiv_task.delay(ML, "2019-02-01", "2019-02-28").get(timeout=180)
    run = IngestRun.objects.get(pk=summary["run"])
    assert run.state == IngestRun.State.SUCCEEDED, run.message
    assert stored_ids() == ids(february)
    assert run.requests == len(fake.log) == 15  # 14 pages of 50 and one 503
    assert sum(MonthCategoryCount.objects.values_list("papers", flat=True)) == len(february)


def test_a_worker_killed_mid_harvest_is_resumed_by_the_next_run(harvest_worker, fake, february):
    worker = harvest_worker("doomed")
    harvest_arxiv_task.delay(ML, "2019-02-01", "2019-02-28")
    assert wait_until(lambda: IngestRun.objects.filter(read__gte=150).exists(), timeout=120), (
        "the harvest never got going"
    )
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    killed = IngestRun.objects.get()
    assert killed.state == IngestRun.State.RUNNING  # nobody could record its end
    cursor = killed.cursor["start"]
    assert 150 <= cursor < len(february)
    assert Paper.objects.count() == cursor  # the cursor matches what was committed

    seen = len(fake.log)
    harvest_worker("restarted")
    summary = harvest_arxiv_task.delay(ML, "2019-02-01", "2019-02-28").get(timeout=180)
    resumed = IngestRun.objects.get(pk=summary["run"])
    killed.refresh_from_db()
    assert resumed.state == IngestRun.State.SUCCEEDED, resumed.message
    assert killed.state == IngestRun.State.FAILED
    assert killed.message.startswith("abandoned")
    assert resumed.parameters["resumed_from_run"] == killed.pk
    # It went on from the committed cursor: at most the page in flight is fetched again.
    restarted_at = int(parse_qs(fake.log[seen].query)["start"][0])
    assert restarted_at == cursor
    assert resumed.imported == len(february) - cursor
    assert Paper.objects.count() == len(february)
    assert stored_ids() == ids(february)
    assert sum(MonthCategoryCount.objects.values_list("papers", flat=True)) == len(february)


def test_two_workers_at_once_never_send_two_requests_closer_than_the_gap(
    harvest_worker, fake, february
):
    harvest_worker("one")
    harvest_worker("two")
    first = harvest_arxiv_task.delay(ML, "2019-02-01", "2019-02-14")
    second = harvest_arxiv_task.delay(ML, "2019-02-15", "2019-02-28")
    runs = [first.get(timeout=180), second.get(timeout=180)]
    assert all(r["state"] == "succeeded" for r in runs), runs
    assert stored_ids() == ids(february)
    by_window: dict[str, list[float]] = {}
    for request in fake.log:
        window = parse_qs(request.query)["search_query"][0].split("submittedDate:")[1]
        by_window.setdefault(window, []).append(request.at)
    a, b = by_window.values()
    assert min(a) < max(b) and min(b) < max(a), "the two harvests did not run at the same time"
    stamps = sorted(r.at for r in fake.log)
    gaps = [later - earlier for earlier, later in itertools.pairwise(stamps)]
    assert len(stamps) >= 14
    # By construction (ingest.politeness), not by a margin: a turn starts a gap after the
    # previous request was answered; a per-process sleep would give ~0 here.
    assert min(gaps) >= GAP - 0.001, sorted(gaps)[:5]
