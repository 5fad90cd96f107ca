"""Importing the Cornell arXiv metadata snapshot (JSON lines, plain, .gz or .xz), streaming.

Memory stays bounded by one batch of records whatever the file size. Bad lines are
reported with their line number and reason and never stop the import. The run's lifecycle
(lock per input, open/resume, progress, finish) is IngestRun's, shared with the harvests.
"""

import gzip
import json
import lzma
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import transaction

from core.locks import advisory_lock
from core.reports import ImportReport
from ingest.models import IngestBusy, IngestRun
from ingest.records import InvalidRecord, parse_record
from papers.store import PaperRecord, upsert_papers

BATCH_SIZE = 5000


class SnapshotUnreadable(Exception):
    """Nothing at all could be read from the file."""


@dataclass(frozen=True)
class SnapshotFilter:
    categories: frozenset[str] | None  # None: every category
    since: date | None = None
    until: date | None = None

    @classmethod
    def default(cls) -> "SnapshotFilter":
        return cls(frozenset(settings.ML_CATEGORIES))

    def parameters(self, path: Path) -> dict[str, object]:
        """What a run over `path` with this selection records about itself."""
        return {
            "path": str(path),
            "categories": sorted(self.categories) if self.categories else "all",
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
        }


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


def iter_lines(stream: IO[bytes], problems: list[str]) -> Iterator[tuple[int, bytes]]:
    """Numbered lines; a corrupt compressed stream ends the iteration with `problems` told."""
    lineno = 0
    try:
        for lineno, line in enumerate(stream, start=1):
            yield lineno, line
    except (EOFError, OSError, lzma.LZMAError) as exc:
        problems.append(f"line {lineno + 1}: the file is truncated or corrupt ({exc})")


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
    harmless because the upsert is idempotent. Raises IngestBusy while another process
    imports the same file.
    """
    selection = selection or SnapshotFilter.default()
    stream, raw = open_snapshot(path)
    key = f"{path.resolve()}:{path.stat().st_size}"
    source = IngestRun.Source.SNAPSHOT
    with stream, raw, advisory_lock(IngestRun.lock_name(source, key)) as held:
        if not held:
            raise IngestBusy(f"{path} is being imported by another process")
        run = IngestRun.objects.open(source, key, selection.parameters(path), resume=resume)
        return _import(run, stream, raw, selection, batch_size, on_progress, refresh)


def _import(
    run: IngestRun,
    stream: IO[bytes],
    raw: IO[bytes],
    selection: SnapshotFilter,
    batch_size: int,
    on_progress: Callable[[int], None] | None,
    refresh: bool,
) -> tuple[ImportReport, IngestRun]:
    start_after = int(run.cursor.get("line", 0))
    # A cursor written before runs kept their months cannot say which months it touched.
    recount_all = start_after > 0 and "months" not in run.cursor
    months = run.cursor_months
    report, batch, stream_problems = ImportReport(), list[PaperRecord](), list[str]()
    lineno = 0

    def flush() -> None:
        # The batch and the cursor after it commit together, so a resumed run that skips
        # the committed lines still knows (from the cursor) which months they touched.
        with transaction.atomic():
            counts = upsert_papers(batch)
            report.imported += counts.imported
            report.updated += counts.updated
            report.unchanged += counts.unchanged
            months.update(counts.touched_months)
            run.save_progress(report, {"line": lineno}, months, f"line {lineno}")
        batch.clear()
        if on_progress:
            on_progress(raw.tell())

    try:
        for lineno, line in iter_lines(stream, stream_problems):
            if lineno <= start_after or not line.strip():
                continue
            report.read += 1
            record = _parse_line(line, lineno, report)
            if record is not None and _selected(record, selection, report):
                batch.append(record)
                if len(batch) >= batch_size:
                    flush()
        flush()
    except BaseException as exc:
        run.finish(report, IngestRun.State.FAILED, f"stopped at line {lineno}: "
                   f"{type(exc).__name__}: {exc}; {report.summary()}")  # fmt: skip
        raise
    for problem in stream_problems:
        if report.read == 0:
            run.finish(report, IngestRun.State.FAILED, problem)
            raise SnapshotUnreadable(f"{run.parameters['path']}: {problem}")
        report.reject(f"line {lineno + 1}", problem, "truncated or corrupt file")
    if refresh:
        run.refresh_months(months, everything=recount_all)
    run.save_progress(report, {"line": lineno}, months, "finished")
    run.finish(report, IngestRun.State.SUCCEEDED, report.summary())
    return report, run


def _parse_line(line: bytes, lineno: int, report: ImportReport) -> PaperRecord | None:
    where = f"line {lineno}"
    try:
        obj = json.loads(line)
    except ValueError as exc:
        report.reject(where, f"malformed JSON ({str(exc)[:60]})", "malformed JSON")
        return None
    try:
        record, repaired = parse_record(obj)
    except InvalidRecord as exc:
        report.reject(where, str(exc), exc.kind)
        return None
    if repaired:
        report.repaired += 1
    return record


def _selected(record: PaperRecord, selection: SnapshotFilter, report: ImportReport) -> bool:
    if selection.categories is not None and selection.categories.isdisjoint(record.categories):
        report.skip("by category")
        return False
    if (selection.since and record.month < selection.since) or (
        selection.until and record.month > selection.until
    ):
        report.skip("by date")
        return False
    return True
