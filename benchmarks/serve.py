"""`benchmark serve`: the product under mixed traffic and a soak, as `make demo` serves it.

Starts gunicorn (config/gunicorn.py, 2 workers, no worker recycling so a leak would show, and
the embedded Celery worker, as `make demo`) on a free loopback port against the current
database, which must hold the demo data, then:
1. chart JSON: N requests over the cached chart endpoints (the >= 500 req/s bar);
2. mixed: every page and API, 1,000 parameter combinations drawn for this run only (so no
   cache has seen them), and bad parameters, in one shuffled list;
3. soak: the mixed list again and again for --soak-seconds (default 600), with the workers'
   RSS sampled throughout; growth is the last minute's mean over the first minute's.
Errors are statuses >= 500 and failed connections. The command ends with `BENCH serve ...`.

`benchmark hammer --url URL --requests 5000` sends the mixed list to a server that is
already running (the issue's "5,000 requests to the running make demo") and tallies it.
"""

import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import cycle, islice
from typing import Any
from urllib.parse import urlencode, urlsplit

import psutil
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Max, Min

from benchmarks import Figures
from benchmarks.api import URLS as CHART_URLS
from benchmarks.api import _free_port, _get, _wait_until_up
from benchmarks.scratch import database_url
from entities.models import Entity
from institutions.models import ConferenceYearStat
from papers.models import Paper

CLIENT_THREADS = 8
NOVEL = 1000
SLOW_MS = 1000
PAGES = ["/", "/trends/?q=transformer,lstm", "/hot/", "/entities/", "/institutions/", "/healthz"]
TERMS = ["neural", "network", "transformer", "attention", "lstm", "gan", "dropout", "bayesian",
         "reinforcement", "graph", "kernel", "convolutional", "embedding", "adversarial",
         "variational", "bert", "translation", "segmentation", "detection", "svm"]  # fmt: skip
