"""Live-ingest benchmarks against the fake arXiv (tests/fake_arxiv.py, a real local server).

`benchmark harvest`: one simulated month (2019-10 of the demo corpus, 1,684 papers) harvested
by `manage.py harvest_arxiv` with the configured politeness gap (ARXIV_DELAY_SECONDS, 3 s
unless set): requests, papers, wall time, smallest gap seen by the server.

`benchmark harvest-day`: the demo corpus (51k papers) is loaded into a scratch database, then
one day of ~1,500 new papers (`--papers`, default 1500; demo records re-dated to
2020-01-15 under new ids) is harvested with no politeness gap; reports the whole run and the
part spent in `after_ingest` for the touched month (the bar: <= 10 s).
"""

import itertools
import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

from django.core.management.base import BaseCommand

from benchmarks import Figures
from benchmarks.scratch import create_database, latest_run, run_child, scratch_name
from tests import fake_arxiv

MONTH = "2019-10"
DAY = datetime(2020, 1, 15, tzinfo=UTC)


def run_month(command: BaseCommand, options: dict[str, Any]) -> Figures:
    papers = fake_arxiv.papers_of_month(MONTH)
    url = create_database(scratch_name("harvest"))
    with fake_arxiv.FakeArxiv(papers) as fake:
        command.stdout.write(f"harvesting {MONTH} ({len(papers)} papers) from {fake.api_url}")
        child = run_child(
            url,
            ["harvest_arxiv", "--from", f"{MONTH}-01", "--until", f"{MONTH}-31"],
            extra_env={"ARXIV_API_URL": fake.api_url},
        )
        stamps = sorted(r.at for r in fake.log)
    found = latest_run(url)
    gap = min((b - a for a, b in itertools.pairwise(stamps)), default=0.0)
    command.stdout.write(found["message"])
    return {
        "month": MONTH,
        "papers": found["imported"],
        "requests": len(stamps),
        "seconds": round(child.seconds, 2),
        "run_seconds": round(found["seconds"], 2),
        "min_gap_s": round(gap, 3),
    }


def run_incremental(command: BaseCommand, options: dict[str, Any]) -> Figures:
    count = options["papers"] if options["papers"] != 69760 else 1500
    url = create_database(scratch_name("incremental"))
    command.stdout.write("loading the demo corpus into the scratch database ...")
    load = run_child(url, ["load_demo"])
    command.stdout.write(f"demo corpus loaded in {load.seconds:.1f} s")
    rng = random.Random(7)
    day = []
    for serial, record in enumerate(rng.sample(fake_arxiv.demo_papers(), count), start=1):
        moment = DAY + timedelta(seconds=serial * 50)
        day.append(
            {
                **record,
                "id": f"2001.{serial:05d}",
                "versions": [{"version": "v1", "created": format_datetime(moment, True)}],
                "update_date": DAY.date().isoformat(),
            }
        )
    with fake_arxiv.FakeArxiv(day) as fake:
        run_child(
            url,
            ["harvest_arxiv", "--from", "2020-01-15", "--until", "2020-01-15"],
            extra_env={"ARXIV_API_URL": fake.api_url, "ARXIV_DELAY_SECONDS": "0"},
        )
    found = latest_run(url)
    refresh = found["refresh"]
    command.stdout.write(f"after-ingest steps (s): {refresh.get('steps')}")
    return {
        "papers": found["imported"],
        "months": refresh.get("months"),
        "refresh_seconds": refresh.get("seconds"),
        "run_seconds": round(found["seconds"], 2),
        "requests": found["requests"],
    }
