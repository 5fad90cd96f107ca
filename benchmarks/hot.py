"""`benchmark hot --papers N`: recompute of the hot table over the whole vocabulary, and serve.

Reuses the N-paper scratch database of `benchmark import`/`benchmark fractions` (importing
it first if missing, like `benchmark fractions`), then in a child against it measures the
recompute (compute_and_store for the latest complete month) and the serve time of /api/hot
from the stored table.
"""

import os
import statistics
import time
from typing import Any

from django.core.management.base import BaseCommand
from django.test import Client

from benchmarks import Figures, fractions
from benchmarks.scratch import child_figures
from papers.models import Paper
from trends.hot import compute_and_store
from trends.models import Term

CHILD_FLAG = "HOT_BENCH_CHILD"
RUNS = 40


def run(command: BaseCommand, options: dict[str, Any]) -> Figures:
    if os.environ.get(CHILD_FLAG):
        return _measure(command)
    url = fractions.ensure_database(command, options["papers"])
    return child_figures(
        url, ["benchmark", "hot", "--papers", str(options["papers"])], extra_env={CHILD_FLAG: "1"}
    )


def _measure(command: BaseCommand) -> Figures:
    out = command.stdout.write
    out(f"{Paper.objects.count()} papers, {Term.objects.count()} vocabulary terms")
    recompute = []
    snapshot = None
    for _ in range(3):
        started = time.perf_counter()
        snapshot = compute_and_store()
        recompute.append(time.perf_counter() - started)
    assert snapshot is not None
    client = Client()
    url = f"/api/hot?as_of={snapshot.as_of:%Y-%m}"
    seconds = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        seconds.append(time.perf_counter() - started)
    assert response.status_code == 200 and response.json()["source"] == "precomputed"
    seconds.sort()
    p95 = seconds[int(0.95 * len(seconds)) - 1] * 1000
    out(
        f"recompute (whole vocabulary, as of {snapshot.as_of:%Y-%m}): "
        f"median {statistics.median(recompute):.1f} s of 3"
    )
    out(
        "serve /api/hot from the stored table: "
        f"p50 {statistics.median(seconds) * 1000:.1f} ms, p95 {p95:.1f} ms"
    )
    for row in snapshot.payload["hot"][:10]:
        out(f"  {row['term']:<30} x{row['ratio']:.2f}")
    return {
        "papers": Paper.objects.count(),
        "recompute_s": round(statistics.median(recompute), 2),
        "serve_p50_ms": round(statistics.median(seconds) * 1000, 1),
        "serve_p95_ms": round(p95, 1),
    }
