"""Fraction-of-papers series for the items of `q` (the n-gram viewer).

An item of `q` (a term, a quoted phrase `"deep learning"`, or `a + b`) is resolved to
papers-per-month by the first resolver in RESOLVERS that accepts it, else as a term
(TermQuery: a term, or `a + b` for papers mentioning either). A resolver (e.g. the entities
app's `entity:slug`) is a function `(item, categories) -> Resolved | None`; it returns None
for items that are not its own. The terms of one request are answered together: their
vocabulary counts in one statement (resolve_all).

Numerator and denominator share one definition: a paper counts in the selection when its
PRIMARY category is selected (term statistics are kept by primary category), so the
denominator is MonthCategoryCount summed over primary categories, not over cross-lists.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from django.db import connection

from core.cache import cached
from core.months import month_axis, month_label, month_span
from core.params import QueryError
from papers.coverage import shaded_periods
from papers.declaration import declared_periods
from papers.models import MonthCategoryCount
from papers.params import MonthFilter
from trends.analytics.certainty import DEFAULT_MIN_PAPERS, LOW_SUPPORT, certainty, gap_reason
from trends.analytics.phrases import phrase_counts, phrase_tsquery
from trends.analytics.query_help import Offer, did_you_mean, offers
from trends.models import Term, TermMonthCount
from trends.terms.lexicon import query_lexicon, term_labels
from trends.text import Lexicon, hyphen_variants, split_hyphens, term_tokens, typed_pieces


@dataclass
class Resolved:
    """One item of `q` as papers per month (within the selected categories)."""

    label: str
    # Which path answered: "vocabulary" (precomputed), "phrase" (full-text over the token
    # vectors), or a later resolver's name.
    path: str
    counts: dict[date, int]
    # tsquery over PaperTokens listing the papers behind a point (None: cannot list).
    papers_query: str | None = None
    # Or a function (month, categories, offset, limit, sort) -> (total, papers) doing that.
    list_papers: (
        Callable[[date, list[str] | None, int, int, str | None], tuple[int, list[Any]]] | None
    ) = None
    # What a reader calls it ("TensorFlow" for `entity:tensorflow`); None: the label itself.
    display: str | None = None


Resolver = Callable[[str, list[str] | None], "Resolved | None"]


@dataclass
class TermQuery:
    """A term item of `q` read with the query lexicon: its label, every phrase it counts
    (all spellings of all parts of `a + b`), and per part its hyphen/space variants."""

    label: str
    phrases: list[list[str]]
    per_part: list[list[list[str]]]

    @classmethod
    def parse(cls, item: str, lexicon: Lexicon) -> "TermQuery":
        """A term or phrase, or `a + b + ...` (papers mentioning any of them). Hyphen and
        space variants are one term: `batch-normalization` also counts the papers writing
        `batch normalization` (and the other way round)."""
        phrases: list[list[str]] = []
        per_part: list[list[list[str]]] = []
        labels = []
        for part in [part.strip() for part in item.split("+") if part.strip()] or [item]:
            tokens = term_tokens(part, lexicon)
            if tokens is None:
                raise QueryError(
                    f"q: {part!r} has no searchable word (stop words, numbers and punctuation "
                    "are not terms)"
                )
            labels.append(" ".join(tokens))
            per_part.append(hyphen_variants(tokens))
            phrases += [v for v in per_part[-1] if v not in phrases]
        return cls(" + ".join(labels), phrases, per_part)

    def vocabulary_keys(self) -> list[str]:
        """The precomputed terms its answer may read: the whole, and each part of `a + b`."""
        keys = [_vocabulary_key(self.phrases)]
        if len(self.per_part) > 1:
            keys += [_vocabulary_key(variants) for variants in self.per_part]
        return [key for key in keys if key is not None]

    def resolve(
        self, vocabulary: dict[str, dict[date, int]], categories: list[str] | None
    ) -> Resolved:
        """Its papers per month; `vocabulary` holds the counts of those of its
        vocabulary_keys() that are vocabulary terms."""
        query = phrase_tsquery(self.phrases)
        key = _vocabulary_key(self.phrases)
        if key is not None and key in vocabulary:
            return Resolved(self.label, "vocabulary", vocabulary[key], query)
        counts = _union_counts(self.phrases, self.per_part, vocabulary, categories)
        return Resolved(self.label, "phrase", counts, query)


def _union_counts(
    phrases: list[list[str]],
    per_part: list[list[list[str]]],
    vocabulary: dict[str, dict[date, int]],
    categories: list[str] | None,
) -> dict[date, int]:
    """Papers per month matching any of `phrases` (the variants of every part of `a + b`).

    When a part B is a vocabulary term, |A or B| = |B| + |A and not B|: B's papers come from
    its precomputed counts and the phrase path only reads the papers of the other parts
    that do not mention B (the most mentioned such part is taken). The same papers as one
    phrase query over all the parts, fewer token vectors read: `recurrent neural network +
    lstm` at 1M papers visited 43,643 vectors, 25,866 this way.
    """
    best: tuple[list[list[str]], dict[date, int]] | None = None
    if len(per_part) > 1:
        for variants in per_part:
            key = _vocabulary_key(variants)
            found = vocabulary.get(key) if key is not None else None
            if found is not None and (best is None or sum(found.values()) > sum(best[1].values())):
                best = (variants, found)
    if best is None:
        return phrase_counts(phrase_tsquery(phrases), categories)
    known, counts = best
    rest = [phrase for phrase in phrases if phrase not in known]
    if not rest:
        return counts
    others = phrase_counts(f"({phrase_tsquery(rest)}) & !({phrase_tsquery(known)})", categories)
    return {m: counts.get(m, 0) + others.get(m, 0) for m in counts.keys() | others.keys()}


def _vocabulary_key(phrases: list[list[str]]) -> str | None:
    """The precomputed term counting exactly the papers of `phrases`, if there is one: a
    phrase of one or two words, or the two spellings of a hyphenated pair of plain words
    (extraction counts `a-b` under the bigram `a b` as well, see trends.text.analyse_pieces)."""
    if len(phrases) == 1 and len(phrases[0]) <= 2:
        return " ".join(phrases[0])
    pairs = [phrase for phrase in phrases if len(phrase) == 2]
    if len(phrases) == 2 and len(pairs) == 1:
        joined = "-".join(pairs[0])
        if [joined] in phrases and split_hyphens(joined) == pairs[0]:
            return " ".join(pairs[0])
    return None


# Tried in order before an item is read as a term (TermQuery); the first that returns a
# Resolved answers the item. The entities app registers `entity:slug`.
RESOLVERS: list[Resolver] = []
# An item that stands for several series (e.g. `group:framework`): the first expander that
# returns a list replaces the item by it. The entities app registers its own.
EXPANDERS: list[Callable[[str], list[str] | None]] = []


def expand(items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        expanded = next((e for e in (x(item) for x in EXPANDERS) if e is not None), [item])
        out += [e for e in expanded if e not in out]
    return out


def resolve(item: str, categories: list[str] | None) -> Resolved:
    return resolve_all([item], categories)[0]


def resolve_all(items: list[str], categories: list[str] | None) -> list[Resolved]:
    """Each item through RESOLVERS, else as a term. The terms together: the words their
    plurals fold on in one lookup, their vocabulary counts in one statement (a 5-term
    series: two round trips at most, not ten)."""
    found = [_resolved_elsewhere(item, categories) for item in items]
    terms = [item for item, resolved in zip(items, found, strict=True) if resolved is None]
    if terms:
        lexicon = query_lexicon()
        lexicon.prepare(piece for term in terms for piece in typed_pieces(term))
    answered = [
        resolved if resolved is not None else TermQuery.parse(item, lexicon)
        for item, resolved in zip(items, found, strict=True)
    ]
    keys = {key for a in answered if isinstance(a, TermQuery) for key in a.vocabulary_keys()}
    vocabulary = vocabulary_counts(sorted(keys), categories) if keys else {}
    return [a.resolve(vocabulary, categories) if isinstance(a, TermQuery) else a for a in answered]


def _resolved_elsewhere(item: str, categories: list[str] | None) -> Resolved | None:
    return next((r for r in (x(item, categories) for x in RESOLVERS) if r is not None), None)


def vocabulary_counts(texts: list[str], categories: list[str] | None) -> dict[str, dict[date, int]]:
    """Papers per month of each of `texts` that is a vocabulary term (absent: not one).

    One round trip: the term lookups and their month rows in the same statement. LATERAL:
    each term's rows come from the (term, month, category) index in month order and are
    summed as they come; a join grouped by (text, month) sorted all of them first (5 terms
    at 1M papers: 2.0 -> 1.7 ms).
    """
    category_sql, params = MonthFilter(categories, None, None).sql("c")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT t.text, m.month, m.papers FROM {Term._meta.db_table} t "
            "LEFT JOIN LATERAL (SELECT c.month, sum(c.papers) AS papers "
            f"FROM {TermMonthCount._meta.db_table} c WHERE c.term_id = t.id AND {category_sql} "
            "GROUP BY c.month) m ON true WHERE t.text = ANY(%s)",
            [*params, texts],
        )
        rows = cursor.fetchall()
    found: dict[str, dict[date, int]] = {}
    for text, month, papers in rows:
        counts = found.setdefault(text, {})
        if month is not None:
            counts[month] = int(papers)
    return found


def primary_totals(categories: list[str] | None) -> dict[date, int]:
    """Papers per month whose primary category is selected (the denominator)."""
    where, params = MonthFilter(categories, None, None).sql()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT month, sum(papers) FROM {MonthCategoryCount._meta.db_table} "
            f"WHERE {where} GROUP BY month",
            params,
        )
        return {month: int(papers) for month, papers in cursor.fetchall()}


@dataclass
class SeriesLine:
    term: str
    path: str
    counts: list[int | None]
    # The value drawn: this month's fraction, or the K-month average with smoothing.
    fractions: list[float | None]
    # This month's own count / total, whatever the smoothing.
    raw_fractions: list[float | None]
    interval_low: list[float | None]
    interval_high: list[float | None]
    low_support: list[bool]
    first_month: date | None
    papers_query: str | None
    # What a reader calls it: "TensorFlow" for `entity:tensorflow`, "GAN(s)" for `gan`.
    label: str = ""
    did_you_mean: list[str] = field(default_factory=list)

    @cached_property
    def total_papers(self) -> int:
        return sum(c or 0 for c in self.counts)

    def as_json(self, smooth: int) -> dict[str, object]:
        return {
            "term": self.term,
            "path": self.path,
            "counts": self.counts,
            "fractions": self.fractions,
            "raw_fractions": self.raw_fractions,
            "smoothed_fractions": self.fractions if smooth > 1 else None,
            "interval_low": self.interval_low,
            "interval_high": self.interval_high,
            "low_support": self.low_support,
            "first_seen": month_label(self.first_month) if self.first_month else None,
            "label": self.label or self.term,
            "total_papers": self.total_papers,
            **({"did_you_mean": self.did_you_mean} if not self.total_papers else {}),
        }


@dataclass
class FractionSeries:
    months: list[date]
    totals: list[int | None]
    smooth: int
    min_papers: int = DEFAULT_MIN_PAPERS
    # Per month: why it is not drawn (too few papers in the selection), or None.
    gaps: list[str | None] = field(default_factory=list)
    # Partial / unknown coverage periods of the selected categories within the months.
    coverage: list[dict[str, object]] = field(default_factory=list)
    series: list[SeriesLine] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "months": [month_label(m) for m in self.months],
            "totals": self.totals,
            "smooth": self.smooth,
            "value": (f"{self.smooth}-month centred average" if self.smooth > 1 else "this month"),
            "denominator": "papers whose primary category is in the selection",
            "interval": "95% Wilson score interval of the value drawn",
            "min_papers": self.min_papers,
            "low_support": LOW_SUPPORT,
            "gaps": self.gaps,
            "coverage": self.coverage,
            "series": [line.as_json(self.smooth) for line in self.series],
            "offers": [offer.as_json() for offer in self.offers],
        }

    def csv_table(self) -> tuple[list[str], list[list[object]]]:
        """Header and rows of the CSV export. The original columns come first, unchanged
        (`(fraction)` is the value drawn); then the gap reason, and per term its value this
        month, the smoothed value (with smoothing), the interval and the support flag."""
        smoothed = self.smooth > 1
        header = ["month", "papers"]
        for line in self.series:
            header += [f"{line.term} (papers)", f"{line.term} (fraction)"]
        header.append("gap")
        for line in self.series:
            header.append(f"{line.term} (fraction this month)")
            if smoothed:
                header.append(f"{line.term} (fraction, {self.smooth}-month average)")
            header += [f"{line.term} (95% {end})" for end in ("low", "high")]
            header.append(f"{line.term} (low support)")
        rows = []
        for i, month in enumerate(self.months):
            row: list[object] = [month_label(month), self.totals[i]]
            for line in self.series:
                row += [line.counts[i], line.fractions[i]]
            row.append(self.gaps[i] or "")
            for line in self.series:
                row.append(line.raw_fractions[i])
                if smoothed:
                    row.append(line.fractions[i])
                row += [line.interval_low[i], line.interval_high[i]]
                row.append("yes" if line.low_support[i] else "")
            rows.append(row)
        return header, rows


def fraction_series(
    items: list[str],
    selection: MonthFilter,
    smooth: int = 0,
    min_papers: int = DEFAULT_MIN_PAPERS,
) -> FractionSeries:
    """Aligned monthly counts and fractions of each item, over the selection's months, with
    the certainty of each value (trends.analytics.certainty) and the coverage to shade."""
    months, month_totals, gaps, coverage = cached(
        "fraction-axis",
        repr((selection.categories, selection.start, selection.end, min_papers)),
        lambda: _axis(selection, min_papers),
    )
    result = FractionSeries(months, month_totals, smooth, min_papers, gaps, coverage)
    window_totals = _window_sums(month_totals, month_totals, smooth)
    for resolved in resolve_all(expand(items), selection.categories):
        counts = aligned_counts(resolved.counts, months, month_totals)
        window_counts = _window_sums(counts, month_totals, smooth)
        sure = certainty(counts, window_counts, window_totals)
        raw = _ratios(counts, month_totals)
        result.series.append(
            SeriesLine(
                resolved.label, resolved.path, counts,
                _ratios(window_counts, window_totals) if smooth > 1 else raw, raw,
                sure.low, sure.high, sure.low_support,
                first_seen(resolved.counts, selection.start, selection.end),
                resolved.papers_query, resolved.display or "",
            )
        )  # fmt: skip
    _help(result, items)
    return result


type Axis = tuple[list[date], list[int | None], list[str | None], list[dict[str, object]]]


def _axis(selection: MonthFilter, min_papers: int) -> Axis:
    """What every series of a selection shares: the months, their totals, their gaps and
    the coverage to shade (the shading walks every month and period: ~5 ms at 1M papers)."""
    months, totals = monthly_totals(selection)
    gaps = [gap_reason(t, min_papers) for t in totals]
    return months, totals, gaps, shaded_periods(declared_periods(), selection.categories, months)


def _help(result: FractionSeries, items: list[str]) -> None:
    """Labels as most often written, "did you mean" for empty series, offered unions."""
    plain = [line.term for line in result.series if line.path in ("vocabulary", "phrase")]
    labels = term_labels([t for term in plain for t in term.split(" + ")])
    for line in result.series:
        if line.path in ("vocabulary", "phrase"):
            line.label = " + ".join(labels.get(t, t) for t in line.term.split(" + "))
            if not line.total_papers and " + " not in line.term:
                line.did_you_mean = did_you_mean(line.term)
    result.offers = offers([line.term for line in result.series])


def monthly_totals(selection: MonthFilter) -> tuple[list[date], list[int | None]]:
    """The month axis of a fraction chart and its denominators (None: no paper that month).

    Shared by term and entity series. Denominators change only with the data generation:
    one cached answer per category selection.
    """
    totals = cached(
        "primary-totals", repr(selection.categories), lambda: primary_totals(selection.categories)
    )
    months = month_axis(totals, selection.start, selection.end)
    return months, [totals.get(m) for m in months]


def aligned_counts(
    counts: dict[date, int], months: list[date], totals: list[int | None]
) -> list[int | None]:
    """`counts` on the month axis: 0 where the month has papers but no match, None where the
    month has no paper in the selection at all (a gap, not a zero)."""
    return [counts.get(m, 0) if total else None for m, total in zip(months, totals, strict=True)]


def smoothed_fractions(
    counts: list[int | None], totals: list[int | None], smooth: int
) -> list[float | None]:
    """count / total per month; with smooth=K, sum of counts / sum of totals over the K
    months centred on each month (a ratio of sums, so thin months weigh less)."""
    return _ratios(_window_sums(counts, totals, smooth), _window_sums(totals, totals, smooth))


def _ratios(counts: list[int | None], totals: list[int | None]) -> list[float | None]:
    return [c / t if t and c is not None else None for c, t in zip(counts, totals, strict=True)]


def _window_sums(
    counts: list[int | None], totals: list[int | None], smooth: int
) -> list[int | None]:
    """With smooth=K, the sum of `counts` over the K months centred on each month that has
    papers (None where the month has none); with smooth <= 1, the counts themselves."""
    if smooth <= 1:
        return list(counts)
    before = (smooth - 1) // 2
    after = smooth - 1 - before
    out: list[int | None] = []
    for i in range(len(counts)):
        if not totals[i]:
            out.append(None)
            continue
        window = range(max(0, i - before), min(len(counts), i + after + 1))
        out.append(sum(counts[j] or 0 for j in window))
    return out


def first_seen(counts: dict[date, int], start: date | None, end: date | None) -> date | None:
    """The one definition of "first seen": the first month from `start` to `end` (the
    selection's date range; None: unbounded) with a paper mentioning the item.

    `counts` are the item's papers per month already restricted to the selected categories,
    so the category filter and the date range are both honoured. /trends/, /entities/ and
    their APIs all call this (entities through entities.analytics.series.first_seen).
    """
    return min(
        (
            m
            for m, n in counts.items()
            if n > 0 and (start is None or m >= start) and (end is None or m <= end)
        ),
        default=None,
    )


def months_around(first_month: date | None, month: date) -> int | None:
    """'Has been around for N months': from the first month seen up to `month`, inclusive."""
    if first_month is None or first_month > month:
        return None
    return len(month_span(first_month, month))
