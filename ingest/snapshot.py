"""Importing the Cornell arXiv metadata snapshot (JSON lines, plain, .gz or .xz), streaming.

Memory stays bounded by one batch of records whatever the file size. Bad lines are
reported with their line number and reason and never stop the import.
"""

import gzip
import json
import lzma
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from time import perf_counter
from typing import IO

from django.conf import settings
from django.utils import timezone

from ingest.loader import upsert_papers
from ingest.models import MAX_STORED_ERRORS, IngestRun
from ingest.records import InvalidRecord, PaperRecord, parse_record
from papers.pipeline import after_ingest

BATCH_SIZE = 5000


class SnapshotUnreadable(Exception):
    """Nothing at all could be read from the file."""


@dataclass
class ImportReport:
    read: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_category: int = 0
    skipped_date: int = 0
    invalid: int = 0
    repaired: int = 0
    errors: list[dict[str, object]] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)
    touched_months: set[date] = field(default_factory=set)
    stream_error: str = ""

    def add_error(self, line: int, reason: str, kind: str) -> None:
        self.invalid += 1
        self.reasons[kind] += 1
        if len(self.errors) < MAX_STORED_ERRORS:
            self.errors.append({"where": f"line {line}", "reason": reason})

    def summary_line(self) -> str:
        return (
            f"read {self.read}, imported {self.imported}, updated {self.updated}, "
            f"unchanged {self.unchanged}, skipped by category {self.skipped_category}, "
            f"skipped by date {self.skipped_date}, invalid {self.invalid}, "
            f"repaired {self.repaired}"
        )


@dataclass(frozen=True)
class SnapshotFilter:
    categories: frozenset[str] | None  # None: every category
    since: date | None = None
    until: date | None = None

    @classmethod
    def default(cls) -> "SnapshotFilter":
        return cls(frozenset(settings.ML_CATEGORIES))


def open_snapshot(path: Path) -> tuple[IO[bytes], IO[bytes]]:
    """(decompressed stream, raw file); the raw file's position drives the progress bar."""
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise SnapshotUnreadable(f"{path}: {exc.strerror or exc}") from None
    name = path.name.lower()
    stream: IO[bytes]
    if name.endswith((".xz", ".lzma")):
        stream = lzma.open(raw)  # noqa: SIM115 (closed by the caller)
    elif name.endswith(".gz"):
        stream = gzip.open(raw)  # type: ignore[assignment]  # noqa: SIM115 (closed by the caller)
    else:
        stream = raw
    return stream, raw


def iter_lines(stream: IO[bytes], report: ImportReport) -> Iterator[tuple[int, bytes]]:
    """Numbered lines; a corrupt compressed stream ends the iteration with an error noted."""
    lineno = 0
    try:
        for lineno, line in enumerate(stream, start=1):
            yield lineno, line
    except (EOFError, OSError, lzma.LZMAError) as exc:
        report.stream_error = f"line {lineno + 1}: the file is truncated or corrupt ({exc})"


def import_snapshot(
    path: Path,
    selection: SnapshotFilter | None = None,
    *,
    batch_size: int = BATCH_SIZE,
    resume: bool = False,
    on_progress: Callable[[int], None] | None = None,
    refresh: bool = True,
) -> tuple[ImportReport, IngestRun]:
    """Import one snapshot file; record the run; refresh the aggregates of touched months.

    With `resume`, lines up to the cursor of the latest unfinished run of the same file are
    skipped (they were committed); without it the whole file is read again, which is
    harmless because the upsert is idempotent.
    """
    selection = selection or SnapshotFilter.default()
    stream, raw = open_snapshot(path)
    key = f"{path.resolve()}:{path.stat().st_size}"
    start_after = 0
    previous = IngestRun.objects.for_source(IngestRun.Source.SNAPSHOT, key).order_by("-started_at")
    last = previous.first()
    if resume and last and last.state != IngestRun.State.SUCCEEDED:
        start_after = int(last.cursor.get("line", 0))
    run = IngestRun.objects.create(
        source=IngestRun.Source.SNAPSHOT,
        key=key,
        parameters={
            "path": str(path),
            "categories": sorted(selection.categories) if selection.categories else "all",
            "since": selection.since.isoformat() if selection.since else None,
            "until": selection.until.isoformat() if selection.until else None,
            "resumed_from_line": start_after,
        },
    )
    report = ImportReport()
    batch: list[PaperRecord] = []
    lineno = 0

    def flush() -> None:
        counts = upsert_papers(batch)
        report.imported += counts.imported
        report.updated += counts.updated
        report.unchanged += counts.unchanged
        report.touched_months |= counts.touched_months
        batch.clear()
        _save_progress(run, report, lineno)
        if on_progress:
            on_progress(raw.tell())

    try:
        with stream, raw:
            for lineno, line in iter_lines(stream, report):
                if lineno <= start_after or not line.strip():
                    continue
                report.read += 1
                record = _parse_line(line, lineno, report)
                if record is None or not _selected(record, selection, report):
                    continue
                batch.append(record)
                if len(batch) >= batch_size:
                    flush()
            flush()
    except BaseException as exc:
        run.state = IngestRun.State.FAILED
        run.message = f"stopped at line {lineno}: {type(exc).__name__}: {exc}"
        run.finished_at = timezone.now()
        run.save()
        raise
    if report.read == 0 and report.stream_error:
        run.state = IngestRun.State.FAILED
        run.message = report.stream_error
        run.finished_at = timezone.now()
        run.save()
        raise SnapshotUnreadable(f"{path}: {report.stream_error}")
    if report.stream_error:
        report.add_error(lineno + 1, report.stream_error, "truncated or corrupt file")
    if refresh:
        # A resumed run cannot know which months its predecessor touched: recount them all.
        started = perf_counter()
        steps = after_ingest(report.touched_months, everything=start_after > 0)
        run.refresh = {
            "months": len(report.touched_months),
            "seconds": round(perf_counter() - started, 3),
            "steps": steps,
        }
    run.state = IngestRun.State.SUCCEEDED
    run.message = report.summary_line()
    run.finished_at = timezone.now()
    _save_progress(run, report, lineno)
    return report, run


def _parse_line(line: bytes, lineno: int, report: ImportReport) -> PaperRecord | None:
    try:
        obj = json.loads(line)
    except ValueError as exc:
        report.add_error(lineno, f"malformed JSON ({str(exc)[:60]})", "malformed JSON")
        return None
    try:
        record, repaired = parse_record(obj)
    except InvalidRecord as exc:
        report.add_error(lineno, str(exc), exc.kind)
        return None
    if repaired:
        report.repaired += 1
    return record


def _selected(record: PaperRecord, selection: SnapshotFilter, report: ImportReport) -> bool:
    if selection.categories is not None and selection.categories.isdisjoint(record.categories):
        report.skipped_category += 1
        return False
    if (selection.since and record.month < selection.since) or (
        selection.until and record.month > selection.until
    ):
        report.skipped_date += 1
        return False
    return True


def _save_progress(run: IngestRun, report: ImportReport, lineno: int) -> None:
    run.cursor = {"line": lineno}
    run.read = report.read
    run.imported = report.imported
    run.updated = report.updated
    run.unchanged = report.unchanged
    run.skipped = report.skipped_category + report.skipped_date
    run.invalid = report.invalid
    run.repaired = report.repaired
    run.errors = report.errors
    run.save()
