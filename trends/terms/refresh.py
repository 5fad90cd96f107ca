"""Bringing Term / TermMonthCount / PaperTokens up to date for a set of months.

`refresh_terms(months)` rewrites exactly those months (the incremental path that every
ingest takes through trends.aggregates); `rebuild_terms()` empties the tables and rewrites
every month, which is the same code over all months, so both give the same numbers.
"""

import logging
import math
import multiprocessing
import os
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import Count, Sum

from core.locks import advisory_lock
from papers.models import MonthCategoryCount, Paper
from trends.models import PaperTokens, Term, TermMonthCount, Word
from trends.terms.extract import CHUNK_PAPERS, Chunk, count_chunk_words, extract_chunk
from trends.terms.lexicon import create_word_stage, merge_words
from trends.terms.merge import merge_stage

log = logging.getLogger(__name__)

# A refresh rewriting at least this share of the papers drops the GIN index on the token
# vectors and builds it again at the end: one sort-and-build is several times cheaper than
# millions of row-by-row GIN insertions.
BULK_SHARE = 0.25
# The lock (core.locks) serialising refreshes: two imports never merge at once.
REFRESH_LOCK = "trends:terms:refresh"
TOKENS_INDEX = "papertokens_tokens_gin"


@dataclass
class RefreshReport:
    months: int = 0
    papers: int = 0
    stage_rows: int = 0
    new_terms: int = 0
    new_words: int = 0
    rows_written: int = 0
    # 1: extracted in this process; more: by a forked pool of that many workers.
    processes: int = 1
    rebuilt_index: bool = False
    seconds: dict[str, float] = field(default_factory=dict)


def rebuild_terms(*, workers: int | None = None) -> RefreshReport:
    """Empty the term tables and recount every month."""
    return refresh_terms([], everything=True, workers=workers)


def _all_months() -> list[date]:
    return list(Paper.objects.values_list("month", flat=True).distinct().order_by("month"))


def refresh_terms(
    months: Iterable[date],
    *,
    everything: bool = False,
    workers: int | None = None,
    totals_current: bool = False,
) -> RefreshReport:
    """Recount the terms of `months` from the paper table (see module docstring).

    `totals_current`: the month totals (MonthCategoryCount) are up to date, as in the
    after-ingest pipeline, which refreshes them first; their sum is then the number of papers
    (the association measure's denominator) without counting a million rows.
    """
    month_list = sorted(set(months))
    report = RefreshReport(months=len(month_list))
    # On a connection of its own: the pool path closes Django's connections before forking,
    # which would silently drop a session lock taken there.
    with advisory_lock(REFRESH_LOCK, wait=True, own_connection=True):
        # Rewriting every month that has papers is a rebuild, whatever the caller knew
        # (a first bulk import touches every month): no history to back-fill, no candidates.
        everything = everything or not Paper.objects.exclude(month__in=month_list).exists()
        if everything:
            month_list = _all_months()
            report.months = len(month_list)
        if not month_list:
            return report
        chunks = plan_chunks(month_list, workers or _cores())
        report.papers = sum(c.papers for c in chunks)
        total = _paper_total(totals_current)
        bulk = everything or report.papers >= BULK_SHARE * total
        stage = f"term_stage_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        clock = _Clock(report)
        _prepare(stage, month_list, everything=everything, drop_index=bulk)
        clock.lap("prepare")
        try:
            # Words first: the extraction folds plurals on the evidence they give.
            create_word_stage(f"{stage}_words")
            _run_chunks(f"{stage}_words", chunks, workers or _cores(), words=True)
            report.new_words = merge_words(f"{stage}_words", everything=everything)
            clock.lap("words")
            report.processes = _run_chunks(stage, chunks, workers or _cores())
            clock.lap("extract")
            if not everything:
                # The back-fill of new terms searches the other months' token vectors: it
                # needs the GIN index a bulk-sized refresh dropped (without it, a nested
                # loop matched every candidate against every paper).
                report.rebuilt_index = _ensure_tokens_index()
                _flush_tokens_index()
                clock.lap("backfill_index")
            report.stage_rows, report.new_terms, report.rows_written = merge_stage(
                stage, month_list, everything=everything, papers=total, bulk=bulk, lap=clock.lap
            )
            clock.lap("merge.commit")
            report.seconds["merge"] = round(
                sum(v for k, v in report.seconds.items() if k.startswith("merge.")), 2
            )
            if bulk and not connection.in_atomic_block:
                _set_visibility()
                clock.lap("vacuum")
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {stage}, {stage}_words")
            report.rebuilt_index = _ensure_tokens_index() or report.rebuilt_index
            clock.lap("index")
        log.info("term refresh: %s", report)
    return report


def _paper_total(totals_current: bool) -> int:
    if totals_current:
        found = MonthCategoryCount.objects.aggregate(papers=Sum("papers"))["papers"]
        return int(found or 0)
    return Paper.objects.count()


class _Clock:
    def __init__(self, report: RefreshReport) -> None:
        self.report = report
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.report.seconds[name] = round(now - self.last, 2)
        self.last = now


