"""The store's one write path: set-based upsert of paper records (COPY into a staging table,
then one INSERT ... ON CONFLICT). Every ingest source parses into PaperRecord and calls it.

A record replaces the stored one only when its `updated` date is newer, so importing the
same data twice changes nothing. Each batch commits on its own: a run stopped half-way
keeps what it wrote and a re-run only redoes the rest.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import connection, transaction

from papers.models import Paper

_COLUMNS = (
    "arxiv_id, title, abstract, authors, categories, primary_category, "
    "submitted, month, updated, comments, doi"
)
_TYPES = ["text", "text", "text", "text", "text[]", "text", "timestamptz", "date", "date"]
_TYPES += ["text", "text"]


@dataclass(frozen=True)
class PaperRecord:
    """One validated paper, as every ingest source hands it to the store (ingest/records.py)."""

    arxiv_id: str
    title: str
    abstract: str
    authors: str
    categories: list[str]
    submitted: datetime
    updated: date
    comments: str
    doi: str

    @property
    def month(self) -> date:
        return date(self.submitted.year, self.submitted.month, 1)

    @property
    def primary_category(self) -> str:
        return self.categories[0]


@dataclass
class UpsertCounts:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    touched_months: set[date] = field(default_factory=set)


def upsert_papers(records: list[PaperRecord]) -> UpsertCounts:
    """Write one batch; return what changed and which months need re-aggregating."""
    counts = UpsertCounts()
    newest: dict[str, PaperRecord] = {}
    for record in records:
        kept = newest.get(record.arxiv_id)
        if kept is None or record.updated > kept.updated:
            newest[record.arxiv_id] = record
    counts.unchanged += len(records) - len(newest)
    if not newest:
        return counts
    table = Paper._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS paper_stage ("
            "arxiv_id text, title text, abstract text, authors text, categories text[], "
            "primary_category text, submitted timestamptz, month date, updated date, "
            "comments text, doi text) ON COMMIT DELETE ROWS"
        )
        with cursor.copy(f"COPY paper_stage ({_COLUMNS}) FROM STDIN") as copy:
            copy.set_types(_TYPES)
            for r in newest.values():
                copy.write_row(
                    (
                        r.arxiv_id, r.title, r.abstract, r.authors, r.categories,
                        r.primary_category, r.submitted, r.month, r.updated, r.comments, r.doi,
                    )
                )  # fmt: skip
        # Months a replaced record is leaving (its categories or date may have changed).
        cursor.execute(
            f"SELECT DISTINCT p.month FROM {table} p JOIN paper_stage s USING (arxiv_id) "
            "WHERE p.updated < s.updated"
        )
        counts.touched_months.update(row[0] for row in cursor.fetchall())
        cursor.execute(
            f"""
            INSERT INTO {table} AS p ({_COLUMNS})
            SELECT {_COLUMNS} FROM paper_stage
            ON CONFLICT (arxiv_id) DO UPDATE SET
                title = EXCLUDED.title, abstract = EXCLUDED.abstract,
                authors = EXCLUDED.authors, categories = EXCLUDED.categories,
                primary_category = EXCLUDED.primary_category, submitted = EXCLUDED.submitted,
                month = EXCLUDED.month, updated = EXCLUDED.updated,
                comments = EXCLUDED.comments, doi = EXCLUDED.doi
            WHERE p.updated < EXCLUDED.updated
            RETURNING (xmax = 0) AS inserted, month
            """
        )
        for inserted, month in cursor.fetchall():
            if inserted:
                counts.imported += 1
            else:
                counts.updated += 1
            counts.touched_months.add(month)
    counts.unchanged += len(newest) - counts.imported - counts.updated
    return counts