BAD = [
    "/api/months?from=2019-13", "/api/months?categories=cs.XX", "/api/months?format=xml",
    "/api/months?from=2018-01&to=2017-01", "/api/fractions?q=", "/api/fractions?smooth=x&q=a",
    "/api/hot?window=0", "/api/hot?limit=x", "/api/entities?kind=database",
    "/api/entities/fractions?q=entity:nope", "/api/institutions?year=abc",
    "/api/institutions?conference=nope", "/hot/?as_of=2016-13", "/?from=banana",
    "/api/months?from=2019-%C2%B2", "/api/fractions?q=a%00b",
]  # fmt: skip


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    slow: list[tuple[str, float]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500 or status == 0)

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0

    @property
    def rate(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        return (
            f"{len(self.latencies_ms)} requests, {self.rate:,.0f} req/s, p50 "
            f"{self.percentile(0.5):.1f} ms, p95 {self.percentile(0.95):.1f} ms, p99 "
            f"{self.percentile(0.99):.1f} ms, statuses {dict(sorted(self.statuses.items()))}, "
            f"{self.errors} errors, {sum(ms > SLOW_MS for _, ms in self.slow)} over {SLOW_MS} ms"
        )


@dataclass
class CpuUse:
    """CPU seconds used by this client and by the server's workers over one phase: on 2
    shared cores, how much of the machine each took per request (the client must not be
    what limits the rate)."""

    master: psutil.Process
    client: float = 0.0
    server: float = 0.0

    def __post_init__(self) -> None:
        self.client, self.server = -_client_seconds(), -_server_seconds(self.master)

    def stop(self) -> "CpuUse":
        self.client += _client_seconds()
        self.server += _server_seconds(self.master)
        return self

    def per_request_ms(self, requests: int) -> tuple[float, float]:
        return 1000 * self.client / max(requests, 1), 1000 * self.server / max(requests, 1)


def _client_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _server_seconds(master: psutil.Process) -> float:
    total = 0.0
    for child in web_workers(master):
        try:
            times = child.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def web_workers(master: psutil.Process) -> list[psutil.Process]:
    """gunicorn's web workers: the master's children but the embedded Celery worker."""
    workers = []
    for child in master.children():
        try:
            if "celery" not in child.cmdline():
                workers.append(child)
        except psutil.Error:
            continue
    return workers


def drive(
    host: str, port: int, urls: list[str], threads: int = CLIENT_THREADS, keep_all: bool = False
) -> Tally:
    """Send every URL once from `threads` client threads; count statuses and latencies.
    `slow` lists the requests over SLOW_MS, or with `keep_all` every request."""
    tally = Tally()

    def one(url: str) -> tuple[str, int, float]:
        try:
            status, seconds = _get(port, url, host)
        except OSError:
            return url, 0, 0.0
        return url, status, seconds * 1000

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        for url, status, ms in pool.map(one, urls):
            tally.statuses[status] += 1
            tally.latencies_ms.append(ms)
            if ms > SLOW_MS or keep_all:
                tally.slow.append((url, ms))
    tally.seconds = time.perf_counter() - started
    return tally


def novel_urls(count: int, rng: random.Random) -> list[str]:
    """`count` distinct parameter combinations over the data's span, drawn for this run."""
    span = Paper.objects.aggregate(first=Min("month"), last=Max("month"))
    if span["first"] is None:
        raise CommandError("no papers: load the demo corpus first (make demo, or load_demo)")
    months = [f"{y}-{m:02d}" for y in range(span["first"].year, span["last"].year + 1)
              for m in range(1, 13)]  # fmt: skip
    months = months[:-3] if len(months) > 12 else months
    slugs = list(Entity.objects.values_list("slug", flat=True)) or ["pytorch"]
    years = list(ConferenceYearStat.objects.values_list("conference__slug", "year")) or [
        ("icml", 2017)
    ]
    categories = settings.ML_CATEGORIES
    hot_months = [m for m in months if "2012-01" <= m <= "2017-03"] or months

    def window() -> dict[str, str]:
        start, end = sorted(rng.sample(range(len(months)), 2))
        return {"from": months[start], "to": months[end]}

    def cats() -> str:
        return ",".join(rng.sample(categories, rng.randint(1, len(categories))))

    makers = [
        lambda: ("/api/months", {**window(), "categories": cats()}),
        lambda: ("/api/fractions", {"q": ",".join(rng.sample(TERMS, rng.randint(1, 4))),
                                    "smooth": str(rng.randint(0, 6)), **window()}),
        lambda: ("/api/entities", {"kind": "framework", "month": rng.choice(months),
                                   "categories": cats()}),
        lambda: ("/api/entities/fractions",
                 {"q": ",".join(f"entity:{s}" for s in rng.sample(slugs, min(3, len(slugs)))),
                  **window()}),
        lambda: ("/api/institutions", dict(zip(("conference", "year"), map(str, rng.choice(years)),
                                               strict=True), top=str(rng.randint(5, 50)))),
        lambda: ("/", {**window(), "categories": cats()}),
        lambda: ("/trends/", {"q": ",".join(rng.sample(TERMS, 2)), **window()}),
        # New hot selections: computed by the worker (202 "computing" until then), or refused
        # on partial coverage (400); never inside the request.
        lambda: (rng.choice(["/api/hot", "/hot/"]),
                 {"as_of": rng.choice(hot_months), "window": str(rng.randint(1, 24)),
                  "categories": ",".join(rng.sample(["cs.CL", "cs.NE", "cs.LG", "stat.ML"],
                                                    rng.randint(1, 2))),
                  **({"allow_partial": "1"} if rng.random() < 0.3 else {})}),
    ]  # fmt: skip
    seen: set[str] = set()
    while len(seen) < count:
        path, params = rng.choice(makers)()
        seen.add(f"{path}?{urlencode(params)}")
    return sorted(seen)


def mixed_urls(rng: random.Random) -> list[str]:
    urls = [*PAGES, *CHART_URLS, *novel_urls(NOVEL, rng), *BAD]
    rng.shuffle(urls)
    return urls


class RssSampler(threading.Thread):
    """Samples the RSS (MiB) of each gunicorn worker every `interval` seconds."""

    def __init__(self, master_pid: int, interval: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.master = psutil.Process(master_pid)
        self.interval = interval
        self.samples: list[tuple[float, dict[int, float]]] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(self.interval):
            try:
                rss = {c.pid: c.memory_info().rss / 2**20 for c in web_workers(self.master)}
            except psutil.Error:
                continue
            self.samples.append((time.monotonic(), rss))

    def peak(self) -> dict[int, float]:
        peaks: dict[int, float] = {}
        for _, rss in self.samples:
            for pid, mib in rss.items():
                peaks[pid] = max(peaks.get(pid, 0.0), mib)
        return peaks

    def growth_pct(self, since: float, window: float) -> float:
        """Mean worker RSS over the last `window` s against the first `window` s after
        `since`."""
        soak = [(t, sum(r.values()) / len(r)) for t, r in self.samples if t >= since and r]
        if len(soak) < 2:
            return 0.0
        end = soak[-1][0]
        first = [m for t, m in soak if t <= since + window] or [soak[0][1]]
        last = [m for t, m in soak if t >= end - window] or [soak[-1][1]]
        return 100 * (statistics.mean(last) / statistics.mean(first) - 1)


def _start_gunicorn(data_dir: str) -> tuple[subprocess.Popen[bytes], int]:
    """gunicorn as `make demo` runs it (no Redis, its embedded worker and folder broker under
    `data_dir`), on the current database."""
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "REDIS_URL")},
        "DATABASE_URL": database_url(settings.DATABASES["default"]["NAME"]),
        "LOOPBACK_ONLY": "1", "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2",
        "GUNICORN_MAX_REQUESTS": "0", "GUNICORN_ACCESS_LOG": "",
        "EMBEDDED_WORKER": "1", "ARXIV_TRENDS_DATA_DIR": data_dir,
    }  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
        env=env, cwd=settings.BASE_DIR,
    )  # fmt: skip
    _wait_until_up(port, time.monotonic() + 60)
    return server, port


