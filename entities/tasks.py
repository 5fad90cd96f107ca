"""Celery tasks of the entities app: thin wrappers that take plain values and call one function."""

from celery import shared_task

from entities import fulltext, mentions


@shared_task(acks_late=True, soft_time_limit=900, time_limit=960)
def rematch_entities_task(entity_ids: list[int] | None = None) -> int:
    """Rematch every paper for `entity_ids` (None: all) after an alias change; mentions written.

    Idempotent: it recomputes from the current aliases, so a retry or a duplicate is harmless.
    """
    return mentions.rematch_entities(entity_ids)


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def fetch_full_text_task(paper_id: int) -> str | None:
    """Fetch one paper's PDF, extract and match it; the resulting state (None: paper gone)."""
    full = fulltext.fetch_full_text(paper_id)
    return None if full is None else str(full.state)


@shared_task(acks_late=True, soft_time_limit=3 * 3600, time_limit=3 * 3600 + 300)
def fetch_missing_full_texts_task(limit: int, retry_failed: bool = False) -> dict[str, int]:
    """Fetch up to `limit` missing full texts, newest papers first (bounded job)."""
    return fulltext.fetch_missing_full_texts(limit, retry_failed=retry_failed)
