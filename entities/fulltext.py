"""Full text of papers: download the PDF politely, extract it with pypdf, split off the
bibliography, store it, and match entities in it.

Optional per deployment (FULLTEXT_ENABLED, off in the demo). Requests go through the
ingest Fetcher, so they share the harvest's cross-process politeness slot, timeout,
retries and Retry-After handling. A paper whose PDF cannot be fetched or read is recorded
(FullText.state = failed, with the reason) and skipped; nothing else waits for it.
"""

import io
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from entities.mentions import match_full_text
from entities.models import FullText
from ingest.sources.http import Fetcher, FetchFailed
from papers.models import Paper

log = logging.getLogger(__name__)
MAX_PDF_BYTES = 60 * 1024 * 1024

# A line that is only a bibliography heading, optionally numbered ("7 References", "VI.
# REFERENCES"); the last such line of a paper starts its bibliography.
_BIB_HEADING = re.compile(
    r"^[ \t]*(?:[0-9]{1,2}\.?|[IVX]{1,5}\.)?[ \t]*"
    r"(?:references|bibliography|literature cited|works cited|references and notes)"
    r"[ \t]*:?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


class UnreadablePdf(Exception):
    """The bytes are not a PDF pypdf can read, or it holds no text."""


@dataclass
class Extracted:
    body: str
    bibliography: str
    pages: int


def pdf_url(arxiv_id: str) -> str:
    return f"{settings.FULLTEXT_PDF_BASE_URL.rstrip('/')}/{arxiv_id}"


def split_bibliography(text: str) -> tuple[str, str]:
    """(body, bibliography), split at the last bibliography heading; no heading: (text, '')."""
    headings = list(_BIB_HEADING.finditer(text))
    if not headings:
        return text, ""
    start = headings[-1].start()
    return text[:start], text[start:]


def extract_text(data: bytes) -> Extracted:
    """The text of a PDF, page by page; UnreadablePdf when it is broken or holds no text."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise UnreadablePdf(f"not a PDF (starts with {data[:16]!r})")
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise UnreadablePdf(f"pypdf cannot read it ({type(exc).__name__}: {exc})") from None
    text = "\n".join(pages)
    if not text.strip():
        raise UnreadablePdf(f"no extractable text in {len(pages)} pages (a scanned PDF?)")
    body, bibliography = split_bibliography(text)
    return Extracted(body=body, bibliography=bibliography, pages=len(pages))


def _record_failure(paper: Paper, url: str, reason: str) -> FullText:
    log.warning("full text of %s skipped: %s", paper.arxiv_id, reason)
    full, _ = FullText.objects.update_or_create(
        paper=paper,
        defaults={
            "state": FullText.State.FAILED,
            "body": "",
            "bibliography": "",
            "pages": 0,
            "source_url": url,
            "error": reason[:2000],
        },
    )
    return full


def fetch_full_text(paper_id: int, fetcher: Fetcher | None = None) -> FullText | None:
    """Fetch, extract, store and match one paper's full text; None if the paper is gone.

    A failure of any kind for this paper is recorded on its FullText row and returned, never
    raised: the next paper must not depend on this one.
    """
    paper = Paper.objects.filter(pk=paper_id).first()
    if paper is None:
        return None
    url = pdf_url(paper.arxiv_id)
    fetcher = fetcher or Fetcher()
    try:
        data = fetcher.get(url, parse=bytes)
    except FetchFailed as exc:
        return _record_failure(paper, url, f"{paper.arxiv_id}: download failed: {exc.reason}")
    if len(data) > MAX_PDF_BYTES:
        return _record_failure(paper, url, f"{paper.arxiv_id}: PDF of {len(data)} bytes is too big")
    try:
        extracted = extract_text(data)
    except UnreadablePdf as exc:
        return _record_failure(paper, url, f"{paper.arxiv_id}: {exc}")
    with transaction.atomic():
        full, _ = FullText.objects.update_or_create(
            paper=paper,
            defaults={
                "state": FullText.State.FETCHED,
                # PostgreSQL text cannot hold NUL characters, which some PDFs yield.
                "body": extracted.body.replace("\x00", ""),
                "bibliography": extracted.bibliography.replace("\x00", ""),
                "pages": extracted.pages,
                "source_url": url,
                "error": "",
            },
        )
        match_full_text(paper.pk)
    return full


def papers_needing_full_text(limit: int, *, retry_failed: bool = False) -> list[int]:
    """Ids of papers without a fetched full text, newest first (at most `limit`)."""
    papers = Paper.objects.exclude(full_text__state=FullText.State.FETCHED)
    if not retry_failed:
        papers = papers.filter(full_text__isnull=True)
    return list(papers.order_by("-submitted").values_list("pk", flat=True)[:limit])


def fetch_missing_full_texts(limit: int, *, retry_failed: bool = False) -> dict[str, int]:
    """Fetch up to `limit` missing full texts one by one; return counts by outcome."""
    fetcher = Fetcher()
    outcome = {"fetched": 0, "failed": 0}
    for paper_id in papers_needing_full_text(limit, retry_failed=retry_failed):
        full = fetch_full_text(paper_id, fetcher)
        if full is not None:
            outcome[str(full.state)] += 1
    return outcome
