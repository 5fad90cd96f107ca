"""Celery tasks of the ingest app: thin wrappers that take plain values and call one function."""

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from celery import shared_task
from django.conf import settings

from core.months import parse_month
from ingest.harvest import OAI_SETS, harvest_api, harvest_oai, harvest_recent
from ingest.models import IngestBusy, IngestRun
from ingest.snapshot import SnapshotFilter, import_snapshot


@shared_task(acks_late=True, soft_time_limit=3600, time_limit=3900)
def import_snapshot_task(
    path: str,
    categories: list[str] | None = None,
    since: str | None = None,
    until: str | None = None,
) -> dict[str, Any]:
    """Import a snapshot file that the worker can read; return the run's summary.

    `categories` None means the six ML categories; ["all"] means every category. Safe to
    retry: the import is idempotent and resumes from the last committed line; a copy that
    finds the same file being imported returns at once.
    """
    if categories == ["all"]:
        chosen = None
    else:
        chosen = frozenset(categories or SnapshotFilter.default().categories or ())
    selection = SnapshotFilter(
        chosen, parse_month(since) if since else None, parse_month(until) if until else None
    )
    try:
        report, run = import_snapshot(Path(path), selection, resume=True)
    except IngestBusy as exc:
        return {"skipped": str(exc)}
    return {
        "run": run.pk,
        "summary": report.summary(),
        "imported": report.imported,
        "updated": report.updated,
        "invalid": report.invalid,
    }


def _summary(run: IngestRun) -> dict[str, Any]:
    return {"run": run.pk, "state": run.state, "message": run.message}


@shared_task(acks_late=True, soft_time_limit=3600, time_limit=3900)
def harvest_arxiv_task(categories: list[str], since: str, until: str) -> dict[str, Any]:
    """Harvest `categories` submitted from `since` to `until` (YYYY-MM-DD) from the arXiv API.

    Safe to redeliver: a run of the same window already going makes this one return at
    once, and a dead one is resumed from its last committed page.
    """
    try:
        run = harvest_api(categories, date.fromisoformat(since), date.fromisoformat(until))
    except IngestBusy as exc:
        return {"skipped": str(exc)}
    return _summary(run)


@shared_task(acks_late=True, soft_time_limit=3600, time_limit=3900)
def harvest_oai_task(
    since: str, until: str, sets: list[str] | None = None, categories: list[str] | None = None
) -> dict[str, Any]:
    """OAI-PMH harvest of datestamps `since`..`until`; stopped by the time limit, it is resumed
    by the next call with the same arguments (the resumption token is stored per page)."""
    try:
        run = harvest_oai(
            date.fromisoformat(since),
            date.fromisoformat(until),
            sets=tuple(sets or OAI_SETS),
            categories=categories,
        )
    except IngestBusy as exc:
        return {"skipped": str(exc)}
    return _summary(run)


@shared_task(acks_late=True, soft_time_limit=1800, time_limit=2100)
def harvest_recent_task(days: int = 2) -> dict[str, Any]:
    """The scheduled job: harvest the ML categories submitted in the last `days` days.

    Never overlaps itself: a second copy (a slow run meeting the next tick, a redelivered
    message) finds the lock taken and returns.
    """
    try:
        run = harvest_recent(days)
    except IngestBusy as exc:
        return {"skipped": str(exc)}
    return _summary(run)


def enqueue_harvest(source: str, categories: list[str], since: date, until: date) -> str:
    """Queue a harvest task; return its task id. Plain values only go to the broker."""
    if source == IngestRun.Source.ARXIV_OAI:
        result = harvest_oai_task.delay(since.isoformat(), until.isoformat(), None, categories)
    else:
        result = harvest_arxiv_task.delay(categories, since.isoformat(), until.isoformat())
    return str(result.id)


def rerun_harvest(source: str) -> Callable[[dict[str, Any]], str]:
    """The "run again" of a recorded harvest: the same categories and window."""

    def again(parameters: dict[str, Any]) -> str:
        categories = list(parameters.get("categories") or settings.ML_CATEGORIES)
        since = date.fromisoformat(parameters["from"])
        return enqueue_harvest(source, categories, since, date.fromisoformat(parameters["until"]))

    return again
