"""The arXiv API source: category set x submitted-date window, page by page, via `arxiv`.

`arxiv.Client` builds the query URLs and parses the Atom feed; `PoliteClient` routes its
requests through `Fetcher` so the gap between requests is the one shared by every worker
(ingest.politeness), not the client's per-process sleep, and so pages are checked before
they are accepted (truncated XML, an empty or short page mid-window are retried).
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import arxiv
from arxiv import _feed
from django.conf import settings

from ingest.records import InvalidRecord, parse_record
from ingest.sources.http import BadPage, Fetcher, parse_strict_xml
from papers.store import PaperRecord

MINUTE = timedelta(minutes=1)
STAMP = "%Y%m%d%H%M"


@dataclass(frozen=True)
class Window:
    """Submitted-date window, both ends inclusive, to the minute (the API's resolution)."""

    start: datetime
    end: datetime

    def to_cursor(self) -> list[str]:
        return [self.start.strftime(STAMP), self.end.strftime(STAMP)]

    @classmethod
    def from_cursor(cls, value: list[str]) -> "Window":
        return cls(*(datetime.strptime(v, STAMP).replace(tzinfo=UTC) for v in value))

    def split(self) -> tuple["Window", "Window"] | None:
        """Two halves, or None for a single minute (it cannot be split further)."""
        minutes = int((self.end - self.start) / MINUTE)
        if minutes < 1:
            return None
        middle = self.start + MINUTE * (minutes // 2)
        return Window(self.start, middle), Window(middle + MINUTE, self.end)

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M} .. {self.end:%Y-%m-%d %H:%M}"


@dataclass
class Page:
    records: list[PaperRecord]
    invalid: list[tuple[str, InvalidRecord]]  # (entry id, why it cannot be stored)
    total: int  # results the API says the whole window has


class PoliteClient(arxiv.Client):
    """arxiv.Client against settings.ARXIV_API_URL whose requests go through a Fetcher."""

    def __init__(self, fetcher: Fetcher, page_size: int | None = None) -> None:
        super().__init__(
            page_size=page_size or settings.ARXIV_API_PAGE_SIZE,
            # The gap is kept across processes by Fetcher (polite_turn): no second sleep.
            delay_seconds=0.0,
            num_retries=settings.ARXIV_RETRIES,
        )
        self.query_url_format = settings.ARXIV_API_URL.rstrip("?") + "?{}"
        self.fetcher = fetcher

    def _parse_feed(
        self, url: str, first_page: bool = True, _try_index: int = 0
    ) -> _feed.ParsedFeed:
        """Replaces the client's fetch: shared gap, timeout, Retry-After, page checks."""
        return self.fetcher.get(url, lambda content: checked_feed(content, url))

    def page(self, categories: list[str], window: Window, start: int) -> Page:
        """One page of the window's results, starting at result `start`."""
        search = arxiv.Search(
            query=window_query(categories, window),
            max_results=None,
            sort_by=arxiv.SortCriterion.SubmittedDate,
            sort_order=arxiv.SortOrder.Ascending,
        )
        feed = self._parse_feed(self._format_url(search, start, self.page_size))
        records, invalid = [], []
        for result in feed.results:
            try:
                records.append(result_to_record(result))
            except InvalidRecord as exc:
                invalid.append((result.entry_id, exc))
        return Page(records, invalid, feed.header.total_results)


def window_query(categories: list[str], window: Window) -> str:
    cats = " OR ".join(f"cat:{c}" for c in categories)
    start, end = window.to_cursor()
    return f"({cats}) AND submittedDate:[{start} TO {end}]"


def checked_feed(content: bytes, url: str) -> _feed.ParsedFeed:
    """Parse one API page, refusing what the `arxiv` parser would quietly accept.

    The package's parser recovers from broken XML (half a page would look complete), and
    an empty or short page in the middle of a window looks like the end of it.
    """
    parse_strict_xml(content)
    feed = _feed.parse(content)
    query = parse_qs(urlsplit(url).query)
    start = int(query.get("start", ["0"])[0])
    size = int(query.get("max_results", ["0"])[0])
    available = min(feed.header.total_results, settings.ARXIV_API_RESULT_CAP) - start
    expected = max(0, min(size, available))
    got = len(feed.results)
    if got < expected:
        fallback = feed if got else None
        raise BadPage(f"{'empty' if not got else 'short'} page: {got} of {expected}", fallback)
    return feed


def result_to_record(result: arxiv.Result) -> PaperRecord:
    """Map an API entry onto the snapshot layout so it passes the same validation."""
    others = [c for c in result.categories if c != result.primary_category]
    record, _ = parse_record(
        {
            "id": result.get_short_id(),
            "title": result.title,
            "abstract": result.summary,
            "authors": ", ".join(a.name for a in result.authors),
            "categories": [result.primary_category, *others] if result.primary_category else others,
            "versions": [{"version": "v1", "created": result.published.isoformat()}],
            "update_date": result.updated.date().isoformat(),
            "comments": result.comment,
            "doi": result.doi,
        }
    )
    return record
