"""Celery tasks of the trends app: thin wrappers that take plain values and call one function."""

from datetime import date

from celery import shared_task
from django.db import transaction

from core.months import parse_month
from trends.hot import compute_and_store


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def compute_hot_task(as_of: str | None = None) -> dict[str, object]:
    """Precompute the hot/not-hot table (default: latest complete month) after an ingest.

    Safe to run twice: it overwrites the stored table for the same parameters.
    """
    snapshot = compute_and_store(parse_month(as_of) if as_of else None)
    if snapshot is None:
        return {"skipped": "no papers"}
    return {"as_of": f"{snapshot.as_of:%Y-%m}", "seconds": round(snapshot.seconds, 2)}


def queue_hot_after_ingest(months: list[date], everything: bool = False) -> None:
    """The after-ingest step (papers.pipeline): precompute the latest hot table once the
    ingest has committed, in a worker (in-process without REDIS_URL)."""
    transaction.on_commit(lambda: compute_hot_task.delay())
