"""Tokenisation of title + abstract into terms, shared by extraction and queries.

One function, `paper_terms`, defines what a term is; the precomputed statistics, the query
parser and the tests' brute-force counter all go through it (or through `term_tokens` for a
typed phrase), so a typed "GANs" finds exactly the papers whose text yields "gan".

Rules, in order:
- lowercase; LaTeX (`$...$`, `\\command`), URLs and e-mail addresses are cut out and leave a
  clause break behind, so no bigram is made across them;
- a token is a run of letters/digits, hyphen-joined runs kept whole (`gpt-4`, `u-net`,
  `t-sne`, `state-of-the-art`); `word2vec`, `seq2seq`, `l2`, `3d` are ordinary tokens;
- dropped: stop words, pure numbers (`2019`, `1-2`), one-character tokens; a dropped token
  breaks adjacency, so "in this paper we propose" yields no "paper propose";
- simple plurals are folded (`gans` -> `gan`, `networks` -> `network`, `studies` -> `study`,
  `approaches` -> `approach`);
- bigrams join two adjacent kept tokens of one clause; a clause ends at `. , ; : ! ? ( ) [ ]
  { } " / =` and any other punctuation, and between title and abstract.
"""

import re
from functools import lru_cache
from itertools import pairwise

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

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
    (("$", "\\"), re.compile(r"\$\$.*?\$\$|\$[^$]*\$|\\[a-z]+\*?", re.DOTALL)),  # math, commands
    (("://", "www."), re.compile(r"(?:https?|ftp)://\S+|www\.\S+")),  # URLs
    (("@",), re.compile(r"\S+@\S+")),  # e-mail addresses, @handles
    (
        (".com", ".org", ".net", ".io", ".edu", ".htm", ".pdf"),
        re.compile(r"[\w.-]+\.(?:com|org|net|io|edu|html?|pdf)\b\S*"),  # hosts, file names
    ),
]
_POSSESSIVE = re.compile(r"['\u2019]s\b")
# A token (letters/digits, hyphen-joined runs kept whole) or one break character.
_PIECES = re.compile(r"[^\W_]+(?:-[^\W_]+)*|[^\w\s]|_")
_NUMBER = re.compile(r"^[\d-]+$")
# Words ending in s that are not plurals (or whose singular would collide).
_NOT_PLURAL_ENDINGS = ("ss", "us", "is", "ics", "ous", "ness", "sis")
_NOT_PLURAL = {"series", "species", "bias", "atlas", "alias", "lens", "news", "gas", "canvas"}
TITLE_ABSTRACT_BREAK = " . "
# PostgreSQL keeps tsvector positions up to 16383; later ones are clamped to it.
MAX_POSITION = 16383


@lru_cache(maxsize=1 << 20)
def fold(token: str) -> str | None:
    """The term a raw lowercase token counts as, or None when it is dropped."""
    if len(token) < 2 or token in STOP_WORDS or _NUMBER.match(token):
        return None
    head, _, last = token.rpartition("-")
    return f"{head}-{_singular(last)}" if head else _singular(last)


def _singular(word: str) -> str:
    if len(word) <= 3 or not word.endswith("s") or not word.isalpha() or word in _NOT_PLURAL:
        return word
    if word.endswith(_NOT_PLURAL_ENDINGS):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    return word[:-1]


def clean(text: str) -> str:
    text = text.lower()
    for needles, pattern in _DEBRIS:
        if any(needle in text for needle in needles):
            text = pattern.sub(" ; ", text)
    if "'" in text or "\u2019" in text:
        text = _POSSESSIVE.sub("", text)
    return text


def paper_terms(title: str, abstract: str) -> set[str]:
    """Every unigram and bigram the paper mentions (binary: a set)."""
    return analyse(title, abstract)[0]


def analyse(title: str, abstract: str) -> tuple[set[str], str]:
    """(unigrams and bigrams of the paper, the paper's tokens as a PostgreSQL tsvector literal).

    In the tsvector every kept token sits at its own position and every dropped token or
    break takes a position too, so the phrase query `a <-> b <-> c` matches exactly the
    papers where a, b, c are adjacent within one clause: the out-of-vocabulary path answers
    trigrams and rare terms under the same rules as the precomputed bigrams.
    """
    pieces = _PIECES.findall(clean(title + TITLE_ABSTRACT_BREAK + abstract))
    folded = list(map(fold, pieces))  # None where a piece is dropped or a break
    terms = {term for term in folded if term}
    terms.update([f"{a} {b}" for a, b in pairwise(folded) if a and b])
    # PostgreSQL merges the positions of a repeated lexeme ('a':1 'a':4 -> 'a':1,4).
    if len(pieces) > MAX_POSITION:
        positions = [min(i, MAX_POSITION) for i in range(1, len(pieces) + 1)]
    else:
        positions = list(range(1, len(pieces) + 1))
    vector = " ".join([f"'{t}':{i}" for i, t in zip(positions, folded, strict=True) if t])
    return terms, vector


def term_tokens(phrase: str) -> list[str] | None:
    """A typed phrase as the list of folded tokens it must match, or None if it cannot match.

    None means the phrase holds a stop word, a number or a break between its words, so no
    paper can ever mention it as one term under the rules above ("of the", "gpt 4").
    """
    tokens: list[str] = []
    for piece in _PIECES.findall(clean(phrase)):
        term = fold(piece)
        if term is None:
            return None
        tokens.append(term)
    return tokens or None


def normalise_phrase(phrase: str) -> str | None:
    """'Batch Normalizations' -> 'batch normalization' (the stored form), None if impossible."""
    tokens = term_tokens(phrase)
    return " ".join(tokens) if tokens else None
