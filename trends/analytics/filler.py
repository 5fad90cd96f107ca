"""Filler recognised from evidence: words that are about writing, not about a subject.

A subject word concentrates: "translation" lives in cs.CL, "image" in cs.CV, "regret" in
stat.ML/cs.LG. A word of academic phrasing ("seamlessly", "mitigate", "notably",
"leverage") is spread over the primary categories just as the papers themselves are. The
measure is the Kullback-Leibler divergence, in bits, of a word's papers over primary
categories from the corpus's papers over them, less its small-sample bias (Miller-Madow:
(k - 1) / (2 n ln 2) for n papers in k categories, 0.1 bit at 50 papers); a frequent word
below FILLER_KL is filler.
A bigram is a filler fragment when it is not a phrase (its NPMI is below PHRASE_NPMI,
trends.terms.association) or one of its words is filler and it is not a strong phrase
(FRAGMENT_NPMI, at least chance level): "effectively mitigate" and "notably improve" go,
"mixture model" stays.

FILLER_KL was chosen on the v2 corpus's months up to 2016 (2017-2019 held back): below
0.05 fall 29 % of the hand list's words (BOILERPLATE, 75 words of 50+ papers) and 2.1 % of
the 858 words of abbreviation long forms (generic ones: "term", "set", "simple"); "model"
(0.024) and "framework" (0.032) are filler, "attention" (0.093), "efficient" (0.079) not.
"""

import math
from collections import defaultdict

from django.db import connection

from papers.models import MonthCategoryCount
from trends.models import Term, TermMonthCount
from trends.terms import PHRASE_NPMI

FILLER_KL = 0.05
FRAGMENT_NPMI = 0.0
# Below this many papers a word's spread says little; such words are never called filler.
FILLER_MIN_PAPERS = 50
# With nearly all papers in one category, spread over categories is no evidence at all.
MAX_BASE_SHARE = 0.9


def category_spread(words: set[str]) -> dict[str, tuple[float, int]]:
    """word -> (KL of its papers over primary categories from the corpus's, its papers)."""
    if not words:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT primary_category, sum(papers) FROM {MonthCategoryCount._meta.db_table} "
            "GROUP BY 1"
        )
        base = {category: int(n) for category, n in cursor.fetchall()}
        cursor.execute(
            f"SELECT t.text, c.primary_category, sum(c.papers) "
            f"FROM {Term._meta.db_table} t JOIN {TermMonthCount._meta.db_table} c "
            "ON c.term_id = t.id WHERE t.text = ANY(%s) GROUP BY 1, 2",
            [sorted(words)],
        )
        per_word: dict[str, dict[str, int]] = defaultdict(dict)
        for text, category, papers in cursor.fetchall():
            per_word[text][category] = int(papers)
    total = sum(base.values()) or 1
    if max(base.values(), default=total) > MAX_BASE_SHARE * total:
        return {}
    spread = {}
    for word, counts in per_word.items():
        papers = sum(counts.values())
        kl = sum(
            (n / papers) * math.log2((n / papers) / (base.get(c, 1) / total))
            for c, n in counts.items()
            if n
        )
        bias = (sum(1 for n in counts.values() if n) - 1) / (2 * papers * math.log(2))
        spread[word] = (max(kl - bias, 0.0), papers)
    return spread


def filler_words(words: set[str]) -> set[str]:
    return {
        word
        for word, (kl, papers) in category_spread(words).items()
        if papers >= FILLER_MIN_PAPERS and kl < FILLER_KL
    }


def is_fragment(term: str, association: float | None, filler: set[str]) -> bool:
    """A row that is writing, not a subject (see module docstring)."""
    words = term.split()
    if len(words) == 1:
        return term in filler
    if association is None or association < PHRASE_NPMI:
        return True
    return association < FRAGMENT_NPMI and bool(filler.intersection(words))
