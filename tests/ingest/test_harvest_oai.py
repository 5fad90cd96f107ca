"""Bulk harvest over OAI-PMH (arXivRaw, sets cs and stat) from the fake arXiv, resumable."""

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from email.utils import parsedate_to_datetime
from typing import Any

import pytest
import requests
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from ingest.harvest import harvest_oai
from ingest.models import IngestRun
from papers.models import MonthCategoryCount, Paper
from tests.conftest import database_url_for_subprocess, paper, wait_until
from tests.fake_arxiv import FakeArxiv, papers_of_month
from tests.ingest.test_harvest_api import ids, serve, stored_ids

pytestmark = pytest.mark.django_db(transaction=True)
# Datestamps are the last update: revised papers carry later ones.
WINDOW = date(2019, 1, 1), date(2030, 12, 31)
# Not one of the six ML categories: in the `stat` set, but not kept.
OFF_TOPIC = paper("1903.00001", categories="stat.ME math.ST", update_date="2019-03-02")


@pytest.fixture(scope="module")
def march() -> list[dict[str, Any]]:
    return papers_of_month("2019-03")


@pytest.fixture
def fake(settings: Any, march: list[dict[str, Any]]) -> Iterator[FakeArxiv]:
    with serve(settings, [*march, OFF_TOPIC], oai_page_size=200) as running:
        yield running


def test_it_keeps_a_record_whose_categories_carry_msc_classes(settings, march):
    classified = paper("1903.99999", categories="cs.LG 68T05 I.2.6", update_date="2019-03-02")
    with serve(settings, [*march[:20], classified], classified_every=1) as fake:
        page = requests.get(
            fake.oai_url,
            params={"verb": "ListRecords", "metadataPrefix": "arXivRaw", "set": "cs"},
            timeout=10,
        ).text
        run = harvest_oai(*WINDOW, sets=("cs",))  # fmt: skip
    assert "<msc-class>" in page and "<acm-class>" in page
    assert (run.state, run.invalid) == (IngestRun.State.SUCCEEDED, 0), run.errors
    assert Paper.objects.get(arxiv_id="1903.99999").categories == ["cs.LG"]
    cs_papers = [p for p in march[:20] if any(c.startswith("cs.") for c in p["categories"].split())]
    assert stored_ids() == ids([*cs_papers, classified])


def test_it_harvests_both_sets_and_keeps_the_ml_categories(fake, march):
    run = harvest_oai(*WINDOW)
    assert run.invalid == 0, run.errors
    assert run.state == IngestRun.State.SUCCEEDED, run.message
    assert stored_ids() == ids(march)
    archives = [{c.split(".")[0] for c in p["categories"].split()} for p in march]
    in_both = [a for a in archives if {"cs", "stat"} <= a]
    # Papers in both sets come twice; the second copy is unchanged.
    assert run.unchanged == len(in_both) > 0
    assert run.skipped == 1  # OFF_TOPIC
    assert run.imported == len(march)
    assert {r.path for r in fake.log} == {"/oai"}
    assert "metadataPrefix=arXivRaw" in fake.log[0].query
    # v1 time to the second, from the arXivRaw version history.
    first = march[0]
    stored = Paper.objects.get(arxiv_id=first["id"])
    assert stored.submitted == parsedate_to_datetime(first["versions"][0]["created"])
    assert sum(MonthCategoryCount.objects.values_list("papers", flat=True)) == len(march)


def test_a_stopped_backfill_resumes_from_its_stored_resumption_token(fake, march):
    fake.inject("truncated", times=4, match="%7C400")  # the page after token ...|400
    first = harvest_oai(*WINDOW)
    assert first.state == IngestRun.State.FAILED
    assert first.cursor["token"].endswith("|400")
    assert first.cursor["sets"] == ["cs", "stat"]
    assert "resumptionToken=cs|2019-01-01|2030-12-31|400" in first.errors[-1]["where"]
    assert "truncated or malformed XML" in first.errors[-1]["reason"]
    assert Paper.objects.count() == 400

    seen = len(fake.log)
    second = harvest_oai(*WINDOW)
    assert second.state == IngestRun.State.SUCCEEDED
    assert second.parameters["resumed_from_run"] == first.pk
    assert "resumptionToken=cs%7C2019-01-01%7C2030-12-31%7C400" in fake.log[seen].query
    assert stored_ids() == ids(march)


def test_an_expired_token_restarts_its_set(fake, march):
    fake.inject("bad-token", match="resumptionToken")
    run = harvest_oai(*WINDOW)
    assert run.state == IngestRun.State.SUCCEEDED
    assert any("badResumptionToken" in e["reason"] for e in run.errors)
    assert stored_ids() == ids(march)


def test_an_empty_window_is_a_success_with_nothing_to_do(fake):
    run = harvest_oai(date(2001, 1, 1), date(2001, 1, 31))
    assert run.state == IngestRun.State.SUCCEEDED
    assert run.read == 0
    assert len(fake.log) == 2  # one noRecordsMatch per set


def test_the_command_reports_the_run_and_fails_on_bad_dates(fake, march, capsys):
    call_command("harvest_oai", "--from", "2019-01-01", "--until", "2030-12-31")
    assert "succeeded" in capsys.readouterr().out
    assert Paper.objects.count() == len(march)
    with pytest.raises(CommandError, match="--until: '2019-13-01' is not a date"):
        call_command("harvest_oai", "--from", "2019-01-01", "--until", "2019-13-01")
    with pytest.raises(CommandError, match="is after --until"):
        call_command("harvest_arxiv", "--from", "2019-02-01", "--until", "2019-01-01")


def test_a_backfill_stopped_with_ctrl_c_resumes_with_the_same_command(fake, march):
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_subprocess(),
        "ARXIV_OAI_URL": fake.oai_url,
        "ARXIV_DELAY_SECONDS": "0.3",
    }
    command = [sys.executable, "manage.py", "harvest_oai", "--from", "2019-01-01",
               "--until", "2030-12-31"]  # fmt: skip
    backfill = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR, stderr=subprocess.PIPE)
    assert wait_until(lambda: IngestRun.objects.filter(read__gte=400).exists(), timeout=60)
    backfill.send_signal(signal.SIGINT)
    assert backfill.wait(timeout=30) != 0
    stopped = IngestRun.objects.get()
    assert stopped.state == IngestRun.State.FAILED
    assert "KeyboardInterrupt" in stopped.message
    assert stopped.cursor["token"]
    assert Paper.objects.count() < len(march)

    done = subprocess.run(command, env=env, cwd=settings.BASE_DIR, capture_output=True)
    assert done.returncode == 0, done.stderr
    resumed = IngestRun.objects.latest("started_at")
    assert resumed.parameters["resumed_from_run"] == stopped.pk
    assert stored_ids() == ids(march)
    # Both months' totals are right although the stopped run never re-aggregated.
    assert sum(MonthCategoryCount.objects.values_list("papers", flat=True)) == len(march)
