"""What the papers mentioning a term are about: topic coherence, evidence of a subject.

Papers about one subject resemble each other: they share its vocabulary ("batch
normalization" papers say layer, training, convolutional, gradient). The papers that use a
phrase of writing or evaluation ("end-to-end", "f1 score", "deep neural") are about
anything, and hardly more alike than any two papers of the window.

Each paper of the sample that `filler.repetition` reads (the window's latest papers) is a
TF-IDF vector of its words: (1 + ln of the word's positions) x ln(N / papers with the word),
scaled to unit length. A term's coherence is the mean cosine similarity of two of its
papers, with the term's own words left out (they say nothing about what else its papers
share), over the mean cosine of two papers of the sample: 1 when its papers are no more
alike than any two, 2-7 for subjects (gan 4.3, nmt 5.1, batch normalization 1.9), 1.3-1.7
for phrasing (f1 score 1.3, deep neural 1.4, end-to-end 1.7 as of 2017-03). The mean over
pairs is unbiased whatever the number of papers, so small and large terms are measured
alike (a spread of words over the papers, like `filler.category_spread`, is not: the fewer
the papers, the more concentrated it looks).

Cost: sparse products over at most filler.REPETITION_SAMPLE papers, from the token counts
the repetition pass has already read; it does not grow with the corpus.
"""

import numpy as np
from scipy import sparse

from trends.analytics.filler import Sample


def own_lexemes(term: str) -> set[str]:
    """The lexemes that spell `term` (its words, their hyphen parts, the hyphenated form)."""
    words = term.split()
    return set(words) | {p for w in words for p in w.split("-")} | {"-".join(words)}


def coherence(papers_of: dict[str, set[int]], sample: Sample) -> dict[str, float]:
    """term -> coherence (see module docstring) of the terms of `papers_of` (term -> its
    papers in the sample) with two papers at least and some word besides their own;
    `sample`: the (papers, lexemes, positions) columns `filler.repetition` read."""
    paper_ids, lexemes, positions = sample
    if not paper_ids:
        return {}
    row_of = {p: i for i, p in enumerate(dict.fromkeys(paper_ids))}
    column_of = {w: j for j, w in enumerate(set(lexemes))}
    rows = np.fromiter(map(row_of.__getitem__, paper_ids), int, len(paper_ids))
    columns = np.fromiter(map(column_of.__getitem__, lexemes), int, len(paper_ids))
    counts = np.fromiter((n or 1 for n in positions), float, len(paper_ids))
    total = len(row_of)
    idf = np.log(total / np.bincount(columns, minlength=len(column_of)))
    x = sparse.csr_matrix((1 + np.log(counts), (rows, columns)), shape=(total, len(column_of)))
    x = x.multiply(idf).tocsr()
    length = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    x = (sparse.diags(1 / np.where(length > 0, length, 1)) @ x).tocsr()
    # The sum over pairs of distinct papers of x_p . x_q is |sum of x_p|^2 - sum of |x_p|^2.
    overall = np.asarray(x.sum(axis=0)).ravel()
    squared = x.multiply(x).tocsr()
    baseline = (overall @ overall - squared.sum()) / max(total * (total - 1), 1)
    terms = [t for t, found in papers_of.items() if sum(p in row_of for p in found) >= 2]
    if not terms or baseline <= 0:
        return {}
    pairs = [(i, row_of[p]) for i, t in enumerate(terms) for p in papers_of[t] if p in row_of]
    term_rows, paper_rows = (np.array(side, dtype=int) for side in zip(*pairs, strict=True))
    indicator = sparse.csr_matrix(
        (np.ones(len(pairs)), (term_rows, paper_rows)), shape=(len(terms), total)
    )
    sums = (indicator @ x).tocsr()
    sums_squared = (indicator @ squared).tocsr()
    own = [(i, column_of[w]) for i, t in enumerate(terms) for w in own_lexemes(t) if w in column_of]
    own_rows = np.array([i for i, _ in own], dtype=int)
    own_columns = np.array([j for _, j in own], dtype=int)
    own_sums = np.asarray(sums[own_rows, own_columns]).ravel()
    own_squared = np.asarray(sums_squared[own_rows, own_columns]).ravel()
    # What is left of the papers' vectors without the term's own words: nothing (papers
    # that say only the term, as in a toy corpus) is no evidence either way.
    rest = np.asarray(sums_squared.sum(axis=1)).ravel() - np.bincount(
        own_rows, own_squared, minlength=len(terms)
    )
    pair_sums = (
        np.asarray(sums.multiply(sums).sum(axis=1)).ravel()
        - np.bincount(own_rows, own_sums**2, minlength=len(terms))
        - rest
    )
    n = np.bincount(term_rows, minlength=len(terms)).astype(float)
    lift = pair_sums / (n * (n - 1)) / baseline
    return {t: float(lift[i]) for i, t in enumerate(terms) if rest[i] > 1e-9 * n[i]}
