"""Hot and not-hot terms: ratio of a term's recent peak to its earlier peak.

For as-of month M and window W, over every vocabulary term:
    recent peak  = max monthly fraction over the W months ending at M,
    earlier peak = max monthly fraction over all months before them,
    ratio        = recent peak / earlier peak.

Noise control (shown on /hot/):
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
- bulk uploads: a category-month far above the months before and after it
  (papers.coverage.bulk_months: old proceedings uploaded at once, the demo's cs.AI of
  2013-01..03) is left out of counts and totals, so it holds no earlier peak;
- terms without any earlier mention are listed as "new", never given an infinite ratio;
- debris: a term with a word from BOILERPLATE (abstract boilerplate, URL remnants) is not
  listed, nor a term naming a year or a month (event names: "semeval-2018", the meeting
  dates of proceedings: "july"); the tokenizer already
  drops stop words, numbers, URLs and e-mail addresses;
- filler: words spread over the categories like the papers themselves, bigrams that are not
  phrases, terms said once in passing (repetition in the window's token positions), and
  terms with neither repetition nor papers alike (topic coherence,
  trends.analytics.topics) are not listed (trends.analytics.filler);
- near-duplicates: plurals are already one term; hyphen/space spellings, an abbreviation with
  its long form, a bigram (or an X-based word) with the word it is a kind of, and terms that
  the same papers mention (co-occurrence) are one family (`_collapse`,
  trends.analytics.families), shown as one row with the others under "also", so
  `generative adversarial`, `adversarial network` and `gan` do not crowd the top.
"""

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction

from core.months import add_months, month_label, month_span
from papers.coverage import bulk_months
from papers.models import MonthCategoryCount
from papers.params import MonthFilter
from trends.analytics.families import cooccurrence_links, defined_terms, family_links
from trends.analytics.filler import category_spread, filler_in, is_fragment, names, repetition
from trends.analytics.fractions import primary_totals
from trends.analytics.topics import coherence
from trends.models import Term, TermMonthCount
from trends.text import singular_candidates, split_hyphens

# Event names with a year ("semeval-2018", "icml 2019") rise and vanish by construction.
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# Dates too: "july" rose and fell with the proceedings that printed their meeting dates.
_MONTH = re.compile(
    r"\b(?:january|february|march|april|june|july|august|september|october|november|"
    r"december)\b"
)
MIN_MONTH_PAPERS = 100
# Support: papers behind a peak in its month and over its period (window or before it).
# Five in a month, not more: the demo corpus has 200-700 papers a month, and a term in 1 %
# of them (generative adversarial in early 2017) has 3-7 papers in its best month.
MIN_PEAK_PAPERS = 5
MIN_PERIOD_PAPERS = 15
# Pseudo-papers added to observed and expected counts in the ranking score.
PSEUDO_PAPERS = 5.0
SPARK_MONTHS = 60
_EPOCH = date(1970, 1, 1)
# A bigram with this share of its word's papers over the period is one family with it.
FAMILY_SHARE = 0.25
# A bigram whose other word is this many times as common as the word is a kind of the word.
SPECIFIC_FACTOR = 5
# Rows examined for filler per table row shown (families and fragments thin them out).
FRAGMENT_HEAD = 6
# The window's papers must stand MIN_Z binomial SDs above the earlier pooled rate.
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
    # Academic filler: verbs, adverbs and counting words that describe the writing or the
    # experiments of any paper, not its subject; they rose or fell with writing fashion in
    # the demo corpus (seamlessly, mitigate, shortcoming; revealed, so-called, conducted).
    "achieve", "achieves", "baseline", "conduct", "conducted", "controlled", "enable",
    "enabling", "explicitly", "implicitly", "mitigate", "obtain", "obtaining", "partially",
    "proceed", "reveal", "revealed", "scratch", "seamlessly", "shortcoming", "so-called",
    "submission", "sufficient", "treat", "treating", "two", "three", "four",
])  # fmt: skip


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

    def as_json(self) -> dict[str, object]:
        return {
            "term": self.term,
            "ratio": self.ratio,
            "score": round(self.score if self.ratio is None or self.ratio > 1 else self.fade, 4),
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
    since: date | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "as_of": month_label(self.as_of),
            "window": self.window,
            "earlier_from": month_label(self.since) if self.since else None,
            "categories": self.categories or "all",
            "rules": {
                "min_month_papers": MIN_MONTH_PAPERS,
                "min_peak_papers": MIN_PEAK_PAPERS,
                "min_period_papers": MIN_PERIOD_PAPERS,
                "pseudo_papers": PSEUDO_PAPERS,
                "min_z": MIN_Z,
            },
            "sparkline_months": [month_label(m) for m in self.spark_months],
            "hot": [r.as_json() for r in self.hot],
            "not_hot": [r.as_json() for r in self.not_hot],
            "new": [r.as_json() for r in self.new],
        }


