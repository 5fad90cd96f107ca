"""`benchmark institutions`: import the bundled ROR subset and every bundled conference list
into a scratch database, then time one curation refresh (re-resolve all mentions,
statistics, queue) and the API."""

import time
from typing import Any

from django.core.management.base import BaseCommand

from benchmarks import Figures
from benchmarks.scratch import create_database, run_child, scratch_name

API_SCRIPT = """
import time, statistics
from django.test import Client
client = Client()
timings = []
for i in range(200):
    started = time.perf_counter()
    query = {"conference": "neurips", "year": 2018, "top": 30, "parents": i % 2}
    response = client.get("/api/institutions", query)
    assert response.status_code == 200
    timings.append(1000 * (time.perf_counter() - started))
timings.sort()
print(f"API p50={statistics.median(timings):.2f} p95={timings[int(0.95 * len(timings))]:.2f}")
"""


def run(command: BaseCommand, options: dict[str, Any]) -> Figures:
    url = create_database(scratch_name("institutions"))
    ror = run_child(url, ["load_institutions", "--no-refresh"])
    command.stdout.write(ror.output.strip().splitlines()[0])
    load = run_child(url, ["load_conferences"])
    command.stdout.write(load.output.strip().splitlines()[-1])
    refresh = run_child(url, ["refresh_institutions"])
    command.stdout.write(f"refresh: {refresh.output.strip()}")
    started = time.perf_counter()
    api = run_child(url, ["shell", "-c", API_SCRIPT])
    api_line = api.output.strip().splitlines()[-1]
    command.stdout.write(api_line)
    p50, p95 = (float(part.split("=")[1]) for part in api_line.split()[1:3])
    # The refresh prints its own timing ({..., 'seconds': 2.6}); the process also pays start-up.
    refresh_seconds = float(refresh.output.rsplit("'seconds': ", 1)[1].split("}")[0])
    command.stdout.write(
        f"ROR import + curated seed {ror.seconds:.2f} s (peak RSS {ror.peak_rss_mib:.0f} MiB); "
        f"import of the bundled lists + statistics {load.seconds:.2f} s "
        f"(peak RSS {load.peak_rss_mib:.0f} MiB); refresh after a curation change "
        f"{refresh_seconds:.2f} s; API ms p50 {p50:.2f} p95 {p95:.2f} "
        f"({time.perf_counter() - started:.1f} s)"
    )
    return {
        "ror_import_seconds": round(ror.seconds, 2),
        "ror_peak_rss_mib": round(ror.peak_rss_mib),
        "import_seconds": round(load.seconds, 2),
        "refresh_seconds": round(refresh_seconds, 2),
        "api_p50_ms": round(p50, 2),
        "api_p95_ms": round(p95, 2),
        "peak_rss_mib": round(load.peak_rss_mib),
    }
