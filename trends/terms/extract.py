"""Extraction of one chunk of papers into the staging table of a refresh.

A chunk is the papers of one month within an id range, small enough (CHUNK_PAPERS) that
its doc-term matrix stays a few MB whatever the corpus size: memory is bounded by the chunk,
never by the vocabulary of the corpus.
"""

from dataclasses import dataclass
from datetime import date

import numpy as np
from django.db import connection
from scipy import sparse

from papers.models import Paper
from trends.models import PaperTokens
from trends.terms.lexicon import count_words, database_lexicon
from trends.text import analyse_pieces, pieces

CHUNK_PAPERS = 15000


@dataclass(frozen=True)
class Chunk:
    month: date
    first_id: int
    last_id: int
    papers: int


def _rows(chunk: Chunk) -> list[tuple[int, str, str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, primary_category, title, abstract FROM {Paper._meta.db_table} "
            "WHERE month = %s AND id BETWEEN %s AND %s",
            [chunk.month, chunk.first_id, chunk.last_id],
        )
        return cursor.fetchall()


def count_chunk_words(stage: str, chunk: Chunk) -> int:
    """The first pass of a refresh: the chunk's raw words into the word stage."""
    rows = _rows(chunk)
    count_words(stage, [(title, abstract) for _, _, title, abstract in rows])
    return len(rows)


def extract_chunk(stage: str, chunk: Chunk) -> int:
    """Count the chunk's terms by primary category into `stage`; write its PaperTokens rows.

    Returns the number of papers read. The caller has already deleted the PaperTokens rows
    of the chunk's month, so the COPY never conflicts.
    """
    rows = _rows(chunk)
    if not rows:
        return 0
    found = [pieces(title, abstract) for _, _, title, abstract in rows]
    # One Word lookup for every plural of the chunk, before any folding.
    lexicon = database_lexicon()
    lexicon.prepare({piece for paper in found for piece in paper})
    documents = []
    vectors = []
    for (paper_id, category, _, _), paper_pieces in zip(rows, found, strict=True):
        terms, vector = analyse_pieces(paper_pieces, lexicon)
        documents.append(terms)
        vectors.append((paper_id, chunk.month, category, vector))
    # Binary doc-term matrix over this chunk's own small vocabulary (what a binary
    # CountVectorizer with our analyzer builds, without its feature sorting and pruning).
    vocabulary: dict[str, int] = {}
    indices: list[int] = []
    indptr = [0]
    for terms in documents:
        indices.extend([vocabulary.setdefault(term, len(vocabulary)) for term in terms])
        indptr.append(len(indices))
    matrix = sparse.csr_matrix(
        (np.ones(len(indices), dtype=np.int32), indices, indptr),
        shape=(len(documents), len(vocabulary)),
    )
    names = list(vocabulary)
    categories, category_of = np.unique([row[1] for row in rows], return_inverse=True)
    indicator = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int32), (category_of, np.arange(len(rows)))),
        shape=(len(categories), len(rows)),
    )
    # categories x terms: papers of each primary category mentioning each term.
    counts = (indicator @ matrix).tocoo()
    # Terms and token vectors hold only letters, digits, hyphens, quotes, colons and commas
    # (trends.text), never a tab, newline or backslash: COPY text lines need no escaping.
    month = chunk.month.isoformat()
    count_lines = [
        f"{month}\t{categories[c]}\t{names[t]}\t{n}\n"
        for c, t, n in zip(
            counts.row.tolist(), counts.col.tolist(), counts.data.tolist(), strict=True
        )
    ]
    vector_lines = [f"{pid}\t{month}\t{cat}\t{vec}\n" for pid, _, cat, vec in vectors]
    with connection.cursor() as cursor:
        with cursor.copy(
            f"COPY {stage} (month, primary_category, term, papers) FROM STDIN"
        ) as copy:
            copy.write("".join(count_lines))
        with cursor.copy(
            f"COPY {PaperTokens._meta.db_table} (paper_id, month, primary_category, tokens) "
            "FROM STDIN"
        ) as copy:
            copy.write("".join(vector_lines))
    return len(rows)
