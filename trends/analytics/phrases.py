"""Queries over PaperTokens: phrase counts by month (the out-of-vocabulary path) and the
papers behind one point of a chart.

The token vectors are built by trends.text.analyse, so `'a' <-> 'b'` matches exactly the
papers in which a and b are adjacent within one clause, after plural folding: the same
definition as the precomputed bigrams, for phrases of any length.
"""

from collections import defaultdict
from datetime import date
from typing import Any

from django.db import connection, transaction

from papers.models import Paper
from papers.params import MonthFilter
from trends.models import PaperTokens
from trends.paper_order import order_sql


def phrase_tsquery(phrases: list[list[str]]) -> str:
    """[['large', 'language', 'model'], ['llm']] -> ('large' <-> 'language' <-> 'model') | ('llm').

    Tokens come from trends.text (letters, digits, hyphens: never a quote), so quoting
    each as a lexeme is safe; the result is passed as a query parameter anyway.
    """
    return " | ".join("(" + " <-> ".join(f"'{t}'" for t in tokens) + ")" for tokens in phrases)


def _where(
    query: str, categories: list[str] | None, start: date | None, end: date | None
) -> tuple[str, list[Any]]:
    selected, params = MonthFilter(categories, start, end).sql("t")
    return f"t.tokens @@ %s::tsquery AND {selected}", [query, *params]


# How many heap pages a bitmap heap scan over the token vectors asks the kernel for ahead of
# reading them (PostgreSQL's default is 1: one read at a time). A phrase of common words
# visits tens of thousands of pages scattered over the table; from a cold cache at 1M papers
# `recurrent neural network | lstm` took 6.7 s one by one, 1.6 s with 64 reads in flight.
PREFETCH_PAGES = 64


def phrase_counts(query: str, categories: list[str] | None) -> dict[date, int]:
    """Papers per month in `categories` matching a tsquery."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL effective_io_concurrency = {PREFETCH_PAGES}")
        cursor.execute(
            f"SELECT month, primary_category, count(*) FROM {PaperTokens._meta.db_table} t "
            "WHERE t.tokens @@ %s::tsquery GROUP BY 1, 2",
            [query],
        )
        rows = cursor.fetchall()
    selected = None if categories is None else set(categories)
    counts: dict[date, int] = defaultdict(int)
    for month, category, papers in rows:
        if selected is None or category in selected:
            counts[month] += papers
    return dict(counts)


def papers_matching(
    query: str,
    month: date,
    categories: list[str] | None,
    offset: int,
    limit: int,
    sort: str | None = None,
) -> tuple[int, list[Paper]]:
    """(how many papers of `month` match, one page of them; by arXiv id unless `sort`)."""
    where, params = _where(query, categories, month, month)
    tokens = PaperTokens._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL effective_io_concurrency = {PREFETCH_PAGES}")
        cursor.execute(f"SELECT count(*) FROM {tokens} t WHERE {where}", params)
        row = cursor.fetchone()
        total = int(row[0]) if row else 0
        cursor.execute(
            f"SELECT t.paper_id FROM {tokens} t JOIN {Paper._meta.db_table} p ON p.id = t.paper_id "
            f"WHERE {where} ORDER BY {order_sql(sort, 'p')} LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        ids = [row[0] for row in cursor.fetchall()]
    found = Paper.objects.in_bulk(ids)
    return total, [found[i] for i in ids if i in found]