def hot_tables(
    as_of: date,
    window: int,
    categories: list[str] | None,
    limit: int,
    since: date | None = None,
) -> HotTables:
    """The three tables for `as_of`, over the whole vocabulary (see module docstring).

    `since`: the first month of the earlier period (trends.analytics.coverage.hot_periods
    leaves partial months before it out); None: every month.
    """
    totals = primary_totals(categories)
    bulk = _bulk_cells(categories, as_of)
    counted = dict(totals)
    for (_, month), papers in bulk.items():
        counted[month] -= papers
    eligible = {
        m: t
        for m, t in counted.items()
        if m <= as_of and t >= MIN_MONTH_PAPERS and (since is None or m >= since)
    }
    window_start = add_months(as_of, -(window - 1))
    cells = _Cells(eligible, window_start, categories, list(bulk))
    hot, not_hot, new, association = _ranked(cells, limit * FRAGMENT_HEAD)
    (hot, not_hot, new), papers_of, sample = _without_fragments(
        [hot, not_hot, new],
        association,
        limit,
        (window_start, as_of),
        categories,
    )
    listed = [r.term for rows in (hot, not_hot, new) for r in rows]
    corpus_papers = _corpus_papers(cells, listed)
    links = family_links(listed)
    # Co-occurrence is read over the window's papers: it joins rising terms, not falling ones.
    together = cooccurrence_links(
        {r.term: papers_of.get(r.term, set()) for rows in (hot, new) for r in rows}, sample
    )
    tables = [
        _collapse(hot, limit, links + together, corpus_papers),
        _collapse(not_hot, limit, links, corpus_papers, recent=False),
        _collapse(new, limit, links + together, corpus_papers),
    ]
    spark_months = month_span(add_months(as_of, -(SPARK_MONTHS - 1)), as_of)
    _add_sparklines([r for rows in tables for r in rows], spark_months, totals, categories)
    hot_rows, not_hot_rows, new_rows = tables
    return HotTables(
        as_of, window, categories, spark_months, hot_rows, not_hot_rows, new_rows, since
    )


def _is_debris(text: str) -> bool:
    """Boilerplate, a year or a month name in the term: never listed."""
    return _is_boilerplate(text) or bool(_YEAR.search(text) or _MONTH.search(text))


def _is_boilerplate(text: str) -> bool:
    """A word of BOILERPLATE in the term, also as a plural left whole (plurals fold only when
    the corpus attests the singular, so "results" may be a term of its own) or as a part of
    a hyphenated word ("learning-based", "cnn-based": phrasing like "based on")."""
    words = text.split()
    words += [part for w in words if "-" in w for part in split_hyphens(w) if part != w]
    forms = words + [s for w in words for s in singular_candidates(w)]
    return bool(BOILERPLATE.intersection(forms))


def _supported(peak: Peak | None) -> bool:
    """Enough papers behind a peak: MIN_PEAK_PAPERS in its month, MIN_PERIOD_PAPERS in all."""
    return (
        peak is not None
        and peak.papers >= MIN_PEAK_PAPERS
        and peak.period_papers >= MIN_PERIOD_PAPERS
    )


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


def _z(papers: int, total: int, baseline: float) -> float:
    """How many binomial standard deviations `papers` of `total` lie above `baseline`."""
    rate = min(max(baseline, 0.5 / total), 1 - 0.5 / total)
    expected = total * rate
    return (papers - expected) / math.sqrt(total * rate * (1 - rate))


def _bulk_cells(categories: list[str] | None, as_of: date) -> dict[tuple[str, date], int]:
    """(primary category, month) -> papers of the selection's bulk-upload months up to
    `as_of` (papers.coverage.bulk_months): left out of the counts and totals of hot tables."""
    where, params = MonthFilter(categories, None, as_of).sql()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT primary_category, month, sum(papers) FROM "
            f"{MonthCategoryCount._meta.db_table} WHERE {where} GROUP BY 1, 2",
            params,
        )
        cells: dict[str, dict[date, int]] = defaultdict(dict)
        for category, month, papers in cursor.fetchall():
            cells[category][month] = int(papers)
    return {(c, m): cells[c][m] for c, m in bulk_months(cells)}


@dataclass(frozen=True)
class _Cells:
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


# Rows of a table read from the ranked candidates at a time (debris is dropped in Python).
RANK_PAGE = 2000
# Slack of the SQL pre-selection: the exact tests are made again in Python on what it reads.
_SLACK = 1e-9


