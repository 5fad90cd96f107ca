"""Celery tasks of the ingest app: thin wrappers that take plain values and call one function."""

from pathlib import Path

from celery import shared_task

from ingest.snapshot import SnapshotFilter, import_snapshot
from trends.months import parse_month


@shared_task(acks_late=True, soft_time_limit=3600, time_limit=3900)
def import_snapshot_task(
    path: str,
    categories: list[str] | None = None,
    since: str | None = None,
    until: str | None = None,
) -> dict[str, object]:
    """Import a snapshot file that the worker can read; return the run's summary.

    `categories` None means the six ML categories; ["all"] means every category. Safe to
    retry: the import is idempotent and resumes from the last committed line.
    """
    if categories == ["all"]:
        chosen = None
    else:
        chosen = frozenset(categories or SnapshotFilter.default().categories or ())
    selection = SnapshotFilter(
        chosen, parse_month(since) if since else None, parse_month(until) if until else None
    )
    report, run = import_snapshot(Path(path), selection, resume=True)
    return {
        "run": run.pk,
        "summary": report.summary_line(),
        "imported": report.imported,
        "updated": report.updated,
        "invalid": report.invalid,
    }
