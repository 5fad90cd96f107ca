"""Workers fetching conference author lists (paperlists JSON by URL, OpenReview API v2).

Both run as ingest runs (`ingest.harvest.run_harvest`: a lock per input, an IngestRun with
progress and errors, the arXiv Fetcher's retries, backoff and polite gap on a slot of their
own) and store through `institutions.importer.import_records`, so a fetched list is keyed,
checked and upserted exactly like an imported file.
"""

from core.reports import ImportReport
from ingest.harvest import Harvest
from institutions.refresh import refresh_all


def store_fetched(harvest: Harvest, report: ImportReport, cursor: dict[str, object]) -> None:
    """After an import: re-resolve mentions and statistics, then record counts and cursor.

    The importer replaces a paper's authorships on every import, so their mentions need
    resolving again even when no paper is new.
    """
    timings = refresh_all()
    harvest.run.requests = harvest.fetcher.requests_made
    harvest.run.save_progress(
        report, cursor, set(), f"imported; statistics refreshed in {timings['seconds']} s"
    )
