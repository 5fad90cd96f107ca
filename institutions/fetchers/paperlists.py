"""Fetching a conference list in the paperlists layout (data/conferences/*.json) from a URL.

The request is conditional: the ETag and Last-Modified of the last successful fetch of the
same list (kept in that run's cursor) go out as If-None-Match / If-Modified-Since, and a 304
ends the run with nothing written. A new body is upserted by the importer, so a server that
ignores validators still changes nothing on a second fetch of the same list.
"""

from typing import Any

import requests

from ingest.harvest import Harvest, run_harvest
from ingest.models import IngestRun
from ingest.sources.http import FetchFailed
from institutions.fetchers import store_fetched
from institutions.importer import ImportProblem, import_list_data

SLOT = "paperlists"
SOURCE = IngestRun.Source.PAPERLISTS


def list_key(url: str, conference: str, year: int) -> str:
    """The run key: one conference-year from one URL (runs with it share validators)."""
    return f"{conference.lower()}:{year}:{url}"[:500]


def conditional_headers(cursor: dict[str, Any]) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from the validators a previous run kept."""
    headers = {}
    if cursor.get("etag"):
        headers["If-None-Match"] = str(cursor["etag"])
    if cursor.get("last_modified"):
        headers["If-Modified-Since"] = str(cursor["last_modified"])
    return headers


def fetch_paperlists(url: str, conference: str, year: int) -> IngestRun:
    """Fetch the list at `url` as `conference` `year` and import it; returns the run."""
    key = list_key(url, conference, year)
    previous = IngestRun.objects.last_success_for(SOURCE, key)
    validators = {
        name: value
        for name, value in (previous.cursor if previous else {}).items()
        if name in ("etag", "last_modified")
    }

    def body(harvest: Harvest) -> None:
        response: requests.Response = harvest.fetcher.request(
            "GET", url, lambda answer: answer, headers=conditional_headers(validators)
        )
        if response.status_code == 304:
            harvest.run.requests = harvest.fetcher.requests_made
            harvest.run.save_progress(harvest.report, validators, set(), "not modified (304)")
            return
        fresh: dict[str, object] = {
            "etag": response.headers.get("ETag", ""),
            "last_modified": response.headers.get("Last-Modified", ""),
        }
        try:
            import_list_data(url, response.content, conference, year, harvest.report)
        except (ImportProblem, UnicodeDecodeError) as exc:
            raise FetchFailed(url, str(exc)) from None
        store_fetched(harvest, harvest.report, fresh)

    parameters: dict[str, object] = {"url": url, "conference": conference, "year": year}
    return run_harvest(SOURCE, key, parameters, body, resume=False, host_key=SLOT)
