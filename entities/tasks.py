"""Celery tasks of the entities app: thin wrappers that take plain values and call one function."""

from datetime import date

from celery import shared_task
from django.conf import settings
from django.db import transaction

from entities import fulltext, mentions


@shared_task(acks_late=True, soft_time_limit=900, time_limit=960)
def rematch_entities_task(entity_ids: list[int] | None = None) -> int:
    """Rematch every paper for `entity_ids` (None: all) after an alias change; mentions written.

    Idempotent: it recomputes from the current aliases, so a retry or a duplicate is harmless.
    """
    return mentions.rematch_entities(entity_ids)


@shared_task(acks_late=True, soft_time_limit=3 * 3600, time_limit=3 * 3600 + 300)
def fetch_missing_full_texts_task(limit: int, retry_failed: bool = False) -> dict[str, int]:
    """Fetch up to `limit` missing full texts, newest papers first (bounded job)."""
    return fulltext.fetch_missing_full_texts(limit, retry_failed=retry_failed)


def queue_full_texts_after_ingest(months: list[date], everything: bool = False) -> None:
    """The after-ingest step (papers.pipeline): when full text is enabled and a worker exists,
    queue the bounded full-text job after the commit; ingest never waits for PDFs."""
    if months and settings.FULLTEXT_ENABLED and not settings.CELERY_TASK_ALWAYS_EAGER:
        transaction.on_commit(lambda: fetch_missing_full_texts_task.delay(settings.FULLTEXT_BATCH))
