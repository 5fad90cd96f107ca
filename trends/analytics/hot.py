"""Hot and not-hot terms (BRIEF §2): ratio of a term's recent peak to its earlier peak.

For as-of month M and window W, over every vocabulary term:
    recent peak  = max monthly fraction over the W months ending at M,
    earlier peak = max monthly fraction over all months before them,
    ratio        = recent peak / earlier peak.

Noise control (shown on /hot/):
- a month is eligible to hold a peak only when the selection has at least MIN_MONTH_PAPERS
  papers in it, so a 3-paper month where one paper says "capsule" is not a 33 % peak;
- a peak only counts when at least MIN_PEAK_PAPERS papers stand behind it (hot and new need
  it for the recent peak, not-hot for the earlier peak: terms that "used to matter");
- a peak must also be significant: at least MIN_Z binomial standard deviations above what
  the other period's peak rate predicts for that month's papers (so a generic word that
  wobbles from 1.0 % to 1.5 % in a 200-paper month is not "hot");
- terms without any earlier mention are listed as "new", never given an infinite ratio;
- debris: a term with a word from BOILERPLATE (abstract boilerplate, URL remnants) is not
  listed, nor a term naming a year (event names: "semeval-2018"); the tokenizer already
  drops stop words, numbers, URLs and e-mail addresses;
- near-duplicates: plurals are already one term; a bigram and its word whose peaks rest on
  mostly the same papers are one family (see `_collapse`), shown as one row with the
  others under "also", so `generative adversarial` and `adversarial network` do not crowd
  the top.
"""

import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection

from trends.analytics.fractions import primary_totals
from trends.models import Term, TermMonthCount
from trends.months import add_months, month_label, month_span

# Event names with a year ("semeval-2018", "icml 2019") rise and vanish by construction.
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
MIN_MONTH_PAPERS = 100
MIN_PEAK_PAPERS = 10
SPARK_MONTHS = 60
FAMILY_SHARE = 0.5
# A peak must stand MIN_Z binomial standard deviations above the other period's peak rate.
MIN_Z = 2.0
# Abstract boilerplate and URL remnants: a term with one of these words is never listed.
BOILERPLATE = frozenset([
    "paper", "propose", "proposed", "present", "presented", "result", "show", "shows", "shown",
    "code", "available", "github", "http", "https", "www", "com", "org", "html", "pdf", "arxiv",
    "approach", "method", "novel", "new", "work", "study", "problem", "based", "using", "use",
    "used", "provide", "provides", "demonstrate", "experiment", "experimental", "extensive",
    "outperform", "outperforms", "state-of-the-art", "art", "previous", "recent", "recently",
    "existing", "introduce", "address", "aim", "goal", "article", "contribution",
    "significantly", "significant", "furthermore", "additionally", "finally", "able", "way",
    "task", "different", "various",
])  # fmt: skip


@dataclass
class Peak:
    month: date
    fraction: float
    papers: int

    def as_json(self) -> dict[str, object]:
        return {"month": month_label(self.month), "fraction": self.fraction, "papers": self.papers}


@dataclass
class HotRow:
    term: str
    ratio: float | None
    recent_peak: Peak | None
    earlier_peak: Peak | None
    also: list[str] = field(default_factory=list)
    sparkline: list[float | None] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "term": self.term,
            "ratio": self.ratio,
            "recent_peak": self.recent_peak.as_json() if self.recent_peak else None,
            "earlier_peak": self.earlier_peak.as_json() if self.earlier_peak else None,
            "also": self.also,
            "sparkline": self.sparkline,
        }


@dataclass
class HotTables:
    as_of: date
    window: int
    categories: list[str] | None
    spark_months: list[date]
    hot: list[HotRow]
    not_hot: list[HotRow]
    new: list[HotRow]

    def as_json(self) -> dict[str, object]:
        return {
            "as_of": month_label(self.as_of),
            "window": self.window,
            "categories": self.categories or "all",
            "rules": {
                "min_month_papers": MIN_MONTH_PAPERS,
                "min_peak_papers": MIN_PEAK_PAPERS,
            },
            "sparkline_months": [month_label(m) for m in self.spark_months],
            "hot": [r.as_json() for r in self.hot],
            "not_hot": [r.as_json() for r in self.not_hot],
            "new": [r.as_json() for r in self.new],
        }


def latest_complete_month(today: date) -> date:
    """The month before the current one (the current month is still filling up)."""
    return add_months(date(today.year, today.month, 1), -1)


def hot_tables(as_of: date, window: int, categories: list[str] | None, limit: int) -> HotTables:
    """The three tables for `as_of`, over the whole vocabulary (see module docstring)."""
    totals = primary_totals(categories)
    eligible = {m: t for m, t in totals.items() if m <= as_of and t >= MIN_MONTH_PAPERS}
    window_start = add_months(as_of, -(window - 1))
    peaks = _peaks(eligible, window_start, categories)
    texts = dict(Term.objects.filter(pk__in=list(peaks)).values_list("pk", "text"))
    hot, not_hot, new = [], [], []
    for term_id, (recent, earlier) in peaks.items():
        text = texts.get(term_id)
        if text is None or BOILERPLATE.intersection(text.split()) or _YEAR.search(text):
            continue
        if earlier is None:
            if recent and recent.papers >= MIN_PEAK_PAPERS:
                new.append(HotRow(text, None, recent, None))
            continue
        ratio = (recent.fraction if recent else 0.0) / earlier.fraction
        row = HotRow(text, ratio, recent, earlier)
        if (
            recent
            and recent.papers >= MIN_PEAK_PAPERS
            and ratio > 1
            and _z(recent.papers, eligible[recent.month], earlier.fraction) >= MIN_Z
        ):
            hot.append(row)
        floor = recent.fraction if recent else 0.0
        if (
            earlier.papers >= MIN_PEAK_PAPERS
            and ratio < 1
            and _z(earlier.papers, eligible[earlier.month], floor) >= MIN_Z
        ):
            not_hot.append(row)
    hot.sort(key=lambda r: (-(r.ratio or 0), r.term))
    not_hot.sort(key=lambda r: (r.ratio or 0, -r.earlier_peak.fraction if r.earlier_peak else 0))
    new.sort(key=lambda r: (-(r.recent_peak.fraction if r.recent_peak else 0), r.term))
    tables = [_collapse(hot, limit), _collapse(not_hot, limit, recent=False), _collapse(new, limit)]
    spark_months = month_span(add_months(as_of, -(SPARK_MONTHS - 1)), as_of)
    _add_sparklines([r for rows in tables for r in rows], spark_months, totals, categories)
    return HotTables(as_of, window, categories, spark_months, *tables)


