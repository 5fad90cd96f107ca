"""`benchmark fractions --papers N`: term series against the naive ILIKE scan, same run.

The parent makes sure an N-paper scratch database exists (reusing the one `benchmark import
--papers N` filled, else importing the synthetic corpus, terms included), then runs itself
in a child against it (FRACTIONS_BENCH_CHILD=1), which measures:
- the server time of the 5-term series over all months, uncached (the analytics function
  plus JSON encoding, what a cache miss costs, with the data generation read as in a
  request) and through the endpoint (cached answer);
- the same answer from `ILIKE '%term%'` over title and abstract, as a user would write it;
- phrases outside the vocabulary (a trigram, an `a + b` union), uncached: the first run
  right after the ILIKE scans (cold) and OOV_RUNS more (warm);
- autocomplete (`suggest`, uncached, 8 suggestions as the page asks) over SUGGEST_PREFIXES:
  one and two letters (the widest prefix ranges) and longer ones.
"""

import os
import statistics
import time
from typing import Any

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client

from benchmarks import Figures
from benchmarks.scratch import (
    child_figures,
    create_database,
    database_exists,
    database_url,
    run_child,
    scratch_name,
    server_params,
)
from benchmarks.synthetic import synthesize
from core.cache import request_scope
from core.responses import encode_json
from papers.models import Paper
from papers.params import MonthFilter
from trends.analytics.fractions import fraction_series, primary_totals
from trends.analytics.query_help import suggest
from trends.models import Term

TERMS = ["neural network", "lstm", "word embedding", "attention", "convolutional"]
OUT_OF_VOCABULARY = ["large language model", "recurrent neural network + lstm"]
SUGGEST_PREFIXES = ["a", "s", "co", "de", "ne", "re", "tr", "lstm", "neural n", "transf", "zq"]
RUNS = 40
OOV_RUNS = 20
CHILD_FLAG = "FRACTIONS_BENCH_CHILD"


def run(command: BaseCommand, options: dict[str, Any]) -> Figures:
    if os.environ.get(CHILD_FLAG):
        return _measure(command, options["papers"])
    papers: int = options["papers"]
    url = ensure_database(command, papers)
    return child_figures(
        url, ["benchmark", "fractions", "--papers", str(papers)], extra_env={CHILD_FLAG: "1"}
    )


def ensure_database(command: BaseCommand, papers: int) -> str:
    """URL of an N-paper scratch database with term statistics, importing it if needed."""
    name = scratch_name(f"import_{papers}")
    if _filled(name):
        command.stdout.write(f"reusing scratch database {name}")
        url = database_url(name)
        run_child(url, ["migrate", "--noinput", "-v0"])  # tables added since it was filled
        return url
    corpus = settings.DEMO_CORPUS
    if papers != 69760:
        corpus = synthesize(papers, settings.DATA_DIR / "bench" / f"synthetic-{papers}.jsonl")
    url = create_database(name)
    command.stdout.write(f"importing {corpus.name} into {name} (terms included) ...")
    child = run_child(url, ["import_snapshot", str(corpus), "--categories", "all"])
    command.stdout.write(
        f"imported in {child.seconds:.1f} s, peak RSS {child.peak_rss_mib:.0f} MiB"
    )
    for line in child.output.splitlines():
        if line.startswith(("read ", "term refresh:")):
            command.stdout.write(f"  {line}")
    return url


def _filled(name: str) -> bool:
    """A scratch database with papers and term statistics (migrated by the current code)."""
    if not database_exists(name):
        return False
    try:
        with psycopg.connect(dbname=name, **server_params()) as conn:  # type: ignore[arg-type]
            row = conn.execute(
                f"SELECT (SELECT count(*) FROM {Paper._meta.db_table}), "
                f"(SELECT count(*) FROM {Term._meta.db_table})"
            ).fetchone()
    except psycopg.Error:
        return False
    return bool(row and row[0] and row[1])


