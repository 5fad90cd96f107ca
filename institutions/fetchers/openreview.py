"""Fetching a venue's accepted papers from the OpenReview API v2 through openreview-py.

Accepted submissions are the notes whose `content.venueid` is the venue id
("ICLR.cc/2025/Conference"); their authors' profiles are fetched by id and each author's
affiliation is the institution of their profile history (`content.history`: start and end
years) that covers the venue's year, not today's employer. Notes are mapped to the paperlists
record layout and imported like a list file.

openreview-py sends every request through its `session`; it gets a stand-in
(`PoliteSession`) that hands each call to the ingest Fetcher, so the shared politeness slot,
Retry-After and backoff apply and the library's own urllib3 retries never run.
"""

import re
from typing import Any

import openreview
import requests
from django.conf import settings

from ingest.harvest import Harvest, run_harvest
from ingest.models import IngestRun
from ingest.sources.http import Fetcher, FetchFailed
from institutions.fetchers import store_fetched
from institutions.importer import import_records

SLOT = "openreview"
SOURCE = IngestRun.Source.OPENREVIEW
# The presentation word of a note's `venue` ("ICLR 2025 Poster") the importer knows.
PRESENTATIONS = {"poster", "oral", "spotlight", "talk"}
_YEAR = re.compile(r"^(19|20)\d\d$")


class PoliteSession:
    """The part of requests.Session openreview-py uses (get, post), through a Fetcher."""

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher

    def get(self, url: str, params: Any = None, headers: Any = None, **_: Any) -> requests.Response:
        return self.fetcher.request("GET", url, _as_is, params=params, headers=headers)

    def post(self, url: str, json: Any = None, headers: Any = None, **_: Any) -> requests.Response:
        return self.fetcher.request("POST", url, _as_is, json=json, headers=headers)


def _as_is(response: requests.Response) -> requests.Response:
    return response


def venue_conference_year(venue_id: str) -> tuple[str, int]:
    """ "ICLR.cc/2025/Conference" -> ("iclr", 2025); ValueError when the id has no year."""
    parts = venue_id.strip("/").split("/")
    years = [int(part) for part in parts[1:] if _YEAR.match(part)]
    if not parts[0] or not years:
        raise ValueError(f"{venue_id!r}: expected a venue id like ICLR.cc/2025/Conference")
    return parts[0].split(".")[0].lower(), years[0]


def affiliation_in(profile: Any, year: int) -> tuple[str, str]:
    """(institution name, domain) of the profile's history entry covering `year`.

    An entry without an end year is still going; one without a start year counts from the
    beginning. Of several that cover the year, the one that started latest wins (the newer
    position). ("", "") when none does: today's employer is not evidence for another year.
    """
    covering = []
    for entry in (profile.content or {}).get("history") or []:
        start, end = entry.get("start") or 0, entry.get("end") or 9999
        institution = entry.get("institution") or {}
        if int(start) <= year <= int(end) and institution.get("name"):
            covering.append((int(start), institution))
    if not covering:
        return "", ""
    institution = max(covering, key=lambda item: item[0])[1]
    return " ".join(str(institution["name"]).split()), str(institution.get("domain") or "")


def _value(content: dict[str, Any], name: str) -> Any:
    field = content.get(name)
    return field.get("value") if isinstance(field, dict) else field


def _listed(content: dict[str, Any], name: str) -> list[Any]:
    """A list field of a note; anything else (missing, a string) counts as empty."""
    value = _value(content, name)
    return value if isinstance(value, list) else []


def note_record(note: Any, profiles: dict[str, Any], year: int) -> dict[str, Any] | str:
    """One accepted note as a paperlists record, or the reason it cannot be one."""
    content = note.content or {}
    authors, ids = _listed(content, "authors"), _listed(content, "authorids")
    if len(authors) != len(ids):
        return "authors and authorids do not align"
    if any(";" in str(name) for name in authors):
        return "an author name contains ';' (the list separator)"
    affiliations = [
        affiliation_in(profiles[aid], year) if aid in profiles else ("", "") for aid in ids
    ]
    venue = str(_value(content, "venue") or "").split()
    return {
        "id": note.id,
        "title": _value(content, "title") or "",
        "status": venue[-1].lower() if venue and venue[-1].lower() in PRESENTATIONS else "",
        "author": "; ".join(str(name) for name in authors),
        "aff": "; ".join(name for name, _ in affiliations)
        if any(n for n, _ in affiliations)
        else "",
        "aff_domain": "; ".join(domain for _, domain in affiliations),
    }


def profiles_by_id(client: Any, author_ids: set[str]) -> dict[str, Any]:
    """Profiles of the tilde ids among `author_ids`, under their id and every username."""
    tilde = sorted(aid for aid in author_ids if aid.startswith("~"))
    found: dict[str, Any] = {}
    for profile in client.search_profiles(ids=tilde) if tilde else []:
        found[profile.id] = profile
        for name in (profile.content or {}).get("names") or []:
            if name.get("username"):
                found[name["username"]] = profile
    return found


def fetch_openreview(venue_id: str) -> IngestRun:
    """Fetch and import the accepted papers of `venue_id`; returns the run."""
    conference, year = venue_conference_year(venue_id)

    def body(harvest: Harvest) -> None:
        client = openreview.api.OpenReviewClient(baseurl=settings.OPENREVIEW_API_URL)
        client.session = PoliteSession(harvest.fetcher)
        try:
            notes = client.get_all_notes(content={"venueid": venue_id})
        except openreview.OpenReviewException as exc:
            raise FetchFailed(f"notes of {venue_id}", str(exc)) from None
        harvest.run.progress = f"{len(notes)} accepted notes; fetching their authors' profiles"
        harvest.run.save(update_fields=["progress"])
        author_ids = {str(a) for n in notes for a in _listed(n.content or {}, "authorids")}
        profiles = profiles_by_id(client, author_ids)
        records = [(f"note {note.id}", note_record(note, profiles, year)) for note in notes]
        import_records(conference, year, f"openreview:{venue_id}", records, report=harvest.report)
        store_fetched(harvest, harvest.report, {"notes": len(notes), "profiles": len(profiles)})

    parameters: dict[str, object] = {"venue_id": venue_id, "conference": conference, "year": year}
    return run_harvest(SOURCE, venue_id, parameters, body, resume=False, host_key=SLOT)
