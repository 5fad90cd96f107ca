"""Celery tasks of the institutions app: thin wrappers around institutions.refresh and the
conference list fetchers (institutions.fetchers)."""

from typing import Any
from uuid import uuid4

from celery import shared_task
from django.core.cache import caches

from ingest.models import IngestBusy, IngestRun
from institutions.fetchers.openreview import fetch_openreview
from institutions.fetchers.paperlists import fetch_paperlists
from institutions.refresh import refresh_all
from institutions.upload_import import run_upload

# A burst of curation changes (an admin action on 50 rows) becomes one refresh: each change
# stores a new token and schedules a run DEBOUNCE_SECONDS later; only the run holding the
# latest token works, the earlier ones see they were superseded and return.
DEBOUNCE_SECONDS = 2
TOKEN_KEY = "institutions:refresh-token"


def schedule_refresh() -> str:
    token = uuid4().hex
    caches["shared"].set(TOKEN_KEY, token, 3600)  # read by the worker's process
    refresh_institution_statistics.apply_async((token,), countdown=DEBOUNCE_SECONDS)
    return token


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def refresh_institution_statistics(token: str | None = None) -> dict[str, Any]:
    """Re-resolve mentions and recompute statistics, unless a newer change is pending.

    `token` None forces a run (the management command and periodic repair use that).
    """
    if token is not None and caches["shared"].get(TOKEN_KEY) != token:
        return {"skipped": "superseded by a newer change"}
    return refresh_all()


@shared_task(acks_late=True, soft_time_limit=1800, time_limit=1860)
def import_conference_upload(upload_id: int) -> str:
    """Import a list uploaded in admin (a ConferenceUpload); returns its summary."""
    return run_upload(upload_id)


def _run_summary(run: IngestRun) -> dict[str, Any]:
    return {"run": run.pk, "state": run.state, "message": run.message}


@shared_task(acks_late=True, soft_time_limit=1800, time_limit=2100)
def fetch_paperlists_task(url: str, conference: str, year: int) -> dict[str, Any]:
    """Fetch a paperlists-format list from `url` as `conference` `year` and import it.

    Safe to redeliver: the request is conditional and the import idempotent; a copy that
    finds the same list being fetched returns at once.
    """
    try:
        return _run_summary(fetch_paperlists(url, conference, year))
    except IngestBusy as exc:
        return {"skipped": str(exc)}


@shared_task(acks_late=True, soft_time_limit=3600, time_limit=3900)
def fetch_openreview_task(venue_id: str) -> dict[str, Any]:
    """Fetch the accepted papers of an OpenReview venue ("ICLR.cc/2025/Conference")."""
    try:
        return _run_summary(fetch_openreview(venue_id))
    except IngestBusy as exc:
        return {"skipped": str(exc)}


def rerun_paperlists(parameters: dict[str, Any]) -> str:
    """The "run again" of a recorded paperlists fetch (a 304 if the list is unchanged)."""
    url, conference, year = parameters["url"], parameters["conference"], parameters["year"]
    return str(fetch_paperlists_task.delay(url, conference, int(year)).id)


def rerun_openreview(parameters: dict[str, Any]) -> str:
    """The "run again" of a recorded OpenReview fetch."""
    return str(fetch_openreview_task.delay(parameters["venue_id"]).id)
