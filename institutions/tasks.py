"""Celery tasks of the institutions app: thin wrappers around institutions.refresh."""

from typing import Any
from uuid import uuid4

from celery import shared_task
from django.core.cache import cache

from institutions.refresh import refresh_all

# A burst of curation changes (an admin action on 50 rows) becomes one refresh: each change
# stores a new token and schedules a run DEBOUNCE_SECONDS later; only the run holding the
# latest token works, the earlier ones see they were superseded and return.
DEBOUNCE_SECONDS = 2
TOKEN_KEY = "institutions:refresh-token"


def schedule_refresh() -> str:
    token = uuid4().hex
    cache.set(TOKEN_KEY, token, 3600)
    refresh_institution_statistics.apply_async((token,), countdown=DEBOUNCE_SECONDS)
    return token


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def refresh_institution_statistics(token: str | None = None) -> dict[str, Any]:
    """Re-resolve mentions and recompute statistics, unless a newer change is pending.

    `token` None forces a run (the management command and periodic repair use that).
    """
    if token is not None and cache.get(TOKEN_KEY) != token:
        return {"skipped": "superseded by a newer change"}
    return refresh_all()


@shared_task(acks_late=True, soft_time_limit=1800, time_limit=1860)
def import_conference_upload(upload_id: int) -> str:
    """Import a list uploaded in admin (a ConferenceUpload); returns its summary."""
    from institutions.upload import run_upload

    return run_upload(upload_id)