def _ranked(
    cells: _Cells, head: int
) -> tuple[list[HotRow], list[HotRow], list[HotRow], dict[str, float | None]]:
    """The first `head` rows of the hot, not-hot and new tables, ranked, without debris;
    and the association of their terms.

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
    # The ranking keys of `_classify`, in the same floating-point operations.
    window_expected = f"{recent_total}::float8 * earlier_period / {max(earlier_total, 1)}"
    before_expected = (
        f"{earlier_total}::float8 * coalesce(recent_period, 0) / {max(recent_total, 1)}"
    )
    hot_z = _z_sql("recent_period", recent_total, f"({window_expected}) / {max(recent_total, 1)}")
    not_z = _z_sql(
        "earlier_period", earlier_total, f"({before_expected}) / {max(earlier_total, 1)}"
    )
    floor = "coalesce(recent_peak[1], 0)"
    pseudo = f"{PSEUDO_PAPERS!r}::float8"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS hot_candidates")
        cursor.execute(
            f"""
            CREATE TEMP TABLE hot_candidates ON COMMIT DROP AS
            WITH {periods},
            supported AS (
                SELECT *,
                       recent_peak[3] >= {MIN_PEAK_PAPERS}
                       AND recent_period >= {MIN_PERIOD_PAPERS} AS recent_ok,
                       earlier_peak[3] >= {MIN_PEAK_PAPERS}
                       AND earlier_period >= {MIN_PERIOD_PAPERS} AS earlier_ok
                FROM periods
            )
            SELECT t.text, t.association, recent_peak, recent_period, earlier_peak, earlier_period,
                   CASE WHEN recent_ok AND earlier_peak IS NOT NULL AND {hot_z} >= {MIN_Z - _SLACK}
                        THEN (recent_period + {pseudo}) / ({window_expected} + {pseudo})
                   END AS score,
                   CASE WHEN earlier_ok
                        AND {floor} / earlier_peak[1] < 1 + {_SLACK} AND {not_z} >= {MIN_Z - _SLACK}
                        THEN 1 / power(
                            ((earlier_peak[3] + {pseudo}) / (earlier_peak[4] * {floor} + {pseudo}))
                            * ((earlier_period + {pseudo}) / ({before_expected} + {pseudo})),
                            0.5::float8)
                   END AS fade,
                   CASE WHEN recent_ok AND earlier_peak IS NULL THEN -recent_period END AS rise
            FROM supported s JOIN {Term._meta.db_table} t ON t.id = s.term_id
            WHERE recent_ok OR earlier_ok
            """,
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
                    if _is_debris(text):
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


def _z_sql(papers: str, total: int, baseline: str) -> str:
    """`_z` in SQL, the same operations in the same order."""
    total = max(total, 1)
    rate = f"least(greatest({baseline}, {0.5 / total!r}::float8), {1 - 0.5 / total!r}::float8)"
    return (
        f"((coalesce({papers}, 0) - {total}::float8 * {rate}) "
        f"/ sqrt({total}::float8 * {rate} * (1 - {rate})))"
    )


def _classify(
    candidate: _Candidate, cells: _Cells, recent_total: int, earlier_total: int
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
    window_expected = recent_total * earlier.period_papers / max(earlier_total, 1)
    before_expected = earlier_total * in_window / max(recent_total, 1)
    if (
        recent
        and _supported(recent)
        and _z(in_window, recent_total, window_expected / recent_total) >= MIN_Z
    ):
        row.score = _shrunk((in_window, window_expected))
        in_hot = row.score > 1
    if (
        _supported(earlier)
        and ratio < 1
        and _z(earlier.period_papers, earlier_total, before_expected / earlier_total) >= MIN_Z
    ):
        floor = recent.fraction if recent else 0.0
        row.fade = 1 / _shrunk(
            (earlier.papers, cells.eligible[earlier.month] * floor),
            (earlier.period_papers, before_expected),
        )
        in_not = True
    return row, (in_hot, in_not, False)


def _periods_sql(cells: _Cells, only: str = "") -> tuple[str, list[Any]]:
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


def _present(cells: _Cells, texts: list[str]) -> list[str]:
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


def _left_out(cells: _Cells) -> list[Any]:
    return [[c for c, _ in cells.left_out], [m for _, m in cells.left_out]]


def _peak(peak: list[float] | None, period: int | None) -> Peak | None:
    """A Peak from the SQL array (fraction, -(days since 1970-01-01), papers, total)."""
    if peak is None:
        return None
    fraction, days, papers = peak[:3]
    return Peak(_EPOCH - timedelta(days=int(days)), fraction, int(papers), int(period or 0))


def _corpus_papers(cells: _Cells, terms: list[str]) -> dict[str, int]:
    """Corpus papers (Term.papers) of the words of two-word `terms` (or of hyphenated
    words' parts) that have papers in the table's counted cells: what `_collapse` weighs a
    bigram's words by."""
    words = set()
    for text in terms:
        parts = text.split()
        words.update(split_hyphens(text) if len(parts) == 1 else parts)
    present = _present(cells, sorted(words))
    return dict(Term.objects.filter(text__in=present).values_list("text", "papers"))


def _without_fragments(
    tables: list[list[HotRow]],
    association: dict[str, float | None],
    limit: int,
    months: tuple[date, date],
    categories: list[str] | None,
) -> tuple[list[list[HotRow]], dict[str, set[int]], int]:
    """Drop filler words and fragments of phrasing (trends.analytics.filler) from the
    ranked tables. Only the leading rows are examined: enough to fill `limit` rows after
    families collapse, without measuring the spread of the whole vocabulary. Also returns
    the papers of the sample that mention each term, and how many papers the sample
    holds with any of them (for co-occurrence families).

    Repetition and topic coherence are read over `months` (the window: what the rise is made
    of; a falling term has too few papers there to be judged, and reading the earlier years
    for the not-hot table cost a second scan for no gain on the demo). Terms the corpus
    defines as an abbreviation or its long form ("language modeling (LM)") and names (every
    word written as a name: "ImageNet", "CIFAR-10") are subjects by that evidence: never
    passing mentions. A name with a common word ("cnn architecture", "imagenet dataset",
    "rgb image") is not: the name is exempt, not the generic noun it is said with.
    """
    head = [rows[: limit * FRAGMENT_HEAD] for rows in tables]
    terms = {row.term for rows in head for row in rows}
    words = {w for t in terms for w in t.split()}
    filler = filler_in(category_spread(words, months[1]))
    named = names(words)
    subjects = defined_terms(terms) | {t for t in terms if named.issuperset(t.split())}
    repeated, papers_of, sample = repetition(terms, months[0], months[1], categories)
    lifts = coherence(papers_of, sample)
    kept = [
        [
            r
            for r in rows
            if not is_fragment(
                r.term,
                association.get(r.term),
                filler,
                repeated.get(r.term),
                lifts.get(r.term),
                subject=r.term in subjects,
            )
        ]
        for rows in head
    ]
    mentioning = len({p for found in papers_of.values() for p in found})
    return kept, papers_of, mentioning


def _collapse(
    rows: list[HotRow],
    limit: int,
    links: list[tuple[str, str]],
    corpus_papers: dict[str, int] | None = None,
    *,
    recent: bool = True,
) -> list[HotRow]:
    """One row per family of near-duplicates, the family's best-ranked term first.

    A two-word term and one of its words in the same table are one family when the bigram
    carries at least FAMILY_SHARE of the word's papers over the period that ranks the table
    (the window for hot and new, the earlier months for not hot): then a good part of the
    word's rise or fall is the bigram's. Periods, not peak months, because a word and its
    bigrams often peak in different months; a small slice of a common word ("learning
    model" of "learning") does not link. Families are closed under the link, so
    `generative adversarial`, `adversarial network` and `adversarial` end up in one row.
    `links` join more: hyphen/space spellings of one phrase and abbreviations with their
    long forms (`family_links`).
    """
    # Words not listed themselves take part as nodes too, so that "deep residual" and
    # "residual learning" are one family when "residual" is not in the table.
    parent = {row.term: row.term for row in rows}

    def root(term: str) -> str:
        parent.setdefault(term, term)
        while parent[term] != term:
            parent[term] = parent[parent[term]]
            term = parent[term]
        return term

    def papers(row: HotRow) -> int:
        peak = row.recent_peak if recent else row.earlier_peak
        return peak.period_papers if peak else 0

    by_term = {row.term: row for row in rows}
    corpus = corpus_papers or {}
    for row in rows:
        words = row.term.split()
        if len(words) == 1:
            words = split_hyphens(row.term)  # "attention-based" is a kind of "attention"
        if len(words) != 2 or words[0] == words[1]:
            continue
        for word, other in (words, words[::-1]):
            kind_of = corpus.get(word, 0) > 0 and SPECIFIC_FACTOR * corpus[word] <= corpus.get(
                other, 0
            )
            share = word in by_term and papers(row) >= FAMILY_SHARE * papers(by_term[word])
            if kind_of or share:
                parent[root(row.term)] = root(word)
    for a, b in links:
        if a in parent and b in parent:
            parent[root(b)] = root(a)
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
    category_sql, category_params = MonthFilter(categories, None, None).sql("c")
    params: list[Any] = [list(by_text), months[0], months[-1], *category_params]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT t.text, c.month, sum(c.papers) FROM {TermMonthCount._meta.db_table} c "
            f"JOIN {Term._meta.db_table} t ON t.id = c.term_id "
            f"WHERE t.text = ANY(%s) AND c.month BETWEEN %s AND %s AND {category_sql} "
            "GROUP BY 1, 2",
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
