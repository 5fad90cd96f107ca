"""An independent count of term mentions, for the term tests: regular expressions over the raw
text, sharing no code with trends/text.py (only the curated exception list, which is data).

Rules as documented in trends/text.py, restated:
- accents are folded (NFKD, combining marks dropped) and text is lowercased; LaTeX, URLs,
  host names and e-mail addresses are blanked out with a full stop;
- a word is a run of letters/digits, where a hyphen between two such characters or a period
  between two digits does not end it;
- a word `w` of a term matches `w` and each plural of w that folds to it: `ws`, `wes` (after
  ch/sh/x/z/ss), `w[:-1]ies` for a w ending in y, the curated irregular plurals; a plural
  folds only when its singular is used as a word in at least 3 papers of the corpus and in
  at least 5 % as many papers as the plural itself, and it is not on the keep-whole list;
- the words of a phrase are separated by whitespace only, with no letter, digit or joined
  word on either side of the phrase; a phrase of two to four plain words (hyphenated words
  split into their parts) matches with any of its gaps a space or a hyphen (one term, any
  spelling: `long short-term memory` = `long short term memory` = `long-short term memory`).
"""

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

_CURATED = json.loads(
    (Path(__file__).resolve().parents[2] / "trends/terms/data/plurals.json").read_text()
)
_BLANK = re.compile(
    r"\$[^$]*\$|\\[a-zA-Z]+|https?://\S+|www\.\S+|\S+@\S+"
    r"|[\w.-]+\.(?:com|org|net|io|edu|html?|pdf)\b\S*"
)
_ALNUM = r"[^\W_]"
_WORD = re.compile(rf"(?:{_ALNUM}|(?<={_ALNUM})-(?={_ALNUM})|(?<=\d)\.(?=\d))+")


MAX_JOINED_WORDS = 4


def _split(word: str) -> list[str]:
    """A hyphenated word of plain parts (letters, two or more, not stop words) as its parts."""
    parts = word.split("-")
    if len(parts) > 1 and all(
        p.isalpha() and len(p) > 1 and p not in ENGLISH_STOP_WORDS for p in parts
    ):
        return parts
    return [word]


def _text(title: str, abstract: str) -> str:
    raw = unicodedata.normalize("NFKD", f"{title} . {abstract}".lower())
    raw = "".join(ch for ch in raw if unicodedata.category(ch) != "Mn")
    return _BLANK.sub(" . ", raw)


class Oracle:
    """Counts over one corpus: it needs every paper to know which singulars are attested."""

    def __init__(self, texts: Iterable[tuple[str, str]]) -> None:
        self.word_papers: Counter[str] = Counter()
        # Each paper's searchable text is made once (the demo corpus takes seconds per pass)
        # and searched for every term counted.
        self._texts: dict[tuple[str, str], str] = {}
        for title, abstract in texts:
            text = self._texts[(title, abstract)] = _text(title, abstract)
            self.word_papers.update(set(_WORD.findall(text)))

    def _attested(self, singular: str, plural: str) -> bool:
        papers = self.word_papers[singular]
        return papers >= 3 and papers >= 0.05 * self.word_papers[plural]

    def _folds_to(self, plural: str) -> str:
        head, _, last = plural.rpartition("-")
        folded = _CURATED["irregular"].get(last)
        if folded is None:
            folded = last
            blocked = last in _CURATED["keep_whole"] or last.endswith(("ss", "us", "is"))
            if len(last) > 3 and last.endswith("s") and last.isalpha() and not blocked:
                if last.endswith("ies") and len(last) > 4:
                    options = [last[:-3] + "y", last[:-1]]
                elif last.endswith(("ches", "shes", "xes", "zes", "sses")):
                    options = [last[:-2], last[:-1]]
                else:
                    options = [last[:-1]]
                folded = next((o for o in options if self._attested(o, last)), last)
        return f"{head}-{folded}" if head else folded

    def _forms(self, word: str) -> list[str]:
        head, _, last = word.rpartition("-")
        prefix = f"{head}-" if head else ""
        plurals = [last + "s", last + "es"] + ([last[:-1] + "ies"] if last.endswith("y") else [])
        plurals += [p for p, s in _CURATED["irregular"].items() if s == last]
        forms = [word] + [prefix + p for p in plurals if self._folds_to(prefix + p) == word]
        return sorted(set(forms), key=len, reverse=True)

    def term_regex(self, term: str) -> re.Pattern[str]:
        words = [self._folds_to(w) for w in term.lower().split()]
        parts = [part for word in words for part in _split(word)]
        if 2 <= len(parts) <= MAX_JOINED_WORDS and all(part.isalpha() for part in parts):
            # Every gap between plain words is a space or a hyphen (one term, any spelling).
            # A word joined to the next by a hyphen is written as is: only the last part of
            # a hyphenated word takes a plural ("neural-networks", never "neurals-network").
            gaps = [f"(?:{self._any_form(p)}\\s+|{re.escape(p)}-)" for p in parts[:-1]]
            body = "".join(gaps) + self._any_form(parts[-1])
        else:
            alternatives = [r"\s+".join(self._any_form(w) for w in words)]
            if parts != words:
                alternatives.append(r"\s+".join(self._any_form(p) for p in parts))
            body = "(?:" + "|".join(alternatives) + ")"
        before = rf"(?<!{_ALNUM})(?<!{_ALNUM}-)" + (r"(?<!\d\.)" if words[0][0].isdigit() else "")
        after = rf"(?!{_ALNUM})(?!-{_ALNUM})" + (r"(?!\.\d)" if words[-1][-1].isdigit() else "")
        return re.compile(before + body + after)

    def _any_form(self, word: str) -> str:
        return "(?:" + "|".join(map(re.escape, self._forms(word))) + ")"

    def count_by_month(
        self, term: str, papers: Iterable[tuple[date, str, str, str]], categories: set[str] | None
    ) -> Counter[date]:
        """papers: (month, primary category, title, abstract) -> papers per month with term."""
        pattern = self.term_regex(term)
        counts: Counter[date] = Counter()
        for month, category, title, abstract in papers:
            if categories is not None and category not in categories:
                continue
            text = self._texts.get((title, abstract)) or _text(title, abstract)
            if pattern.search(text):
                counts[month] += 1
        return counts


def count_by_month(
    term: str, papers: list[tuple[date, str, str, str]], categories: set[str] | None
) -> Counter[date]:
    """The count of `term` over `papers`, which are the whole corpus (for attestation)."""
    oracle = Oracle((title, abstract) for _, _, title, abstract in papers)
    return oracle.count_by_month(term, papers, categories)
