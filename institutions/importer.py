"""Import of conference paper lists (paperlists JSON, or CSV `title,authors,affiliations`).

Idempotent: a paper is keyed by (conference, year, the list's id or a title hash) and its
authorships are replaced on every import. Bad records are reported with their position
and reason; the others are kept. Only accepted papers are stored unless `include_all`.
"""

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from core.reports import ImportReport
from institutions.models import (
    AffiliationMention,
    Authorship,
    Conference,
    ConferenceImport,
    ConferencePaper,
)
from institutions.normalise import split_affiliations

CONFERENCE_NAMES = {"icml": "ICML", "neurips": "NeurIPS", "nips": "NeurIPS", "iclr": "ICLR",
                    "aistats": "AISTATS", "corl": "CoRL", "colt": "COLT", "uai": "UAI",
                    "ijcai": "IJCAI", "colm": "COLM"}  # fmt: skip
# Lists of accepted papers carry their presentation type; ICLR lists also carry rejected,
# withdrawn and workshop submissions. An empty status means a list of accepted papers.
ACCEPTED_STATUSES = {"", "poster", "oral", "spotlight", "accept", "accepted", "talk"}
_FILE_NAME = re.compile(r"^([a-z]+)[-_]?(\d{4})$")
PROGRESS_EVERY = 500


class ImportProblem(ValueError):
    """The file cannot be imported at all (unknown format, no conference or year)."""


def infer_conference_year(path: Path) -> tuple[str, int]:
    """ "icml2017.json" -> ("icml", 2017); ImportProblem if the name does not say."""
    match = _FILE_NAME.match(path.name.split(".")[0].lower())
    if not match:
        raise ImportProblem(
            f"{path.name}: cannot infer conference and year; pass --conference and --year"
        )
    return match.group(1), int(match.group(2))


def file_key(name: str, data: bytes) -> str:
    return f"{name[:150]}:{len(data)}:{hashlib.sha256(data).hexdigest()[:16]}"


def _text(name: str, data: bytes) -> str:
    """The file as text; ImportProblem saying why when it is compressed or not UTF-8."""
    if data.startswith(b"\x1f\x8b"):
        raise ImportProblem(f"{name}: a gzip-compressed file; upload the uncompressed list")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportProblem(
            f"{name}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8"
        ) from None


def _csv_records(name: str, text: str) -> Iterator[tuple[str, dict[str, Any] | str]]:
    reader = csv.DictReader(io.StringIO(text))
    try:
        missing = {"title", "authors", "affiliations"} - set(reader.fieldnames or [])
        if missing:
            raise ImportProblem(f"{name}: CSV header lacks {', '.join(sorted(missing))}")
        for number, row in enumerate(reader, 2):
            yield f"line {number}", {
                "id": row.get("id") or "", "title": row.get("title") or "",
                "status": row.get("status") or "", "author": row.get("authors") or "",
                "aff": row.get("affiliations") or "", "aff_domain": row.get("domains") or "",
            }  # fmt: skip
    except csv.Error as exc:
        # e.g. "field larger than field limit (131072)": the rest of the file cannot be read.
        line = reader.line_num + 1  # the line being read when it failed
        raise ImportProblem(f"{name}: line {line}: unreadable CSV ({exc})") from None


