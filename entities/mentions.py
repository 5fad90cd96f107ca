"""Per-paper entity mentions: computing them with the Matcher and keeping them up to date.

Three entry points, each ending with the month aggregates rebuilt for what it changed:
- `scan_new_papers(months)`: after an ingest, papers of those months not matched yet (or
  whose record changed since) are matched; nothing else is touched.
- `rematch_entities(entity_ids)`: after an alias change, every paper (title, abstract and
  fetched full texts) is matched again for those entities only.
- `match_full_text(paper_id)`: after a PDF was fetched, its body and bibliography.
"""

import logging
import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.db import connection, transaction

from entities.aggregation import rebuild_counts
from entities.matching import Matcher
from entities.models import EntityAlias, EntityMention, FullText, PaperScan, TextScope
from papers.models import DataGeneration, Paper

log = logging.getLogger(__name__)
CHUNK = 5000


def load_matcher(entity_ids: Iterable[int] | None = None) -> Matcher:
    """A Matcher over every alias, or over the aliases of `entity_ids` only."""
    aliases = EntityAlias.objects.for_matching()
    if entity_ids is not None:
        aliases = aliases.filter(entity_id__in=list(entity_ids))
    return Matcher(aliases)


def like_any(columns: list[str], needles: list[str] | None) -> tuple[str, list[Any]]:
    """SQL keeping rows where a column contains a needle (case-insensitive), and its params.

    One regular expression with an alternation: PostgreSQL scans each text once, several
    times faster than one ILIKE per needle.
    """
    if needles is None:
        return "TRUE", []
    if not needles:
        return "FALSE", []
    # Backslash before ASCII punctuation only: before a letter it would be an escape.
    escaped = "|".join(re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", n) for n in needles)
    return " OR ".join(f"{c} ~* %s" for c in columns), [f"({escaped})"] * len(columns)


def _iter_meta(where: str, params: list[Any]) -> Iterator[tuple[int, str, str, date]]:
    """(id, title, abstract, updated) of the selected papers, streamed in chunks.

    A server-side cursor: a client-side one would hold the whole result in memory (1M
    papers' abstracts are over a GiB) however it is fetched.
    """
    table = Paper._meta.db_table
    with connection.chunked_cursor() as cursor:
        cursor.execute(f"SELECT id, title, abstract, updated FROM {table} WHERE {where}", params)
        while rows := cursor.fetchmany(CHUNK):
            yield from rows


def _iter_full_texts(where: str, params: list[Any]) -> Iterator[tuple[int, str, str]]:
    table = FullText._meta.db_table
    with connection.chunked_cursor() as cursor:
        cursor.execute(
            f"SELECT paper_id, body, bibliography FROM {table} WHERE state = %s AND ({where})",
            [FullText.State.FETCHED, *params],
        )
        while rows := cursor.fetchmany(CHUNK):
            yield from rows


def _write_mentions(
    rows: list[tuple[int, int, str]],
    *,
    scopes: list[str],
    paper_ids: list[int] | None,
    entity_ids: list[int] | None,
) -> None:
    """Replace the mentions of (papers, entities, scopes) by `rows`, set-based."""
    table = EntityMention._meta.db_table
    where = ["scope = ANY(%s)"]
    params: list[Any] = [scopes]
    if paper_ids is not None:
        where.append("paper_id = ANY(%s)")
        params.append(paper_ids)
    if entity_ids is not None:
        where.append("entity_id = ANY(%s)")
        params.append(entity_ids)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {' AND '.join(where)}", params)
        with cursor.copy(f"COPY {table} (paper_id, entity_id, scope) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _record_scans(scanned: list[tuple[int, date]]) -> None:
    table = PaperScan._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS scan_stage (paper_id bigint, paper_updated date) "
            "ON COMMIT DELETE ROWS"
        )
        # Empty it explicitly too: inside an enclosing transaction no commit has cleared it.
        cursor.execute("DELETE FROM scan_stage")
        with cursor.copy("COPY scan_stage (paper_id, paper_updated) FROM STDIN") as copy:
            for row in scanned:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} (paper_id, paper_updated) SELECT paper_id, paper_updated "
            "FROM scan_stage ON CONFLICT (paper_id) DO UPDATE SET "
            "paper_updated = EXCLUDED.paper_updated"
        )


