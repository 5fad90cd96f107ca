"""The OAI-PMH source (arXiv's way for bulk metadata): ListRecords in `arXivRaw`, page by page.

`PoliteSickle` keeps sickle's endpoint, namespaces and record model but sends each request
through `Fetcher` (shared gap, timeout, Retry-After, strict XML) and hands back one page at a
time with its resumption token, so the harvest can persist the token after every page.
"""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from sickle import Sickle
from sickle.models import Record

from ingest.records import InvalidRecord, parse_record
from ingest.sources.http import BadPage, Fetcher, parse_strict_xml
from papers.store import PaperRecord

METADATA_PREFIX = "arXivRaw"
RAW_NS = "{http://arxiv.org/OAI/arXivRaw/}"


class OAIProtocolError(Exception):
    """The server answered with an OAI-PMH <error> (not retryable as it is)."""

    def __init__(self, code: str, text: str) -> None:
        super().__init__(f"OAI-PMH error {code}: {text}")
        self.code = code


@dataclass
class OAIPage:
    records: list[PaperRecord] = field(default_factory=list)
    # (identifier, why it cannot be stored)
    invalid: list[tuple[str, InvalidRecord]] = field(default_factory=list)
    deleted: int = 0
    outside_categories: int = 0
    token: str | None = None
    complete_list_size: int | None = None
    cursor: int | None = None


class PoliteSickle(Sickle):
    """sickle's client for settings.ARXIV_OAI_URL; one page per call, via a Fetcher."""

    def __init__(self, fetcher: Fetcher, categories: frozenset[str]) -> None:
        super().__init__(settings.ARXIV_OAI_URL, max_retries=0)
        self.fetcher = fetcher
        self.categories = categories

    def list_records_page(self, **params: str) -> OAIPage:
        """One ListRecords response: the first with set/from/until, later ones with a token."""
        return self.fetcher.get(
            self.endpoint, self._parse_page, params={"verb": "ListRecords", **params}
        )

    def _parse_page(self, content: bytes) -> OAIPage:
        root = parse_strict_xml(content)
        ns = "{" + self.oai_namespace.strip("{}") + "}"
        error = root.find(f"{ns}error")
        if error is not None:
            code = error.get("code", "")
            if code == "noRecordsMatch":
                return OAIPage()
            raise OAIProtocolError(code, (error.text or "").strip())
        listing = root.find(f"{ns}ListRecords")
        if listing is None:
            raise BadPage("no ListRecords element in the response")
        page = OAIPage()
        elements = listing.findall(f"{ns}record")
        for position, element in enumerate(elements, start=1):
            try:
                record = self.class_mapping["ListRecords"](element)
            except (AttributeError, IndexError):  # sickle found no header or no metadata
                problem = InvalidRecord("no header or metadata")
                page.invalid.append((f"record {position} of the page", problem))
                continue
            self._add_record(page, record)
        token = listing.find(f"{ns}resumptionToken")
        if token is not None:
            page.token = (token.text or "").strip() or None
            page.complete_list_size = _int_or_none(token.get("completeListSize"))
            page.cursor = _int_or_none(token.get("cursor"))
        if not elements and page.token:
            # An empty page that promises more is a hiccup, never the end; continuing with
            # its token after the retries skips nothing (the token points past no records).
            raise BadPage("empty page with a resumption token", fallback=page)
        return page

    def _add_record(self, page: OAIPage, record: Record) -> None:
        identifier = record.header.identifier
        if record.header.deleted:
            page.deleted += 1
            return
        try:
            paper = oai_record_to_paper(record.xml, record.header.datestamp)
        except InvalidRecord as exc:
            page.invalid.append((identifier, exc))
            return
        if self.categories.isdisjoint(paper.categories):
            page.outside_categories += 1
        else:
            page.records.append(paper)


def oai_record_to_paper(element: Any, datestamp: str) -> PaperRecord:
    """Map an arXivRaw record onto the snapshot layout so it passes the same validation."""
    raw = element.find(f".//{RAW_NS}arXivRaw")
    if raw is None:
        raise InvalidRecord("no arXivRaw metadata")

    def text(tag: str) -> str | None:
        found = raw.find(f"{RAW_NS}{tag}")
        return found.text if found is not None else None

    versions = [
        {"version": v.get("version"), "created": v.findtext(f"{RAW_NS}date")}
        for v in raw.findall(f"{RAW_NS}version")
    ]
    record, _ = parse_record(
        {
            "id": text("id"),
            "title": text("title"),
            "abstract": text("abstract"),
            "authors": text("authors"),
            "categories": text("categories"),
            "versions": versions,
            "update_date": datestamp,
            "comments": text("comments"),
            "doi": text("doi"),
        }
    )
    return record


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None
