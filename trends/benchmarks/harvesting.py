"""Live-ingest benchmarks against the fake arXiv (tests/fake_arxiv.py, a real local server).

`benchmark harvest`: one simulated month (2019-10 of the demo corpus, 1,684 papers) harvested
by `manage.py harvest_arxiv` with the configured politeness gap (ARXIV_DELAY_SECONDS, 3 s
unless set): requests, papers, wall time, smallest gap seen by the server.

`benchmark incremental`: the demo corpus (51k papers) is loaded into a scratch database, then
one day of ~1,500 new papers (`--papers`, default 1500; demo records re-dated to
2020-01-15 under new ids) is harvested with no politeness gap; reports the whole run and the
part spent in `after_ingest` for the touched month (BRIEF §4: <= 10 s).
"""

import itertools
import random
import re
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

from django.core.management.base import BaseCommand

from trends.benchmarks.scratch import create_database, run_child, scratch_name

MONTH = "2019-10"
DAY = datetime(2020, 1, 15, tzinfo=UTC)
_SUMMARY = re.compile(
    r"succeeded in (?P<seconds>[\d.]+) s: read (?P<read>\d+), new (?P<new>\d+).*"
    r"requests (?P<requests>\d+), refreshed (?P<months>\d+) month\(s\) in (?P<refresh>[\d.]+) s"
)


def _fake_arxiv() -> Any:
    # The fake server lives with the tests; benchmarks run from a source checkout.
    from tests import fake_arxiv

    return fake_arxiv


def _summary(output: str) -> dict[str, str]:
    match = _SUMMARY.search(output)
    if not match:
        raise RuntimeError(f"no run summary in the harvest's output:\n{output[-1000:]}")
    return match.groupdict()


def run_month(command: BaseCommand, options: dict[str, Any]) -> None:
    fake_arxiv = _fake_arxiv()
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
    found = _summary(child.output)
    gap = min((b - a for a, b in itertools.pairwise(stamps)), default=0.0)
    command.stdout.write(child.output.strip().splitlines()[-1])
    command.stdout.write(
        f"BENCH harvest month={MONTH} papers={found['new']} requests={len(stamps)} "
        f"seconds={child.seconds:.2f} run_seconds={found['seconds']} min_gap_s={gap:.3f}"
    )


def run_incremental(command: BaseCommand, options: dict[str, Any]) -> None:
    count = options["papers"] if options["papers"] != 51116 else 1500
    fake_arxiv = _fake_arxiv()
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
        child = run_child(
            url,
            ["harvest_arxiv", "--from", "2020-01-15", "--until", "2020-01-15"],
            extra_env={"ARXIV_API_URL": fake.api_url, "ARXIV_DELAY_SECONDS": "0"},
        )
    found = _summary(child.output)
    # The derived tables report their own share (the term tables print a RefreshReport).
    for line in child.output.strip().splitlines():
        if "refresh" in line.lower():
            command.stdout.write(line)
    command.stdout.write(
        f"BENCH incremental papers={found['new']} base_papers=51116 months={found['months']} "
        f"refresh_seconds={found['refresh']} run_seconds={found['seconds']} "
        f"requests={found['requests']}"
    )