def run(command: BaseCommand, options: dict[str, Any]) -> Figures:
    rng = random.Random(time.time_ns())
    urls = mixed_urls(rng)
    data_dir = tempfile.mkdtemp(prefix="serve-bench-")
    server, port = _start_gunicorn(data_dir)
    sampler = RssSampler(server.pid)
    sampler.start()
    try:
        for url in CHART_URLS * 2:  # both workers warm the chart answers
            _get(port, url)
        cpu = CpuUse(psutil.Process(server.pid))
        chart = drive("127.0.0.1", port, list(islice(cycle(CHART_URLS), options["requests"])))
        client_ms, server_ms = cpu.stop().per_request_ms(len(chart.latencies_ms))
        command.stdout.write(
            f"chart JSON: {chart.line()}; CPU per request: client {client_ms:.2f} ms, "
            f"gunicorn workers {server_ms:.2f} ms; load average {_load()}"
        )
        mixed = drive("127.0.0.1", port, urls)
        command.stdout.write(f"mixed ({len(urls)} URLs, {NOVEL} never seen): {mixed.line()}")
        for url, ms in sorted(mixed.slow, key=lambda s: -s[1])[:10]:
            command.stdout.write(f"  slow: {ms:,.0f} ms {url}")
        soak_started = time.monotonic()
        soak = Tally()
        while time.monotonic() - soak_started < options["soak_seconds"]:
            round_ = drive("127.0.0.1", port, urls)
            soak.latencies_ms += round_.latencies_ms
            soak.statuses.update(round_.statuses)
            soak.slow += round_.slow
            soak.seconds += round_.seconds
        window = min(60.0, max(1.0, options["soak_seconds"] / 6))
        growth = sampler.growth_pct(soak_started, window)
    finally:
        sampler.stopping.set()
        server.terminate()
        server.wait(timeout=60)
        shutil.rmtree(data_dir, ignore_errors=True)
    peaks = sorted(sampler.peak().values(), reverse=True)[:2]
    command.stdout.write(f"soak {options['soak_seconds']} s: {soak.line()}; RSS {growth:+.1f}%")
    return {
        "chart_req_per_s": round(chart.rate), "chart_p95_ms": round(chart.percentile(0.95), 1),
        "chart_client_cpu_ms": round(client_ms, 2), "chart_server_cpu_ms": round(server_ms, 2),
        "mixed_requests": len(mixed.latencies_ms), "mixed_req_per_s": round(mixed.rate),
        "p50_ms": round(mixed.percentile(0.5), 1), "p95_ms": round(mixed.percentile(0.95), 1),
        "p99_ms": round(mixed.percentile(0.99), 1),
        "errors": chart.errors + mixed.errors + soak.errors,
        "over_1s": len(mixed.slow) + len(soak.slow),
        "peak_rss_mib": ",".join(f"{p:.0f}" for p in peaks),
        "soak_s": options["soak_seconds"], "soak_requests": len(soak.latencies_ms),
        "rss_growth_pct": round(growth, 1), "load_avg": _load(),
    }  # fmt: skip


def _load() -> str:
    """The 1-, 5- and 15-minute load averages: the machine is shared, so every figure says
    what else was running."""
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def hammer(command: BaseCommand, options: dict[str, Any]) -> Figures:
    """`benchmark hammer --url http://127.0.0.1:8000 --requests 5000` against a running server."""
    target = urlsplit(options["url"] or "")
    if target.scheme != "http" or target.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise CommandError("--url must be http:// on a loopback address (e.g. the make demo)")
    port = target.port or 80
    urls = list(islice(cycle(mixed_urls(random.Random(time.time_ns()))), options["requests"]))
    tally = drive(target.hostname, port, urls, keep_all=True)
    alive = _get(port, "/healthz", target.hostname)[0] == 200
    command.stdout.write(f"{options['url']}: {tally.line()}; answering afterwards: {alive}")
    for url, ms in sorted(tally.slow, key=lambda s: -s[1])[:10]:
        command.stdout.write(f"  slowest: {ms:,.0f} ms {url}")
    return {
        "requests": len(urls), "errors": tally.errors, "statuses": _statuses(tally),
        "over_1s": sum(1 for _, ms in tally.slow if ms > SLOW_MS),
        "max_ms": round(max(tally.latencies_ms)), "p95_ms": round(tally.percentile(0.95), 1),
        "alive": int(alive), "load_avg": _load(),
    }  # fmt: skip


def _statuses(tally: Tally) -> str:
    return ",".join(f"{status}:{n}" for status, n in sorted(tally.statuses.items()))
