"""Suggestions for strings nothing resolved: the most similar names (unambiguous registry
names and curated aliases) by rapidfuzz's token-set ratio, among the names that share a
distinctive word with the string (an inverted index keeps this fast over 100k+ names).

Shown to curators (admin queue, resolve command and API), NEVER applied to statistics: a
pair that must stay apart can score above pairs that are one institution ("university of
washington" vs "washington university in st louis" against "mit" vs "massachusetts
institute of technology"), so no threshold keeps every wrong merge out.
"""

from collections import defaultdict

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from institutions.normalise import GENERIC

MAX_SUGGESTIONS = 3
# Words a spelling may add or drop without naming another organisation.
LINKING = frozenset(["of", "for", "at", "de", "the", "a", "zu", "di", "da", "du", "del", "in"])
# Words shared with more names than this say little (e.g. "university"); rarer ones first.
MAX_CANDIDATES = 3000
PREFIX = 4


class Suggester:
    def __init__(self, texts: dict[str, int]) -> None:
        self.ids = texts
        # Texts by distinctive word, and by its first letters (so "stanfrod" finds "stanford").
        self.by_word: dict[str, list[str]] = defaultdict(list)
        for text in sorted(texts):
            for word in set(text.split()) - GENERIC:
                self.by_word[word].append(text)
                if len(word) > PREFIX:
                    self.by_word[word[:PREFIX] + "*"].append(text)

    def candidates(self, key: str) -> list[str]:
        words = set(key.split()) - GENERIC
        words |= {w[:PREFIX] + "*" for w in words if len(w) > PREFIX}
        chosen: dict[str, None] = {}
        for word in sorted(words, key=lambda w: (len(self.by_word.get(w, ())), w)):
            for text in self.by_word.get(word, ()):
                chosen[text] = None
            if len(chosen) >= MAX_CANDIDATES:
                break
        return list(chosen)

    def similar(
        self, keys: list[str], rejected: dict[str, set[int]]
    ) -> list[list[tuple[str, int, float]]]:
        """For each key, the best (name, institution id, score 0-1) of distinct institutions."""
        answers = []
        for key in keys:
            best: list[tuple[str, int, float]] = []
            found = process.extract(
                key, self.candidates(key), scorer=fuzz.token_set_ratio, limit=50
            )
            for text, score, _index in sorted(found, key=lambda f: (-f[1], f[0])):
                pk = self.ids[text]
                if pk in rejected.get(key, set()) or any(b[1] == pk for b in best):
                    continue
                best.append((text, pk, round(score / 100, 3)))
                if len(best) == MAX_SUGGESTIONS:
                    break
            answers.append(best)
        return answers

    def closest(self, key: str, least: float) -> tuple[str, int, float] | None:
        """The one institution whose name is the key with a few typos: rapidfuzz's
        normalised Indel similarity of the whole strings >= `least` (0-100) AND the same
        words in the same order, each equal or within one edit per six letters, words of
        five letters or fewer equal ("unversity of chicago" is "university of chicago";
        "iiit delhi" is not "iit delhi", "concordia" not "concord", "ministry of education"
        not "bc ministry of education", "hosei" not "hoshi"). None when two institutions
        qualify."""
        found = process.extract(
            key, self.candidates(key), scorer=fuzz.ratio, limit=20, score_cutoff=least
        )
        passing = sorted(
            ((text, score) for text, score, _index in found if typos_only(key, text)),
            key=lambda f: (-f[1], f[0]),
        )
        if not passing or len({self.ids[text] for text, _score in passing}) > 1:
            return None
        text, score = passing[0]
        return text, self.ids[text], round(score, 1)

    @staticmethod
    def similarity(a: str, b: str) -> float:
        """The score of two normalised strings (for curators and tests)."""
        return round(fuzz.token_set_ratio(a, b) / 100, 3)


def typos_only(a: str, b: str) -> bool:
    """Whether two normalised names differ only by typos inside words and linking words."""
    words_a = [w for w in a.split() if w not in LINKING and not w.isdigit()]
    words_b = [w for w in b.split() if w not in LINKING and not w.isdigit()]
    if len(words_a) != len(words_b):
        return False
    for x, y in zip(words_a, words_b, strict=True):
        if x != y and (
            min(len(x), len(y)) <= 5 or Levenshtein.distance(x, y) > max(1, len(x) // 6)
        ):
            return False
    return True
