"""Ranking hot and not-hot terms: every term's peaks, significance and score, in SQL over the
whole vocabulary and exactly again in Python on the leading rows (trends.analytics.hot builds
the tables from them).

Both sides read the thresholds below, and each Python formula has its SQL twin beside it
(`_supported`/`_supported_sql`, `_shrunk`/`_shrunk_sql`, `_z`/`_z_sql`, `_expected`), in
the same floating-point operations, so the SQL pre-selection and the Python decision agree.

- a month is eligible to hold a peak only when the selection has at least MIN_MONTH_PAPERS
  papers in it, so a 3-paper month where one paper says "capsule" is not a 33 % peak;
- support: at least MIN_PEAK_PAPERS papers behind the peak and MIN_PERIOD_PAPERS over its
  period (hot and new: the recent peak and the window; not hot: the earlier peak and the
  months before the window, terms that "used to matter");
- significance: the term's papers over the window must lie MIN_Z binomial standard deviations
  above what its pooled rate before the window predicts (not hot: the months before the
  window above what the window's rate predicts). Pooled, not peak against peak: an earlier
  peak is the maximum over many months, and in the thin early months one paper makes a
  0.5-1 % "peak", so testing one month against it rejected every term that barely existed
  before (generative adversarial: one paper before 2016, six in March 2017);
- ranking: the ratio is shown as defined, but hot is ordered by a shrunken score,
  (observed + PSEUDO_PAPERS) / (expected + PSEUDO_PAPERS) over the window, expected at the
  earlier pooled rate, and a term is hot when it passes the test above with a score above 1
  (not when its peak ratio is above 1: a term with 3-7 papers a month has single-month
  maxima that are mostly noise; batch normalization had 6 of 773 papers in 2015-11, ICLR's
  deadline, and no later month as high, so its peak ratio is 0.9 while its rate rose from
  15 papers in 16,170 to 35 in 9,069). Not hot is ordered by the geometric mean of that
  fall and the one at the earlier peak month. Ratios resting on a handful of papers sink
  towards 1, and established vocabulary ("learning model", "3d": several % of papers for
  years) ranks below terms that were rare before;
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction

from core.months import month_label
from papers.params import MonthFilter
from trends.models import Term, TermMonthCount

MIN_MONTH_PAPERS = 100
# Support: papers behind a peak in its month and over its period (window or before it).
# Five in a month, not more: the demo corpus has 200-700 papers a month, and a term in 1 %
# of them (generative adversarial in early 2017) has 3-7 papers in its best month.
MIN_PEAK_PAPERS = 5
MIN_PERIOD_PAPERS = 15
# Pseudo-papers added to observed and expected counts in the ranking score.
PSEUDO_PAPERS = 5.0
# The window's papers must stand MIN_Z binomial SDs above the earlier pooled rate.
MIN_Z = 2.0
_EPOCH = date(1970, 1, 1)
# Rows of a table read from the ranked candidates at a time (debris is dropped in Python).
RANK_PAGE = 2000
# Slack of the SQL pre-selection: the exact tests are made again in Python on what it reads.
_SLACK = 1e-9


@dataclass
class Peak:
    month: date
    fraction: float
    papers: int
    # Papers mentioning the term over all eligible months of the peak's period.
    period_papers: int = 0

    def as_json(self) -> dict[str, object]:
        return {"month": month_label(self.month), "fraction": self.fraction, "papers": self.papers}


@dataclass
class HotRow:
    term: str
    ratio: float | None
    recent_peak: Peak | None
    earlier_peak: Peak | None
    also: list[str] = field(default_factory=list)
    # Ranking scores (see hot_tables): shrunken rise for hot, shrunken fall for not hot.
    score: float = 1.0
    fade: float = 1.0
    sparkline: list[float | None] = field(default_factory=list)

    def as_json(self, falling: bool = False) -> dict[str, object]:
        """`falling`: a row of the not-hot table, whose score is its fade. A hot row's score
        is its rise whatever its peak ratio (batch normalization as of 2017-03: ratio 0.90,
        rise 2.84; the same object in both tables when a term is both)."""
        return {
            "term": self.term,
            "ratio": self.ratio,
            "score": round(self.fade if falling else self.score, 4),
            "recent_peak": self.recent_peak.as_json() if self.recent_peak else None,
            "earlier_peak": self.earlier_peak.as_json() if self.earlier_peak else None,
            "also": self.also,
            "sparkline": self.sparkline,
        }


@dataclass(frozen=True)
class Cells:
    """What a table counts: the eligible months (with the selection's papers in each), where
    the window starts, the selected categories, and the (primary category, month) cells
    left out (bulk uploads)."""

    eligible: dict[date, int]
    window_start: date
    categories: list[str] | None
    left_out: list[tuple[str, date]]

    @property
    def recent_total(self) -> int:
        return sum(t for m, t in self.eligible.items() if m >= self.window_start)

    @property
    def earlier_total(self) -> int:
        return sum(t for m, t in self.eligible.items() if m < self.window_start)


@dataclass
class _Candidate:
    text: str
    recent: Peak | None
    earlier: Peak | None


# The formulas, each with its SQL twin: the same floating-point operations in the same
# order, so that SQL's pre-selection and order agree with what `_classify` decides.


def _supported(peak: Peak | None) -> bool:
    """Enough papers behind a peak: MIN_PEAK_PAPERS in its month, MIN_PERIOD_PAPERS in all."""
    return (
        peak is not None
        and peak.papers >= MIN_PEAK_PAPERS
        and peak.period_papers >= MIN_PERIOD_PAPERS
    )


def _supported_sql(peak: str, period: str) -> str:
    return f"({peak}[3] >= {MIN_PEAK_PAPERS} AND {period} >= {MIN_PERIOD_PAPERS})"


def _expected(papers: int, total: int, other_total: int) -> float:
    """Papers a period of `total` papers would have at the pooled rate of `papers` in
    `other_total` (the other period's)."""
    return total * papers / max(other_total, 1)


def _expected_sql(papers: str, total: int, other_total: int) -> str:
    return f"({total}::float8 * {papers} / {max(other_total, 1)})"


def _shrunk(*observed_expected: tuple[float, float]) -> float:
    """Geometric mean of (observed + PSEUDO_PAPERS) / (expected + PSEUDO_PAPERS) ratios.

    Adding the same pseudo-papers to both sides pulls a ratio resting on a handful of papers
    towards 1 (3 papers where 1 was expected is weak evidence of a 3x rise; 30 where 10 were
    expected is strong), the standard additive smoothing of a rate ratio.
    """
    product = 1.0
    for observed, expected in observed_expected:
        product *= (observed + PSEUDO_PAPERS) / (expected + PSEUDO_PAPERS)
    return product ** (1 / len(observed_expected))


def _shrunk_sql(*observed_expected: tuple[str, str]) -> str:
    pseudo = f"{PSEUDO_PAPERS!r}::float8"
    product = " * ".join(f"(({o} + {pseudo}) / ({e} + {pseudo}))" for o, e in observed_expected)
    if len(observed_expected) == 1:
        return product  # x ** 1.0 is x
    return f"power({product}, {1 / len(observed_expected)!r}::float8)"


def _z(papers: int, total: int, expected: float) -> float:
    """How many binomial standard deviations `papers` of `total` lie above `expected`."""
    rate = min(max(expected / total, 0.5 / total), 1 - 0.5 / total)
    return (papers - total * rate) / math.sqrt(total * rate * (1 - rate))


def _z_sql(papers: str, total: int, expected: str) -> str:
    total = max(total, 1)
    baseline = f"{expected} / {total}"
    rate = f"least(greatest({baseline}, {0.5 / total!r}::float8), {1 - 0.5 / total!r}::float8)"
    return (
        f"((coalesce({papers}, 0) - {total}::float8 * {rate}) "
        f"/ sqrt({total}::float8 * {rate} * (1 - {rate})))"
    )


def _classify(
    candidate: _Candidate, cells: Cells, recent_total: int, earlier_total: int
) -> tuple[HotRow, tuple[bool, bool, bool]]:
    """A candidate's row and whether it is hot, not hot, new (see the module docstring)."""
    text, recent, earlier = candidate.text, candidate.recent, candidate.earlier
    if earlier is None:
        return HotRow(text, None, recent, None), (False, False, _supported(recent))
    ratio = (recent.fraction if recent else 0.0) / earlier.fraction
    row = HotRow(text, ratio, recent, earlier)
    in_hot = in_not = False
    # Papers over the window and before it, and what the other period's pooled rate
    # predicts for them: the significance test and the second factor of the score.
    in_window = recent.period_papers if recent else 0
    window_expected = _expected(earlier.period_papers, recent_total, earlier_total)
    before_expected = _expected(in_window, earlier_total, recent_total)
    if recent and _supported(recent) and _z(in_window, recent_total, window_expected) >= MIN_Z:
        row.score = _shrunk((in_window, window_expected))
        in_hot = row.score > 1
    if (
        _supported(earlier)
        and ratio < 1
        and _z(earlier.period_papers, earlier_total, before_expected) >= MIN_Z
    ):
        floor = recent.fraction if recent else 0.0
        row.fade = 1 / _shrunk(
            (earlier.papers, cells.eligible[earlier.month] * floor),
            (earlier.period_papers, before_expected),
        )
        in_not = True
    return row, (in_hot, in_not, False)


def _candidates_sql(cells: Cells) -> str:
    """Per term of the periods CTE: `_classify`'s tests and keys over the whole vocabulary,
    with _SLACK on the thresholds (score: hot, fade: not hot, rise: new)."""
    recent_total, earlier_total = cells.recent_total, cells.earlier_total
    window_expected = _expected_sql("earlier_period", recent_total, earlier_total)
    before_expected = _expected_sql("coalesce(recent_period, 0)", earlier_total, recent_total)
    hot_z = _z_sql("recent_period", recent_total, window_expected)
    not_z = _z_sql("earlier_period", earlier_total, before_expected)
    floor = "coalesce(recent_peak[1], 0)"
    score = _shrunk_sql(("recent_period", window_expected))
    fall = _shrunk_sql(
        ("earlier_peak[3]", f"earlier_peak[4] * {floor}"), ("earlier_period", before_expected)
    )
    return f"""
        supported AS (
            SELECT *, {_supported_sql("recent_peak", "recent_period")} AS recent_ok,
                   {_supported_sql("earlier_peak", "earlier_period")} AS earlier_ok
            FROM periods
        )
        SELECT t.text, t.association, recent_peak, recent_period, earlier_peak, earlier_period,
               CASE WHEN recent_ok AND earlier_peak IS NOT NULL AND {hot_z} >= {MIN_Z - _SLACK}
                    THEN {score}
               END AS score,
               CASE WHEN earlier_ok
                    AND {floor} / earlier_peak[1] < 1 + {_SLACK} AND {not_z} >= {MIN_Z - _SLACK}
                    THEN 1 / {fall}
               END AS fade,
               CASE WHEN recent_ok AND earlier_peak IS NULL THEN -recent_period END AS rise
        FROM supported s JOIN {Term._meta.db_table} t ON t.id = s.term_id
        WHERE recent_ok OR earlier_ok
    """


def ranked(
    cells: Cells, head: int, skip: Callable[[str], bool]
) -> tuple[list[HotRow], list[HotRow], list[HotRow], dict[str, float | None]]:
    """The first `head` rows of the hot, not-hot and new tables, ranked, without the terms
    `skip` names (debris); and the association of their terms.

    Every term's peaks, its significance and its score are computed in SQL over the whole
    vocabulary (a million terms at 1M papers, half of them with a supported peak); only the
    leading rows of each table come to Python, where `_classify` decides them exactly as
    over all terms: SQL orders and pre-selects with a little slack, it never decides.
    """
    if not cells.eligible:
        return [], [], [], {}
    rows: dict[str, tuple[HotRow, tuple[bool, bool, bool]]] = {}
    tables: list[list[HotRow]] = [[], [], []]
    association: dict[str, float | None] = {}
    recent_total, earlier_total = cells.recent_total, cells.earlier_total
    periods, params = _periods_sql(cells)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS hot_candidates")
        cursor.execute(
            "CREATE TEMP TABLE hot_candidates ON COMMIT DROP AS "
            f"WITH {periods}, {_candidates_sql(cells)}",
            [*params, *_left_out(cells)],
        )
        keys = [
            f"score > 1 - {_SLACK} ORDER BY score DESC",
            "fade IS NOT NULL ORDER BY fade",
            "rise IS NOT NULL ORDER BY rise",
        ]
        for table, (rows_of, key) in enumerate(zip(tables, keys, strict=True)):
            offset = 0
            while len(rows_of) < head:
                cursor.execute(
                    "SELECT text, association, recent_peak, recent_period, earlier_peak, "
                    f'earlier_period FROM hot_candidates WHERE {key}, text COLLATE "C" '
                    "LIMIT %s OFFSET %s",
                    [RANK_PAGE, offset],
                )
                page = cursor.fetchall()
                for text, npmi, recent, recent_period, earlier, earlier_period in page:
                    if skip(text):
                        continue
                    association[text] = npmi
                    candidate = _Candidate(
                        text, _peak(recent, recent_period), _peak(earlier, earlier_period)
                    )
                    # One row a term: a term both hot and not hot is one object in both.
                    if text not in rows:
                        rows[text] = _classify(candidate, cells, recent_total, earlier_total)
                    row, member = rows[text]
                    if member[table]:
                        rows_of.append(row)
                offset += RANK_PAGE
                if len(page) < RANK_PAGE:
                    break
        cursor.execute("DROP TABLE hot_candidates")
    # The exact order (SQL's keys are the same operations; this only makes sure of it).
    hot, not_hot, new = tables
    hot.sort(key=lambda r: (-r.score, r.term))
    not_hot.sort(key=lambda r: (r.fade, r.term))
    new.sort(key=lambda r: (-(r.recent_peak.period_papers if r.recent_peak else 0), r.term))
    return hot[:head], not_hot[:head], new[:head], association


def _periods_sql(cells: Cells, only: str = "") -> tuple[str, list[Any]]:
    """CTEs ending in `periods`: per term, the recent and the earlier peak as arrays
    (fraction, -(days since 1970-01-01), papers, the month's total) and the papers of each
    period, over the counted cells. Each peak is the highest fraction, then the earliest
    month: the maximum of the arrays, one aggregate and no sort. `only`: an SQL condition
    on `c.term_id` with its parameters following."""
    months = sorted(cells.eligible)
    category_sql, category_params = MonthFilter(cells.categories, None, None).sql("c")
    sql = f"""
        totals AS (SELECT * FROM unnest(%s::date[], %s::int[]) AS t(month, total)),
        per_month AS (
            SELECT c.term_id, c.month >= %s AS recent, sum(c.papers)::int AS papers,
                   ARRAY[sum(c.papers)::float8 / t.total, (DATE '1970-01-01' - c.month)::float8,
                         sum(c.papers)::float8, t.total::float8] AS peak
            FROM {TermMonthCount._meta.db_table} c JOIN totals t USING (month)
            WHERE {category_sql} {only} AND (c.primary_category, c.month) NOT IN (
                SELECT * FROM unnest(%s::varchar[], %s::date[])
            )
            GROUP BY c.term_id, c.month, t.total
        ),
        periods AS (
            SELECT p.term_id,
                   max(p.peak) FILTER (WHERE p.recent) AS recent_peak,
                   sum(p.papers) FILTER (WHERE p.recent)::int AS recent_period,
                   max(p.peak) FILTER (WHERE NOT p.recent) AS earlier_peak,
                   sum(p.papers) FILTER (WHERE NOT p.recent)::int AS earlier_period
            FROM per_month p GROUP BY p.term_id
        )
    """
    params: list[Any] = [
        months,
        [cells.eligible[m] for m in months],
        cells.window_start,
        *category_params,
    ]
    return sql, params


def present(cells: Cells, texts: list[str]) -> list[str]:
    """Those of `texts` that have papers in the table's counted cells."""
    if not cells.eligible or not texts:
        return []
    term = Term._meta.db_table
    periods, params = _periods_sql(
        cells, f"AND c.term_id IN (SELECT id FROM {term} WHERE text = ANY(%s))"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH {periods} SELECT t.text FROM periods p JOIN {term} t ON t.id = p.term_id",
            [*params, texts, *_left_out(cells)],
        )
        return [text for (text,) in cursor.fetchall()]


def _left_out(cells: Cells) -> list[Any]:
    return [[c for c, _ in cells.left_out], [m for _, m in cells.left_out]]


def _peak(peak: list[float] | None, period: int | None) -> Peak | None:
    """A Peak from the SQL array (fraction, -(days since 1970-01-01), papers, total)."""
    if peak is None:
        return None
    fraction, days, papers = peak[:3]
    return Peak(_EPOCH - timedelta(days=int(days)), fraction, int(papers), int(period or 0))