def _cores() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def plan_chunks(months: list[date], workers: int) -> list[Chunk]:
    """Id ranges of at most CHUNK_PAPERS papers per month, big months split across workers."""
    if not months:
        return []
    counts = dict(
        Paper.objects.filter(month__in=months)
        .values_list("month")
        .annotate(n=Count("id"))
        .order_by()
    )
    total = sum(counts.values())
    size = max(500, min(CHUNK_PAPERS, math.ceil(total / max(1, workers))))
    chunks = []
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT month, min(id), max(id), count(*) FROM (
                SELECT month, id, (row_number() OVER (PARTITION BY month ORDER BY id) - 1)
                       / %s AS part
                FROM {Paper._meta.db_table} WHERE month = ANY(%s)
            ) numbered GROUP BY month, part
            """,
            [size, months],
        )
        for month, first_id, last_id, papers in cursor.fetchall():
            chunks.append(Chunk(month, first_id, last_id, papers))
    # Biggest first, so the two workers finish together.
    return sorted(chunks, key=lambda c: -c.papers)


def _prepare(stage: str, months: list[date], *, everything: bool, drop_index: bool) -> None:
    tokens = PaperTokens._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        if everything:
            cursor.execute(
                f"TRUNCATE {tokens}, {TermMonthCount._meta.db_table}, {Term._meta.db_table}, "
                f"{Word._meta.db_table}"
            )
        else:
            # Papers of these months, including any that moved here from another month. Two
            # statements: with an OR between them PostgreSQL read every row of the table.
            cursor.execute(f"DELETE FROM {tokens} WHERE month = ANY(%s)", [months])
            cursor.execute(
                f"DELETE FROM {tokens} t USING {Paper._meta.db_table} p "
                "WHERE p.month = ANY(%s) AND t.paper_id = p.id",
                [months],
            )
        if drop_index:
            cursor.execute(f"DROP INDEX IF EXISTS {TOKENS_INDEX}")
        cursor.execute(
            f"CREATE UNLOGGED TABLE {stage} "
            "(month date, primary_category text, term text, papers integer)"
        )


def _run_chunks(stage: str, chunks: list[Chunk], workers: int, *, words: bool = False) -> int:
    """Run the extraction (or, with `words`, the word count) of every chunk into `stage`.

    Returns the number of processes that ran it (1: this one).
    """
    papers = sum(c.papers for c in chunks)
    function = count_chunk_words if words else extract_chunk
    # Below TERMS_PARALLEL_MIN_PAPERS the fork costs more than it saves (at 1,000 a test's
    # import forked inside an xdist worker, and one child hung with its COPY open). A Celery
    # prefork child is a daemon and may not fork a pool; inside a caller's transaction, other
    # connections would not see its rows: both work inline.
    inline = (
        workers < 2
        or papers < settings.TERMS_PARALLEL_MIN_PAPERS
        or multiprocessing.current_process().daemon
        or connection.in_atomic_block
    )
    if inline:
        for chunk in chunks:
            function(stage, chunk)
        return 1
    # Children open their own connections: none inherits a socket of Django's, let alone one
    # in the middle of a COPY. (The advisory lock's own connection is inherited but never
    # used there, and psycopg does not close a connection made by another process.)
    connections.close_all()
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, maxtasksperchild=20) as pool:
        tasks = [(words, stage, c) for c in chunks]
        for _ in pool.imap_unordered(_in_child, tasks):
            pass
    return workers


def _in_child(args: tuple[bool, str, Chunk]) -> int:
    words, stage, chunk = args
    return (count_chunk_words if words else extract_chunk)(stage, chunk)


def _set_visibility() -> None:
    """Vacuum the counts a bulk refresh has just written (VACUUM: outside a transaction).

    The series read TermMonthCount by index only, which skips the table for pages the
    visibility map marks all-visible; only a vacuum sets those marks. Until autovacuum got
    to a rebuild's millions of rows (never, where it is off), every series read its rows'
    pages as well (5 terms at 1M papers: 2,000 heap fetches, 1.7 ms against 1.3 ms).
    """
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM {TermMonthCount._meta.db_table}")


def _ensure_tokens_index() -> bool:
    """Build the GIN index on the token vectors if a bulk refresh dropped it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [TOKENS_INDEX])
        if cursor.fetchone():
            return False
        cursor.execute("SET maintenance_work_mem = '256MB'")
    index = next(i for i in PaperTokens._meta.indexes if i.name == TOKENS_INDEX)
    with connection.schema_editor() as editor:
        editor.add_index(PaperTokens, index)
    with connection.cursor() as cursor:
        cursor.execute("RESET maintenance_work_mem")
        cursor.execute(f"ANALYZE {PaperTokens._meta.db_table}")
    return True


def _flush_tokens_index() -> None:
    """Move the GIN index's pending list (the vectors just written) into the index proper.

    GIN takes new rows into a pending list of up to gin_pending_list_limit (4 MB, about a
    day of papers) that every search reads whole: each phrase search of a back-fill read its
    ~500 pages again. One merge here is the work the next insert over the limit or vacuum
    would do anyway.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [TOKENS_INDEX])