def _z(papers: int, total: int, baseline: float) -> float:
    """How many binomial standard deviations `papers` of `total` lie above `baseline`."""
    rate = min(max(baseline, 0.5 / total), 1 - 0.5 / total)
    expected = total * rate
    return (papers - expected) / math.sqrt(total * rate * (1 - rate))


def _peaks(
    eligible: dict[date, int], window_start: date, categories: list[str] | None
) -> dict[int, tuple[Peak | None, Peak | None]]:
    """term id -> (recent peak, earlier peak), one pass over TermMonthCount in SQL."""
    if not eligible:
        return {}
    months = sorted(eligible)
    category_sql = "" if categories is None else "AND c.primary_category = ANY(%s)"
    params: list[Any] = [months, [eligible[m] for m in months]]
    params += [] if categories is None else [categories]
    params += [window_start]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH totals AS (SELECT * FROM unnest(%s::date[], %s::int[]) AS t(month, total)),
            per_month AS (
                SELECT c.term_id, c.month, sum(c.papers)::int AS papers
                FROM {TermMonthCount._meta.db_table} c JOIN totals USING (month)
                WHERE TRUE {category_sql} GROUP BY 1, 2
            )
            SELECT DISTINCT ON (p.term_id, p.month >= %s)
                   p.term_id, p.month >= %s AS recent, p.month, p.papers,
                   p.papers::float / t.total AS fraction
            FROM per_month p JOIN totals t USING (month)
            ORDER BY p.term_id, p.month >= %s, fraction DESC, p.month
            """,
            [*params, window_start, window_start],
        )
        rows = cursor.fetchall()
    peaks: dict[int, list[Peak | None]] = {}
    for term_id, recent, month, papers, fraction in rows:
        slot = peaks.setdefault(term_id, [None, None])
        slot[0 if recent else 1] = Peak(month, fraction, papers)
    return {term_id: (pair[0], pair[1]) for term_id, pair in peaks.items()}


def _collapse(rows: list[HotRow], limit: int, *, recent: bool = True) -> list[HotRow]:
    """One row per family of near-duplicates, the family's best-ranked term first.

    A bigram and one of its words are one family when the bigram carries at least
    FAMILY_SHARE of the word's papers at the peak that ranks the table (the recent peak for
    hot and new, the earlier peak for not hot): then the word's rise or fall is mostly the
    bigram's. Families are closed under that link, so `generative adversarial`,
    `adversarial network`, `generative` and `adversarial` end up in one row.
    """
    parent = {row.term: row.term for row in rows}

    def root(term: str) -> str:
        while parent[term] != term:
            parent[term] = parent[parent[term]]
            term = parent[term]
        return term

    def papers(row: HotRow) -> int:
        peak = row.recent_peak if recent else row.earlier_peak
        return peak.papers if peak else 0

    by_term = {row.term: row for row in rows}
    for row in rows:
        words = row.term.split()
        if len(words) != 2:
            continue
        for word in words:
            other = by_term.get(word)
            if other is not None and papers(row) >= FAMILY_SHARE * papers(other):
                parent[root(row.term)] = root(word)
    kept: list[HotRow] = []
    leaders: dict[str, HotRow] = {}
    for row in rows:
        family = root(row.term)
        leader = leaders.get(family)
        if leader is not None:
            if len(leader.also) < 5:
                leader.also.append(row.term)
            continue
        if len(kept) >= limit:
            continue
        leaders[family] = row
        kept.append(row)
    return kept


def _add_sparklines(
    rows: list[HotRow], months: list[date], totals: dict[date, int], categories: list[str] | None
) -> None:
    if not rows:
        return
    by_text = {r.term: r for r in rows}
    params: list[Any] = [list(by_text), months[0], months[-1]]
    params += [] if categories is None else [categories]
    category_sql = "" if categories is None else "AND c.primary_category = ANY(%s)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT t.text, c.month, sum(c.papers) FROM {TermMonthCount._meta.db_table} c "
            f"JOIN {Term._meta.db_table} t ON t.id = c.term_id "
            f"WHERE t.text = ANY(%s) AND c.month BETWEEN %s AND %s {category_sql} GROUP BY 1, 2",
            params,
        )
        counts: dict[str, dict[date, int]] = {}
        for text, month, papers in cursor.fetchall():
            counts.setdefault(text, {})[month] = int(papers)
    for text, row in by_text.items():
        mine = counts.get(text, {})
        row.sparkline = [
            round(mine.get(m, 0) / totals[m], 6) if totals.get(m, 0) >= MIN_MONTH_PAPERS else None
            for m in months
        ]
