"""Tokenisation of title + abstract into terms, shared by extraction and queries.

`analyse` defines what a term is; the precomputed statistics, the query parser and the
tests' brute-force counter follow the same rules, so a typed "GANs" finds exactly the papers
whose text yields "gan".

Rules, in order:
- accents fold (NFKD, combining marks dropped: "naïve" = "naive"), then lowercase; LaTeX
  (`$...$`, `\\command`), URLs and e-mail addresses are cut out and leave a clause break;
- a token is a run of letters/digits; runs joined inside one word by a hyphen, or by a
  period between two digits, stay one token (`gpt-4o`, `u-net`, `t-sne`, `llama-3.1-8b`,
  `qwen2.5`); `word2vec`, `yolov8`, `l2`, `3d` are ordinary tokens. A period followed by a
  space or a letter ends a sentence as before;
- dropped: stop words, numbers (`2019`, `1-2`, `93.5`), one-character tokens; a dropped
  token breaks adjacency, so "in this paper we propose" yields no "paper propose";
- plurals fold only on evidence (a `Lexicon`): `gans` -> `gan` because "gan" is itself a
  word of the corpus, while `keras`, `bayes` stay whole ("kera", "baye" are not words).
  A curated list kept as data (terms/data/plurals.json) holds the few exceptions;
- bigrams join two adjacent kept tokens of one clause; a clause ends at `. , ; : ! ? ( ) [ ]
  { } " / =` and any other punctuation, and between title and abstract.
"""

import importlib.util
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import pairwise, product
from pathlib import Path


