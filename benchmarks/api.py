"""`benchmark api --requests N`: throughput of the chart JSON endpoints under gunicorn.

Starts gunicorn with 2 sync workers on a free loopback port against the current database,
warms each URL once, then sends N requests from 8 client threads and reports requests per
second and latency percentiles. The client runs on the same 2 cores, so the figure is a
lower bound of what the server alone sustains.
"""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from itertools import cycle, islice
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from benchmarks import Figures
from benchmarks.scratch import database_url

# The chart endpoints a dashboard user hits; features add theirs here.
URLS = [
    "/api/months",
    "/api/months?categories=all",
    "/api/months?categories=cs.CL,cs.NE&from=2010-01&to=2019-12",
    "/api/months?categories=stat.ML&format=csv",
    "/api/fractions?q=tensorflow,pytorch,theano,caffe,keras",
    "/api/fractions?q=batch%20normalization,dropout&smooth=3",
    "/api/fractions?q=group:optimizer",
    "/api/hot",
    "/api/entities?kind=framework&month=2017-06",
]
CLIENT_THREADS = 8


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(port: int, url: str, host: str = "127.0.0.1") -> tuple[int, float]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request("GET", url)
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        conn.close()


def _wait_until_up(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            if _get(port, "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 60 s")


def run(command: BaseCommand, options: dict[str, Any]) -> Figures:
    total: int = options["requests"]
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(settings.DATABASES["default"]["NAME"]),
        "LOOPBACK_ONLY": "1",  # it binds 127.0.0.1 only (config/serving.py)
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--log-level", "warning"],
        env=env, cwd=settings.BASE_DIR,
    )  # fmt: skip
    try:
        _wait_until_up(port, time.monotonic() + 60)
        for url in URLS:
            for _ in range(2):  # both workers see each URL before timing starts
                status, _seconds = _get(port, url)
                if status != 200:
                    raise RuntimeError(f"{url} answered {status}")
        started = time.perf_counter()
        with ThreadPoolExecutor(CLIENT_THREADS) as pool:
            results = list(pool.map(lambda url: _get(port, url), islice(cycle(URLS), total)))
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    failures = sum(1 for status, _ in results if status != 200)
    latencies = sorted(seconds * 1000 for _, seconds in results)
    p50 = statistics.median(latencies)
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    rate = total / elapsed
    command.stdout.write(
        f"{total} requests over {len(URLS)} URLs, {CLIENT_THREADS} client threads, "
        f"2 gunicorn workers: {rate:,.0f} req/s, p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
        f"{failures} failures"
    )
    return {
        "requests": total,
        "req_per_s": round(rate),
        "p50_ms": round(p50, 1),
        "p95_ms": round(p95, 1),
        "failures": failures,
    }