def scan_new_papers(months: Iterable[date]) -> int:
    """Match the papers of `months` that were never matched or changed since; return how many.

    Rebuilds the entity aggregates of the months that had such papers. Cheap when nothing is
    new: one anti-join restricted to the months.
    """
    month_list = sorted(set(months))
    if not month_list:
        return 0
    paper_table, scan_table = Paper._meta.db_table, PaperScan._meta.db_table
    where = (
        f"month = ANY(%s) AND NOT EXISTS (SELECT 1 FROM {scan_table} s "
        f"WHERE s.paper_id = {paper_table}.id AND s.paper_updated = {paper_table}.updated)"
    )
    matcher = load_matcher()
    rows: list[tuple[int, int, str]] = []
    scanned: list[tuple[int, date]] = []
    with transaction.atomic():
        for paper_id, title, abstract, updated in _iter_meta(where, [month_list]):
            scanned.append((paper_id, updated))
            rows.extend(
                (paper_id, e, TextScope.META) for e in matcher.entities_in((title, abstract))
            )
        if scanned:
            ids = [pid for pid, _ in scanned]
            _write_mentions(rows, scopes=[TextScope.META], paper_ids=ids, entity_ids=None)
            _record_scans(scanned)
            rebuild_counts(months=month_list)
    return len(scanned)


def rematch_entities(entity_ids: Iterable[int] | None = None) -> int:
    """Match every paper again for `entity_ids` (None: all entities); return mentions written.

    Runs after an alias change; the other entities' mentions are not touched (one entity's
    matches never depend on another's aliases). Bumps the data generation.
    """
    ids = None if entity_ids is None else sorted(set(entity_ids))
    matcher = load_matcher(ids)
    rows: list[tuple[int, int, str]] = []
    scanned: list[tuple[int, date]] = []
    # A few entities: let PostgreSQL skip the papers that cannot match (a substring scan).
    needles = None if ids is None else matcher.needles()
    meta_where, meta_params = like_any(["title", "abstract"], needles)
    full_where, full_params = like_any(["body", "bibliography"], needles)
    with transaction.atomic():
        for paper_id, title, abstract, updated in _iter_meta(meta_where, meta_params):
            if ids is None:
                scanned.append((paper_id, updated))
            rows.extend(
                (paper_id, e, TextScope.META) for e in matcher.entities_in((title, abstract))
            )
        for paper_id, body, bibliography in _iter_full_texts(full_where, full_params):
            rows.extend((paper_id, e, TextScope.BODY) for e in matcher.entities_in((body,)))
            rows.extend((paper_id, e, TextScope.BIB) for e in matcher.entities_in((bibliography,)))
        _write_mentions(rows, scopes=list(TextScope.values), paper_ids=None, entity_ids=ids)
        if ids is None:
            PaperScan.objects.all().delete()
            _record_scans(scanned)
        rebuild_counts(entity_ids=ids)
        DataGeneration.objects.bump(text=False)  # hot tables read no entity
    log.info("rematched %s entities: %d mentions", "all" if ids is None else len(ids), len(rows))
    return len(rows)


def match_full_text(paper_id: int) -> int:
    """Match a paper's fetched full text (body and bibliography); return mentions written."""
    full = FullText.objects.fetched().filter(paper_id=paper_id).first()
    if full is None:
        return 0
    matcher = load_matcher()
    rows: list[tuple[int, int, str]] = [
        (paper_id, e, TextScope.BODY) for e in matcher.entities_in((full.body,))
    ]
    rows += [(paper_id, e, TextScope.BIB) for e in matcher.entities_in((full.bibliography,))]
    month = Paper.objects.filter(pk=paper_id).values_list("month", flat=True).get()
    with transaction.atomic():
        _write_mentions(
            rows, scopes=[TextScope.BODY, TextScope.BIB], paper_ids=[paper_id], entity_ids=None
        )
        rebuild_counts(months=[month])
        DataGeneration.objects.bump(text=False)  # hot tables read no entity
    return len(rows)


def scan_after_ingest(months: list[date], everything: bool = False) -> int:
    """The after-ingest step (papers.pipeline): match the new or changed papers.

    With `everything` (a resumed or bulk import) every month is checked, but still only the
    papers not matched yet are.
    """
    if everything:
        months = list(Paper.objects.values_list("month", flat=True).distinct().order_by())
    return scan_new_papers(months)
