"""Hot and not-hot terms: ratio of a term's recent peak to its earlier peak.

For as-of month M and window W, over every vocabulary term:
    recent peak  = max monthly fraction over the W months ending at M,
    earlier peak = max monthly fraction over all months before them,
    ratio        = recent peak / earlier peak.

Noise control (shown on /hot/):
- a month is eligible to hold a peak only when the selection has at least MIN_MONTH_PAPERS
  papers in it, so a 3-paper month where one paper says "capsule" is not a 33 % peak;
- support, significance and ranking: trends.analytics.hot_ranking (thresholds shown on /hot/);
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
  trends.analytics.topics), and single words that are parts of many unrelated phrases
  (trends.analytics.neighbours) are not listed (trends.analytics.filler);
- near-duplicates: plurals are already one term; hyphen/space spellings, an abbreviation with
  its long form, a bigram (or an X-based word) with the word it is a kind of, and terms that
  the same papers mention (co-occurrence) are one family (`_collapse`,
  trends.analytics.families), shown as one row with the others under "also", so
  `generative adversarial`, `adversarial network` and `gan` do not crowd the top.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection

from core.months import add_months, month_label, month_span
from papers.coverage import bulk_months
from papers.models import MonthCategoryCount
from papers.params import MonthFilter
from trends.analytics.families import (
    closed_spelling,
    cooccurrence_links,
    defined_terms,
    family_links,
)
from trends.analytics.filler import category_spread, filler_in, is_fragment, names, repetition
from trends.analytics.fractions import primary_totals
from trends.analytics.hot_ranking import (
    MIN_MONTH_PAPERS,
    MIN_PEAK_PAPERS,
    MIN_PERIOD_PAPERS,
    MIN_Z,
    PSEUDO_PAPERS,
    Cells,
    HotRow,
    present,
    ranked,
)
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
SPARK_MONTHS = 60
# A bigram with this share of its word's papers over the period is one family with it.
FAMILY_SHARE = 0.25
# A bigram whose other word is this many times as common as the word is a kind of the word.
SPECIFIC_FACTOR = 5
# Rows examined for filler per table row shown (families and fragments thin them out).
FRAGMENT_HEAD = 6
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
            "not_hot": [r.as_json(falling=True) for r in self.not_hot],
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
    cells = Cells(eligible, window_start, categories, list(bulk))
    hot, not_hot, new, association = ranked(cells, limit * FRAGMENT_HEAD, _is_debris)
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


def _corpus_papers(cells: Cells, terms: list[str]) -> dict[str, int]:
    """Corpus papers (Term.papers) of the words of two-word `terms` (or of hyphenated
    words' parts), and of the terms written closed and open (`closed_spelling`), that have
    papers in the table's counted cells: what `_collapse` weighs a bigram's words by."""
    words = set()
    for text in terms:
        parts = text.split()
        words.update(split_hyphens(text) if len(parts) == 1 else parts)
        closed = closed_spelling(text)
        if closed is not None:
            words.update((text, closed))
    found = present(cells, sorted(words))
    return dict(Term.objects.filter(text__in=found).values_list("text", "papers"))


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
    repeated, papers_of, sample, companies = repetition(terms, months[0], months[1], categories)
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
                companies.get(r.term),
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

    A term that the corpus writes closed at least as often as open is that word, not a
    phrase of its parts: `auto encoder` (307 papers; `autoencoder` 915) joins autoencoder's
    family and no longer the encoder's, which had chained it into `encoder decoder` as of
    2016-06 while `autoencoder` stood with `variational autoencoder`. `point cloud` (395;
    `pointcloud` 15) stays a kind of cloud.
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
        if len(words) != 2 or words[0] == words[1] or _written_closed(row.term, corpus):
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


def _written_closed(term: str, corpus: dict[str, int]) -> bool:
    """The corpus writes `term` as one word (`closed_spelling`) at least as often."""
    closed = closed_spelling(term)
    return closed is not None and corpus.get(closed, 0) >= max(corpus.get(term, 0), 1)


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
