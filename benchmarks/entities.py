"""`benchmark entities --papers N`: import N papers (the demo corpus, or a synthetic one) into a
scratch database, then time a full rematch of every entity (what a bulk rebuild costs), a
rematch of one entity (what an alias change costs) and the month-table API."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from benchmarks import Figures
from benchmarks.scratch import create_database, run_child, scratch_name
from benchmarks.synthetic import synthesize

DEMO_PAPERS = 69760
API_SCRIPT = """
import time, statistics
from django.test import Client
client = Client()
timings = []
for i in range(200):
    started = time.perf_counter()
    response = client.get("/api/entities", {"kind": "framework", "month": f"2019-{i % 12 + 1:02d}"})
    assert response.status_code == 200
    timings.append(1000 * (time.perf_counter() - started))
timings.sort()
print(f"API p50={statistics.median(timings):.2f} p95={timings[int(0.95 * len(timings))]:.2f}")
"""


def _inner_seconds(output: str) -> float:
    """The matching time the command itself reports (without the process start-up)."""
    for line in output.splitlines():
        if line.startswith("seconds "):
            return float(line.split()[1])
    raise RuntimeError(f"no timing in: {output[-300:]}")


def run(command: BaseCommand, options: dict[str, Any]) -> Figures:
    papers: int = options["papers"]
    corpus = settings.DEMO_CORPUS
    if papers != DEMO_PAPERS:
        command.stdout.write(f"synthesising {papers} papers from the demo corpus ...")
        corpus = synthesize(papers, settings.DATA_DIR / "bench" / f"synthetic-{papers}.jsonl")
    url = create_database(scratch_name(f"entities_{papers}"))
    imported = run_child(url, ["import_snapshot", str(corpus), "--categories", "all"])
    command.stdout.write(f"import (terms, entities and all) {imported.seconds:.1f} s")
    everything = run_child(url, ["rematch_entities", "--timing"])
    one = run_child(url, ["rematch_entities", "adam", "--timing"])
    api = run_child(url, ["shell", "-c", API_SCRIPT]).output.strip().splitlines()[-1]
    p50, p95 = (float(part.split("=")[1]) for part in api.split()[1:3])
    full_s, one_s = _inner_seconds(everything.output), _inner_seconds(one.output)
    command.stdout.write(
        f"rematch all entities {full_s:.2f} s (process {everything.seconds:.1f} s, peak RSS "
        f"{everything.peak_rss_mib:.0f} MiB); one entity (alias change) {one_s:.2f} s; "
        f"/api/entities {api}"
    )
    return {
        "papers": papers,
        "import_s": round(imported.seconds, 2),
        "rematch_all_s": round(full_s, 2),
        "rematch_one_s": round(one_s, 2),
        "api_p50_ms": round(p50, 2),
        "api_p95_ms": round(p95, 2),
    }