def _timed(function: Any, runs: int) -> tuple[float, float, Any]:
    seconds, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - started)
    seconds.sort()
    p95 = seconds[min(len(seconds) - 1, int(0.95 * len(seconds)))]
    return statistics.median(seconds) * 1000, p95 * 1000, result


def _ilike(terms: list[str], categories: list[str]) -> dict[str, dict[Any, int]]:
    answer = {}
    with connection.cursor() as cursor:
        for term in terms:
            pattern = f"%{term}%"
            cursor.execute(
                f"SELECT month, count(*) FROM {Paper._meta.db_table} "
                "WHERE primary_category = ANY(%s) AND (title ILIKE %s OR abstract ILIKE %s) "
                "GROUP BY month",
                [categories, pattern, pattern],
            )
            answer[term] = dict(cursor.fetchall())
    return answer


def _measure(command: BaseCommand, papers: int) -> Figures:
    out = command.stdout.write
    selection = MonthFilter(list(settings.ML_CATEGORIES), None, None)
    stored = Paper.objects.count()
    out(f"{stored} papers in the database; query: {', '.join(TERMS)} over all months")
    primary_totals(selection.categories)  # warm the connection and the catalogue

    def uncached() -> bytes:
        with request_scope():  # the generation read as a request reads it (core.cache)
            # Encoded as the endpoint encodes an answer it caches (core.views.api_view).
            return encode_json(fraction_series(TERMS, selection).as_json())

    p50, p95, _ = _timed(uncached, RUNS)
    client = Client()
    url = "/api/fractions?q=" + ",".join(TERMS)
    client.get(url)
    c50, c95, response = _timed(lambda: client.get(url), RUNS)
    assert response.status_code == 200, response.content[:200]
    i50, _, naive = _timed(lambda: _ilike(TERMS, selection.categories or []), 3)
    series = fraction_series(TERMS, selection)
    agree = sum(
        1
        for line, term in zip(series.series, TERMS, strict=True)
        for month, count in zip(series.months, line.counts, strict=True)
        if count and naive[term].get(month, 0) >= count
    )
    cells = sum(1 for line in series.series for count in line.counts if count)
    out(f"series, uncached (analytics + JSON): p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    out(f"series, endpoint with the answer cached: p50 {c50:.1f} ms, p95 {c95:.1f} ms")
    out(f"naive ILIKE scan of the same 5 terms: {i50:.0f} ms (median of 3)")
    out(
        f"ILIKE counts >= term counts in {agree}/{cells} non-zero cells (substrings also "
        "match inside other words, so ILIKE overcounts)"
    )
    # Right after the ILIKE scans: the first run of each phrase meets the caches they left
    # (cold), the next ones find its pages again (warm).
    cold, warm = [], []
    for phrase in OUT_OF_VOCABULARY:
        first, _, result = _timed(lambda p=phrase: fraction_series([p], selection), 1)
        o50, o95, _ = _timed(lambda p=phrase: fraction_series([p], selection), OOV_RUNS)
        path = result.series[0].path
        out(
            f"out of vocabulary {phrase!r} ({path}, {result.series[0].total_papers} papers): "
            f"cold {first:.0f} ms; warm p50 {o50:.0f} ms, p95 {o95:.0f} ms"
        )
        cold.append(first)
        warm.append(o95)
    ratio = i50 / p95
    out(f"ILIKE / series p95 = {ratio:.0f}x")
    worst = max((_timed(lambda p=p: suggest(p, 8), OOV_RUNS)[1], p) for p in SUGGEST_PREFIXES)
    out(f"autocomplete, worst p95 of the prefixes: {worst[0]:.1f} ms ({worst[1]!r})")
    return {
        "papers": stored,
        "series_p50_ms": round(p50, 1),
        "series_p95_ms": round(p95, 1),
        "cached_p95_ms": round(c95, 1),
        "ilike_ms": round(i50),
        "speedup": round(ratio),
        "oov_cold_ms": round(max(cold)),
        "oov_warm_p95_ms": round(max(warm)),
        "suggest_worst_p95_ms": round(worst[0], 1),
    }