def _scikit_learn_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words (the Glasgow IR group's list), read from the one
    module of the installed package that holds them. `import sklearn` loads scipy.stats
    with it: 0.6-1.1 s of every process start (web and Celery workers, each import
    command; a day of papers at 1M took 8.4 s in all) for one word list."""
    package = importlib.util.find_spec("sklearn")
    path = Path(package.origin if package and package.origin else "sklearn")
    spec = importlib.util.spec_from_file_location(
        "sklearn_stop_words", path.parent / "feature_extraction" / "_stop_words.py"
    )
    if spec is None or spec.loader is None:
        raise ImportError(f"scikit-learn's stop-word list is not where it was ({path})")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    words: frozenset[str] = module.ENGLISH_STOP_WORDS
    return words


ENGLISH_STOP_WORDS = _scikit_learn_stop_words()

# scikit-learn's list minus words that carry meaning in machine-learning titles
# ("computer vision", "recommender system", "interest point", "top-k", "back propagation").
_KEEP = {
    "computer", "system", "detail", "fire", "bill", "interest", "amount", "move",
    "part", "side", "full", "empty", "thick", "thin", "call", "find", "found", "front", "back",
    "top", "bottom", "fill", "mill", "con", "name", "serious", "keep", "made", "take",
    "give", "put", "last", "first", "third", "one", "two", "three", "four", "five", "six",
    "seven", "eight", "nine", "ten", "hundred",
}  # fmt: skip
# Words that never make a useful term on their own in arXiv abstracts.
_EXTRA = {"eg", "ie", "et", "al", "also", "within", "using", "use", "used", "non"}
STOP_WORDS = frozenset((ENGLISH_STOP_WORDS - _KEEP) | _EXTRA | {"s", "t"})

# Cut-outs: each becomes a clause break. Each pattern runs only when a cheap substring test
# says it can match (most abstracts have no URL), which halves the cost of cleaning.
_DEBRIS = [
    (("$", "\\"), re.compile(r"\$\$.*?\$\$|\$[^$]*\$|\\[a-z]+\*?", re.DOTALL | re.I)),  # math
    (("://", "www."), re.compile(r"(?:https?|ftp)://\S+|www\.\S+", re.I)),  # URLs
    (("@",), re.compile(r"\S+@\S+")),  # e-mail addresses, @handles
    (
        (".com", ".org", ".net", ".io", ".edu", ".htm", ".pdf"),
        re.compile(r"[\w.-]+\.(?:com|org|net|io|edu|html?|pdf)\b\S*", re.I),  # hosts, files
    ),
]
_POSSESSIVE = re.compile(r"['\u2019]s\b")
# A token (letter/digit runs joined by a hyphen, or by a period between digits) or one
# break character.
_PIECES = re.compile(r"[^\W_]+(?:(?:-|(?<=\d)\.(?=\d))[^\W_]+)*|[^\w\s]|_")
_WORDS = re.compile(r"[^\W_]+(?:(?:-|(?<=\d)\.(?=\d))[^\W_]+)*")
_NUMBER = re.compile(r"^[\d.-]+$")
# Words ending in s that are never plurals (class, corpus, analysis).
_NOT_PLURAL_ENDINGS = ("ss", "us", "is")
_SIBILANT_PLURALS = ("ches", "shes", "xes", "zes", "sses")
# A singular folds its plural when at least this share of the plural's papers use it as a
# word too (and MIN_ATTESTED papers at least): "gan" (449 papers) for "gans" (369) does,
# "kera" (1 paper, a typo) for "keras" (33) does not. A share, not a count, so the rule
# holds at any corpus size.
ATTESTED_SHARE = 0.05
MIN_ATTESTED = 3
QUOTES = "\"'\u201c\u201d\u2018\u2019"
TITLE_ABSTRACT_BREAK = " . "
# PostgreSQL keeps tsvector positions up to 16383; later ones are clamped to it.
MAX_POSITION = 16383

_CURATED = json.loads((Path(__file__).parent / "terms" / "data" / "plurals.json").read_text())
KEEP_WHOLE = frozenset(_CURATED["keep_whole"])
IRREGULAR: dict[str, str] = _CURATED["irregular"]


def singular_candidates(word: str) -> list[str]:
    """What a word would be if it were a plural, most likely first ([] if it cannot be)."""
    if len(word) <= 3 or not word.endswith("s") or not word.isalpha():
        return []
    if word in KEEP_WHOLE or word.endswith(_NOT_PLURAL_ENDINGS):
        return []
    if word.endswith("ies") and len(word) > 4:
        return [word[:-3] + "y", word[:-1]]
    if word.endswith(_SIBILANT_PLURALS):
        return [word[:-2], word[:-1]]
    return [word[:-1]]


class Lexicon:
    """Which plurals fold: papers per word of the corpus, asked for only the words needed.

    `papers_of(words)` returns the known paper counts of those words (missing: unseen); the
    database-backed lexicon (trends.terms.lexicon) reads the Word table, tests pass a dict.
    """

    def __init__(self, papers_of: Callable[[list[str]], dict[str, int]]) -> None:
        self._papers_of = papers_of
        self._papers: dict[str, int] = {}
        self._folds: dict[str, str] = {}

    @classmethod
    def of(cls, papers: dict[str, int]) -> "Lexicon":
        return cls(lambda words: {w: papers[w] for w in words if w in papers})

    def prepare(self, tokens: Iterable[str]) -> None:
        """Look up, in one call, every word the folding of `tokens` depends on."""
        needed: set[str] = set()
        for token in tokens:
            last = token.rpartition("-")[2]
            if last in self._folds or last in IRREGULAR:
                continue
            candidates = singular_candidates(last)
            if candidates:
                needed.add(last)
                needed.update(candidates)
        # Not `needed -= self._papers.keys()`: that walks every known word, once per call.
        needed = {w for w in needed if w not in self._papers}
        if needed:
            found = self._papers_of(sorted(needed))
            self._papers.update({w: found.get(w, 0) for w in needed})

    def singular(self, word: str) -> str:
        if word in IRREGULAR:
            return IRREGULAR[word]
        folded = self._folds.get(word)
        if folded is None:
            self.prepare([word])
            plural = self._papers.get(word, 0)
            folded = word
            for candidate in singular_candidates(word):
                papers = self._papers.get(candidate, 0)
                if papers >= MIN_ATTESTED and papers >= ATTESTED_SHARE * plural:
                    folded = candidate
                    break
            self._folds[word] = folded
        return folded

    def fold(self, token: str) -> str | None:
        """The term a raw lowercase token counts as, or None when it is dropped."""
        if len(token) < 2 or token in STOP_WORDS or _NUMBER.match(token):
            return None
        head, _, last = token.rpartition("-")
        return f"{head}-{self.singular(last)}" if head else self.singular(last)


@lru_cache(maxsize=1 << 16)
def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def clean(text: str, *, lower: bool = True) -> str:
    if not text.isascii():
        text = strip_accents(text)
    low = text.lower()
    if lower:
        text = low
    for needles, pattern in _DEBRIS:
        if any(needle in low for needle in needles):
            text = pattern.sub(" ; ", text)
    if "'" in text or "\u2019" in text:
        text = _POSSESSIVE.sub("", text)
    return text


def pieces(title: str, abstract: str) -> list[str]:
    """The paper's tokens and break characters, before folding."""
    return _PIECES.findall(clean(title + TITLE_ABSTRACT_BREAK + abstract))


def surface_words(title: str, abstract: str) -> list[str]:
    """The paper's words as written (case kept, accents folded), for attestation and labels."""
    return _WORDS.findall(clean(title + TITLE_ABSTRACT_BREAK + abstract, lower=False))


def paper_terms(title: str, abstract: str, lexicon: Lexicon) -> set[str]:
    """Every unigram and bigram the paper mentions (binary: a set)."""
    return analyse(title, abstract, lexicon)[0]


def analyse(title: str, abstract: str, lexicon: Lexicon) -> tuple[set[str], str]:
    """(unigrams and bigrams of the paper, the paper's tokens as a PostgreSQL tsvector literal).

    In the tsvector every kept token sits at its own position and every dropped token or
    break takes a position too, so the phrase query `a <-> b <-> c` matches exactly the
    papers where a, b, c are adjacent within one clause: the out-of-vocabulary path answers
    trigrams and rare terms under the same rules as the precomputed bigrams.
    """
    return analyse_pieces(pieces(title, abstract), lexicon)


def analyse_pieces(found: list[str], lexicon: Lexicon) -> tuple[set[str], str]:
    folded = list(map(lexicon.fold, found))  # None where a piece is dropped or a break
    terms = {term for term in folded if term}
    terms.update([f"{a} {b}" for a, b in pairwise(folded) if a and b])
    # Hyphen and space spellings are one term: a paper writing `neural-network` also counts
    # under the bigram `neural network`, so the precomputed bigram answers both spellings.
    terms.update(" ".join(split) for split in map(split_hyphens, list(terms)) if len(split) == 2)
    # PostgreSQL merges the positions of a repeated lexeme ('a':1 'a':4 -> 'a':1,4).
    if len(found) > MAX_POSITION:
        positions = [min(i, MAX_POSITION) for i in range(1, len(found) + 1)]
    else:
        positions = list(range(1, len(found) + 1))
    vector = " ".join([f"'{t}':{i}" for i, t in zip(positions, folded, strict=True) if t])
    return terms, vector


def unquote(phrase: str) -> str:
    """`"deep learning"` -> `deep learning`: quotes around a phrase only say it is one."""
    stripped = phrase.strip()
    while len(stripped) >= 2 and stripped[0] in QUOTES and stripped[-1] in QUOTES:
        stripped = stripped[1:-1].strip()
    return stripped


def typed_pieces(phrase: str) -> list[str]:
    """The pieces of a typed phrase term_tokens folds (Lexicon.prepare them in one go)."""
    return _PIECES.findall(clean(unquote(phrase)))


def term_tokens(phrase: str, lexicon: Lexicon) -> list[str] | None:
    """A typed phrase as the list of folded tokens it must match, or None if it cannot match.

    None means the phrase holds a stop word, a number or a break between its words, so no
    paper can ever mention it as one term under the rules above ("of the", "gpt 4").
    """
    found = typed_pieces(phrase)
    lexicon.prepare(found)
    tokens: list[str] = []
    for piece in found:
        term = lexicon.fold(piece)
        if term is None:
            return None
        tokens.append(term)
    return tokens or None


def normalise_phrase(phrase: str, lexicon: Lexicon) -> str | None:
    """'Batch Normalizations' -> 'batch normalization' (the stored form), None if impossible."""
    tokens = term_tokens(phrase, lexicon)
    return " ".join(tokens) if tokens else None


# A phrase of up to this many words gets every hyphen/space spelling (2^(n-1) of them).
MAX_HYPHEN_WORDS = 4


def hyphen_variants(tokens: list[str]) -> list[list[str]]:
    """The other spellings of a phrase that are one term: `batch-normalization` and
    `batch normalization`, `character level` and `character-level`, `long short-term memory`
    and `long short term memory` and `long-short term memory` (words joined or split at
    hyphens; a part with a digit stays joined: `gpt-4` never splits into `gpt` `4`)."""
    split = [part for token in tokens for part in split_hyphens(token)]
    variants = [tokens]
    if split != tokens:
        variants.append(split)
    if 2 <= len(split) <= MAX_HYPHEN_WORDS and all(part.isalpha() for part in split):
        for joins in product((False, True), repeat=len(split) - 1):
            variant = [split[0]]
            for part, join in zip(split[1:], joins, strict=True):
                if join:
                    variant[-1] += f"-{part}"
                else:
                    variant.append(part)
            if variant not in variants:
                variants.append(variant)
    return variants


# British and American spellings of one word, as (British ending, American ending) pairs:
# optimisation/optimization, analyse/analyze, behaviour/behavior, dialogue/dialog,
# modelling/modeling, centre/center. A rule may produce a non-word ("noise" -> "noize"); the
# callers only join a variant that is itself a term they were given.
SPELLING_ENDINGS = (
    ("isation", "ization"), ("isations", "izations"), ("ise", "ize"), ("ised", "ized"),
    ("ises", "izes"), ("ising", "izing"), ("yse", "yze"), ("ysed", "yzed"), ("ysing", "yzing"),
    ("our", "or"), ("ours", "ors"), ("ogue", "og"), ("ogues", "ogs"), ("lling", "ling"),
    ("lled", "led"), ("ller", "ler"), ("tre", "ter"), ("tres", "ters"),
)  # fmt: skip


def spelling_variants(term: str) -> set[str]:
    """The term with one of its words in the other spelling (British <-> American)."""
    words = term.split()
    variants = set()
    for i, word in enumerate(words):
        head, _, last = word.rpartition("-")
        for british, american in SPELLING_ENDINGS:
            for ending, other in ((british, american), (american, british)):
                if last.endswith(ending) and len(last) > len(ending) + 2:
                    swapped = last[: -len(ending)] + other
                    spelled = f"{head}-{swapped}" if head else swapped
                    variants.add(" ".join([*words[:i], spelled, *words[i + 1 :]]))
    variants.discard(term)
    return variants


def split_hyphens(token: str) -> list[str]:
    """`batch-normalization` -> its words; a token with a part that has a digit, one letter
    or a stop word (`gpt-4`, `t-sne`, `state-of-the-art`) stays whole."""
    parts = token.split("-")
    if len(parts) == 1 or any(not p.isalpha() or len(p) < 2 or p in STOP_WORDS for p in parts):
        return [token]
    return parts
