"""Help for the term viewer's queries: autocomplete, "did you mean" and offered unions.

- `suggest(prefix)`: vocabulary terms starting with the prefix, most papers first (the
  index on magnitude and text serves it, one magnitude at a time: < 20 ms at 1M papers);
- `did_you_mean(text)`: for a query that found no paper, the closest vocabulary terms by
  rapidfuzz's ratio, most papers first among equally close ones;
- `offers(items)`: for an item that is an abbreviation or its long form (the table learned
  from the corpus, trends.terms.abbreviations), the `a + b` query that counts both.
"""

import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from rapidfuzz import fuzz, process

from core.cache import cached, per_generation
from trends.models import Abbreviation, Term
from trends.terms import PHRASE_NPMI
from trends.terms.lexicon import term_labels
from trends.text import hyphen_variants, split_hyphens

# "did you mean" compares against the most mentioned terms only: a typo of a rare term is
# rarely what a user meant, and the comparison stays fast at any corpus size.
FUZZY_VOCABULARY = 100_000
FUZZY_MIN_SCORE = 80
MAX_SUGGESTIONS = 50


# Terms fit to show: unigrams, and bigrams that are phrases (trends.terms.association).
LISTED_SQL = f"(words = 1 OR association >= {PHRASE_NPMI!r})"


def normalise_prefix(prefix: str) -> str:
    decomposed = unicodedata.normalize("NFKD", prefix.lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def suggest(prefix: str, limit: int) -> list[dict[str, object]]:
    """The `limit` listed terms starting with `prefix`, most papers first.

    Term.papers has no index (a day's updates stay HOT, see models.Term): the terms are
    read by decreasing magnitude, each magnitude's prefix range from the index, until
    `limit` are found. Ordering by magnitude first is ordering by papers, so this is the
    same answer as one sort of every match, without sorting the 70k matches of `a`.
    """
    text = normalise_prefix(prefix)
    if not text:
        return []
    pattern = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    term = Term._meta.db_table
    rows: list[tuple[str, int]] = []
    # Plain SQL: built by the ORM, the up to seven statements of a rare prefix cost 5 ms.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(magnitude), 0) FROM {term}")
        (top,) = cursor.fetchone() or (0,)
        for magnitude in range(top, 0, -1):
            cursor.execute(
                f"SELECT text, papers FROM {term} WHERE magnitude = %s AND text LIKE %s "
                f"AND {LISTED_SQL} ORDER BY papers DESC, text LIMIT %s",
                [magnitude, pattern, limit - len(rows)],
            )
            rows += cursor.fetchall()
            if len(rows) == limit:
                break
    if not rows:
        return []
    labels = term_labels([t for t, _ in rows])
    return [{"term": t, "label": labels.get(t, t), "papers": p} for t, p in rows]


def _fuzzy_vocabulary() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT text FROM {Term._meta.db_table} WHERE {LISTED_SQL} "
            "ORDER BY magnitude DESC, papers DESC, text LIMIT %s",
            [FUZZY_VOCABULARY],
        )
        return [text for (text,) in cursor.fetchall()]


def did_you_mean(text: str, limit: int = 3) -> list[str]:
    vocabulary = cached("fuzzy-vocabulary", "", _fuzzy_vocabulary)
    found = process.extract(
        text, vocabulary, scorer=fuzz.ratio, limit=limit * 4, score_cutoff=FUZZY_MIN_SCORE
    )
    # Equal scores keep vocabulary order (most papers first); drop the query itself.
    ranked = sorted(found, key=lambda hit: (-hit[1], hit[2]))
    return [choice for choice, _, _ in ranked if choice != text][:limit]


@dataclass(frozen=True)
class Offer:
    query: str
    reason: str

    def as_json(self) -> dict[str, str]:
        return {"query": self.query, "reason": self.reason}


def _in_use_definitions() -> tuple[list[Abbreviation], dict[str, list[int]]]:
    """The definitions in use, most papers first, and where each term is one's short or long
    form. Read once per generation (an abbreviation change starts one, trends.signals):
    the lookup per request was a millisecond of ORM for a 5-term series."""
    rows = list(Abbreviation.objects.in_use().order_by("-papers", "short"))
    by_term: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_term[row.short].append(i)
        by_term[row.long_form].append(i)
    return rows, dict(by_term)


_definitions = per_generation(_in_use_definitions)


def offers(items: list[str]) -> list[Offer]:
    """`nmt` or `neural machine translation` -> offer `nmt + neural machine translation`."""
    # Every hyphen/space spelling of what was asked: `long short term memory` finds the
    # definitions written `long short-term memory` too.
    asked = {
        " ".join(variant)
        for item in items
        for part in item.split("+")
        for variant in hyphen_variants(part.split())
    }
    found: list[Offer] = []
    rows, by_term = _definitions()
    offered: set[tuple[str, tuple[str, ...]]] = set()
    for row in [rows[i] for i in sorted({i for term in asked for i in by_term.get(term, [])})]:
        if row.short in asked and row.long_form in asked:
            continue  # already asked for together
        # The spellings of a long form are one term: offer the one most papers define, once.
        spelling = (row.short, tuple(p for w in row.long_form.split() for p in split_hyphens(w)))
        if spelling in offered:
            continue
        offered.add(spelling)
        query = f"{row.short} + {row.long_form}"
        found.append(
            Offer(
                query,
                f"{row.label} is defined as '{row.long_form}' in {row.papers} papers: "
                "count papers using either",
            )
        )
    return found[:5]
