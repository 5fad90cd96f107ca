"""From a raw affiliation string to an institution, and why (the steps, in order, below).

Order, first hit wins; every answer says how it was decided:
1. alias   the whole cleaned string, its organisation part, or a contiguous run of its
           segments (longest first) equals a NAME alias. A run made only of place names
           never counts, so "Cambridge, MA" is not the University of Cambridge.
2. rule    "keyword": a KEYWORD alias (distinctive words such as "deepmind", "carnegie
           mellon", "csail") occurs as whole words in a segment that is not a place. It does
           not count when followed by "of" ("nanjing university" in "Nanjing University of
           Information Science") or when it overlaps a longer matching keyword ("ecole
           polytechnique" in "Ecole Polytechnique de Montreal"); when several institutions
           are named, the first named wins.
   rule    "domain": the string names no organisation, only units, places and generic words
           ("Department of Computer Science, USA", "Laboratory for Information and
           Decision Systems"), and the author's e-mail domain, or a parent domain of it
           ("cs.cmu.edu" -> "cmu.edu"), is a DOMAIN alias.
3. suggestion  TF-IDF over character 2-4-grams of the NAME aliases, cosine similarity to the
           organisation part, plus the e-mail domain as evidence. Shown to curators (admin
           queue, resolve command and API), NEVER applied to the statistics: on the seed
           aliases a pair that must stay apart scores above pairs that are one institution
           ("university of washington" vs "washington university in st louis" 0.735 and UC
           Berkeley vs UC San Diego 0.554, while "google inc" vs "google" scores 0.825 and
           "mit" vs "massachusetts institute of technology" 0.021), so no threshold keeps
           every wrong merge out; tests/test_institutions_resolver.py pins these figures.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from institutions.normalise import Cleaned, clean, domain_candidates

MAX_SUGGESTIONS = 3


@dataclass(frozen=True)
class Resolution:
    cleaned: Cleaned
    institution_id: int | None
    how: str  # alias | rule | suggestion | none
    detail: str

    @property
    def key(self) -> str:
        return self.cleaned.key


@dataclass
class Resolver:
    names: dict[str, int]
    keywords: dict[tuple[str, ...], int]
    domains: dict[str, int]
    rejected: dict[str, set[int]] = field(default_factory=dict)
    _index: Any = None
    _first_words: dict[str, list[tuple[str, ...]]] | None = None

    @classmethod
    def from_aliases(cls, rows: Iterable[tuple[str, str, int]]) -> "Resolver":
        """Build from (kind, text, institution id) rows."""
        resolver = cls({}, {}, {})
        for kind, text, institution_id in rows:
            if kind == "name":
                resolver.names[text] = institution_id
            elif kind == "keyword":
                resolver.keywords[tuple(text.split())] = institution_id
            elif kind == "domain":
                resolver.domains[text] = institution_id
            elif kind == "not":
                resolver.rejected.setdefault(text, set()).add(institution_id)
        return resolver

    @classmethod
    def from_database(cls) -> "Resolver":
        from institutions.models import Alias

        return cls.from_aliases(Alias.objects.values_list("kind", "text", "institution_id"))

    # --- deciding ------------------------------------------------------------------------

    def resolve(self, raw: str, email_domain: str = "") -> Resolution:
        cleaned = clean(raw)
        hit = self._alias(cleaned)
        if hit is not None:
            return Resolution(cleaned, hit[1], "alias", f"alias {hit[0]!r}")
        keyword = self._keyword(cleaned)
        if keyword is not None:
            return Resolution(cleaned, keyword[1], "rule", f"rule keyword {keyword[0]!r}")
        if not cleaned.names_organisation and email_domain:
            for candidate in domain_candidates(email_domain):
                if candidate in self.domains:
                    detail = f"rule domain {candidate!r} (no organisation named)"
                    return Resolution(cleaned, self.domains[candidate], "rule", detail)
        return Resolution(cleaned, None, "none", "no alias, keyword or domain matched")

    def _alias(self, cleaned: Cleaned) -> tuple[str, int] | None:
        for text in (cleaned.text, cleaned.key):
            if text in self.names:
                return text, self.names[text]
        segments = cleaned.segments
        for length in range(len(segments), 0, -1):
            for start in range(len(segments) - length + 1):
                run = segments[start : start + length]
                if all(s.kind == "location" for s in run):
                    continue
                text = " ".join(s.text for s in run)
                if text in self.names:
                    return text, self.names[text]
        return None

    def _keyword(self, cleaned: Cleaned) -> tuple[str, int] | None:
        for segment in cleaned.segments:
            if segment.kind == "location":
                continue
            words = segment.text.split()
            found: list[tuple[int, int, tuple[str, ...]]] = []
            for start, word in enumerate(words):
                for keyword in self._by_first_word().get(word, ()):
                    end = start + len(keyword)
                    # "nanjing university" must not claim "Nanjing University of Information
                    # Science": a keyword followed by "of" is the start of a longer name.
                    if tuple(words[start:end]) == keyword and words[end : end + 1] != ["of"]:
                        found.append((start, end, keyword))
            # A match overlapping a longer one does not count ("ecole polytechnique" inside
            # "ecole polytechnique de montreal" when "polytechnique de montreal" matches).
            kept = [
                m for m in found
                if not any(o[1] - o[0] > m[1] - m[0] and o[0] < m[1] and m[0] < o[1] for o in found)
            ]  # fmt: skip
            if kept:
                start, _end, keyword = min(kept)
                return " ".join(keyword), self.keywords[keyword]
        return None

    def _by_first_word(self) -> dict[str, list[tuple[str, ...]]]:
        if self._first_words is None:
            self._first_words = {}
            for keyword in self.keywords:
                self._first_words.setdefault(keyword[0], []).append(keyword)
        return self._first_words

    # --- suggesting ----------------------------------------------------------------------

    def similar(self, keys: list[str]) -> list[list[tuple[str, int, float]]]:
        """For each key, the best (alias, institution id, cosine) of distinct institutions."""
        if not keys or not self.names:
            return [[] for _ in keys]
        if self._index is None:
            from sklearn.feature_extraction.text import TfidfVectorizer

            texts = sorted(self.names)
            vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
            self._index = (vectorizer, vectorizer.fit_transform(texts), texts)
        vectorizer, matrix, texts = self._index
        scores = (vectorizer.transform(keys) @ matrix.T).toarray()
        answers = []
        for key, row in zip(keys, scores, strict=True):
            rejected = self.rejected.get(key, set())
            best: list[tuple[str, int, float]] = []
            for index in row.argsort()[::-1][:50]:
                institution_id = self.names[texts[index]]
                if institution_id in rejected or any(b[1] == institution_id for b in best):
                    continue
                best.append((texts[index], institution_id, round(float(row[index]), 3)))
                if len(best) == MAX_SUGGESTIONS:
                    break
            answers.append(best)
        return answers

    def similarity(self, a: str, b: str) -> float:
        """Cosine of two normalised strings in the suggestion index (for curators and tests)."""
        self.similar(["-"])  # builds the index
        vectorizer = self._index[0]
        vectors = vectorizer.transform([a, b])
        return round(float((vectors[0] @ vectors[1].T).toarray()[0, 0]), 3)

    def domain_institution(self, email_domain: str) -> tuple[str, int] | None:
        for candidate in domain_candidates(email_domain):
            if candidate in self.domains:
                return candidate, self.domains[candidate]
        return None
