"""Parsing one arXiv metadata record (Cornell snapshot layout) into a validated PaperRecord.

A category list may carry more than arXiv categories: the API feed lists the MSC and ACM
classes the authors gave after them (`68T45`, `I.2.6; I.4.8`, `94A29, 94A08`), and snapshots
and OAI records built from it do the same. Those are a paper's subject classes, not a fault:
they are left out of the stored categories (no page uses them) and the paper is kept. Only a
list with no arXiv category at all is a reason to drop the record.
"""

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from ingest.arxiv_ids import normalise_arxiv_id
from papers.store import PaperRecord

_CATEGORY = re.compile(r"^[a-z][a-z\-]*(\.[A-Za-z][A-Za-z\-]*)?$")
_SPACES = re.compile(r"\s+")


class InvalidRecord(ValueError):
    """A record that cannot be stored. `kind` groups reasons in summaries; str() is the detail."""

    def __init__(self, kind: str, detail: str = "", arxiv_id: str = "") -> None:
        self.kind = kind
        message = f"{kind} ({detail})" if detail else kind
        super().__init__(f"{arxiv_id}: {message}" if arxiv_id else message)


def clean_text(value: Any) -> str:
    """Collapse the hard line wraps and runs of spaces of arXiv metadata."""
    if value is None:
        return ""
    return _SPACES.sub(" ", str(value)).strip()


def parse_categories(value: Any) -> list[str]:
    """The arXiv categories among the terms, primary first; other terms are left out.

    A term is an arXiv category when it reads like one (`cs.LG`, `hep-th`, `q-bio.NC`); MSC
    and ACM codes start with a digit or a capital letter, so they never do.
    """
    items = value.split() if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise InvalidRecord("missing categories")
    terms = list(dict.fromkeys(str(item).strip() for item in items if str(item).strip()))
    categories = [t for t in terms if _CATEGORY.match(t)]
    if not categories:
        raise InvalidRecord("no arXiv category", repr(" ".join(terms) or value)[:40])
    return categories


def parse_arxiv_date(text: Any) -> datetime:
    """'Mon, 1 Sep 2014 00:00:00 GMT' (snapshot) or ISO 8601 (API) -> aware UTC datetime."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("empty")
    text = text.strip()
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _first_version_date(versions: Any) -> tuple[datetime, datetime]:
    """(v1 created, newest created) from the `versions` list."""
    if not isinstance(versions, list) or not versions:
        raise InvalidRecord("missing v1 date", "no versions")
    stamps = []
    for entry in versions:
        created = entry.get("created") if isinstance(entry, dict) else None
        try:
            stamps.append(parse_arxiv_date(created))
        except ValueError:
            raise InvalidRecord("unparseable v1 date", repr(str(created)[:40])) from None
    first = versions[0]
    if isinstance(first, dict) and first.get("version") not in (None, "v1"):
        v1 = [s for e, s in zip(versions, stamps, strict=True) if e.get("version") == "v1"]
        if not v1:
            raise InvalidRecord("missing v1 date", "no v1 in versions")
        return v1[0], max(stamps)
    return stamps[0], max(stamps)


def parse_record(obj: Any) -> tuple[PaperRecord, bool]:
    """Validate one decoded JSON record; return (record, id was repaired) or raise InvalidRecord."""
    if not isinstance(obj, dict):
        raise InvalidRecord("not a JSON object")
    try:
        arxiv_id, repaired = normalise_arxiv_id(obj.get("id"))
    except ValueError as exc:
        kind = "missing id" if str(exc) == "missing id" else "not an arXiv id"
        raise InvalidRecord(
            kind, "" if kind == "missing id" else repr(obj.get("id"))[:40]
        ) from None
    title = clean_text(obj.get("title"))
    if not title:
        raise InvalidRecord("missing title", arxiv_id=arxiv_id)
    try:
        categories = parse_categories(obj.get("categories"))
        submitted, newest = _first_version_date(obj.get("versions"))
    except InvalidRecord as exc:
        raise InvalidRecord(
            exc.kind, str(exc).removeprefix(exc.kind).strip(" ()"), arxiv_id
        ) from None
    update_date = obj.get("update_date")
    if update_date in (None, ""):
        updated = newest.date()
    else:
        try:
            updated = date.fromisoformat(str(update_date).strip()[:10])
        except ValueError:
            raise InvalidRecord(
                "unparseable update_date", repr(str(update_date)[:30]), arxiv_id
            ) from None
    record = PaperRecord(
        arxiv_id=arxiv_id,
        title=title,
        abstract=clean_text(obj.get("abstract")),
        authors=clean_text(obj.get("authors")),
        categories=categories,
        submitted=submitted,
        updated=updated,
        comments=clean_text(obj.get("comments")),
        doi=clean_text(obj.get("doi"))[:255],
    )
    return record, repaired