def _records(name: str, data: bytes) -> Iterator[tuple[str, dict[str, Any] | str]]:
    """(where, record or the reason it is unreadable) for a JSON array or a CSV file."""
    text = _text(name, data)
    if name.lower().endswith(".csv"):
        yield from _csv_records(name, text)
        return
    try:
        records = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportProblem(f"{name}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise ImportProblem(f"{name}: JSON nested too deeply to be a list of papers") from None
    if not isinstance(records, list):
        raise ImportProblem(f"{name}: expected a JSON array of papers")
    for index, record in enumerate(records):
        yield f"record {index + 1}", record if isinstance(record, dict) else "not an object"


def _split_list(value: Any) -> list[str]:
    """'A; B;C' -> ['A', 'B', 'C'], keeping empty positions (they align with authors)."""
    text = str(value or "")
    return [part.strip() for part in text.split(";")] if text.strip() else []


@dataclass
class _Paper:
    source_id: str
    title: str
    status: str
    accepted: bool
    authors: list[tuple[str, str, str]]  # (name, affiliations, e-mail domain)


_FIELDS = ("id", "title", "status", "author", "aff", "aff_domain")


def _parse(where: str, record: dict[str, Any], report: ImportReport) -> _Paper | None:
    nul = [name for name in _FIELDS if "\x00" in str(record.get(name) or "")]
    if nul:
        report.reject(where, f"a NUL character in {', '.join(nul)}")
        return None
    title = " ".join(str(record.get("title") or "").split())
    if not title:
        report.reject(where, "missing title")
        return None
    raw_authors = str(record.get("author") or "")
    # "A; B" in the lists; a few records without affiliations use "A, B".
    separator = ";" if ";" in raw_authors else ","
    names = [n.strip() for n in raw_authors.split(separator) if n.strip()]
    affiliations = _split_list(record.get("aff"))
    domains = _split_list(record.get("aff_domain"))
    if affiliations and len(affiliations) != len(names):
        report.reject(
            where,
            f"{title[:60]!r}: {len(names)} authors but {len(affiliations)} affiliations",
            "authors and affiliations do not align",
        )
        return None
    affiliations = affiliations or [""] * len(names)
    domains = domains if len(domains) == len(names) else [""] * len(names)
    status = str(record.get("status") or "").strip()
    source_id = (
        str(record.get("id") or "").strip()
        or hashlib.sha1(title.lower().encode(), usedforsecurity=False).hexdigest()[:16]
    )
    authors = list(zip(names, affiliations, domains, strict=True))
    return _Paper(source_id[:64], title, status[:40], status.lower() in ACCEPTED_STATUSES, authors)


def _slug(conference: str) -> str:
    slug = "neurips" if conference.lower() == "nips" else conference.lower()
    longest = Conference._meta.get_field("slug").max_length or 20
    if not re.fullmatch(r"[a-z0-9_-]+", slug) or len(slug) > longest:
        raise ImportProblem(
            f"conference: {slug[:40]!r} is not a slug of at most {longest} letters, digits, "
            "hyphens or underscores"
        )
    return slug


def import_conference(
    path: Path,
    conference: str | None = None,
    year: int | None = None,
    include_all: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import one list file; the caller refreshes resolutions and statistics afterwards.

    `progress(records read)` is called every PROGRESS_EVERY records (the upload worker
    shows it in admin)."""
    data = path.read_bytes()
    if conference is None or year is None:
        inferred = infer_conference_year(path)
        conference, year = conference or inferred[0], year or inferred[1]
    return import_records(
        conference,
        year,
        file_key(path.name, data),
        _records(path.name, data),
        include_all,
        progress=progress,
    )


def import_list_data(
    name: str, data: bytes, conference: str, year: int, report: ImportReport | None = None
) -> ImportReport:
    """Import a list that arrived as bytes (a fetched paperlists file) under `name`."""
    return import_records(
        conference, year, file_key(name, data), _records(name, data), report=report
    )


def import_records(
    conference: str,
    year: int,
    key: str,
    records: Iterable[tuple[str, dict[str, Any] | str]],
    include_all: bool = False,
    report: ImportReport | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Upsert (where, record or why it is unreadable) pairs in the paperlists layout.

    Every source ends here (a file, a fetched list, OpenReview notes mapped to that layout),
    so all of them are keyed, checked and stored alike. `report` lets a caller that already
    noted problems (retried requests) keep them in the same report.
    """
    slug = _slug(conference)
    report = report or ImportReport()
    report.label = f"{slug} {year}"
    papers: dict[str, _Paper] = {}
    for where, record in records:
        report.read += 1
        if progress is not None and report.read % PROGRESS_EVERY == 0:
            progress(report.read)
        if isinstance(record, str):
            report.reject(where, record)
            continue
        parsed = _parse(where, record, report)
        if parsed is None:
            continue
        if not parsed.accepted and not include_all:
            report.skip("not accepted")
            continue
        papers[parsed.source_id] = parsed
    with transaction.atomic():
        conf, _ = Conference.objects.get_or_create(
            slug=slug, defaults={"name": CONFERENCE_NAMES.get(slug, slug.upper())}
        )
        _store(conf, year, papers, report)
        # An OpenReview key names the venue id, which may be longer than the column.
        ConferenceImport.objects.create(
            conference=conf, year=year, key=key[:200], read=report.read,
            imported=report.imported, updated=report.updated, skipped=report.skipped,
            invalid=report.invalid, errors=report.errors,
        )  # fmt: skip
    return report


def _store(conf: Conference, year: int, papers: dict[str, _Paper], report: ImportReport) -> None:
    existing = {p.source_id: p for p in ConferencePaper.objects.filter(conference=conf, year=year)}
    new = [
        ConferencePaper(conference=conf, year=year, source_id=s, title=p.title,
                        status=p.status, accepted=p.accepted)
        for s, p in papers.items() if s not in existing
    ]  # fmt: skip
    ConferencePaper.objects.bulk_create(new)
    report.imported = len(new)
    changed = []
    for source_id, stored in existing.items():
        paper = papers.get(source_id)
        if paper and (stored.title, stored.status, stored.accepted) != (
            paper.title,
            paper.status,
            paper.accepted,
        ):
            stored.title, stored.status, stored.accepted = paper.title, paper.status, paper.accepted
            changed.append(stored)
    ConferencePaper.objects.bulk_update(changed, ["title", "status", "accepted"])
    report.updated = len(changed)
    report.unchanged = sum(1 for source_id in papers if source_id in existing) - len(changed)
    by_source = {p.source_id: p for p in [*existing.values(), *new]}
    Authorship.objects.filter(paper__in=[by_source[s] for s in papers]).delete()
    authorships = [
        Authorship(paper=by_source[s], position=i, name=name[:200], raw_affiliation=aff,
                   email_domain=domain[:120])
        for s, paper in papers.items() for i, (name, aff, domain) in enumerate(paper.authors)
    ]  # fmt: skip
    Authorship.objects.bulk_create(authorships, batch_size=2000)
    mentions = []
    for authorship in authorships:
        parts = split_affiliations(authorship.raw_affiliation)
        # An e-mail domain is evidence only when the author has one affiliation.
        domain = authorship.email_domain if len(parts) == 1 else ""
        mentions += [
            AffiliationMention(
                authorship=authorship, paper=authorship.paper, raw=raw, email_domain=domain
            )
            for raw in parts
        ]
    AffiliationMention.objects.bulk_create(mentions, batch_size=5000)
