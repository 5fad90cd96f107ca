"""A word's neighbours in the window's papers: evidence that it is a part of many phrases,
not a subject of its own.

A modifier or a head noun that takes part in many unrelated phrases ("cascaded cnn",
"cascaded regression", "cascaded structure"; "end-to-end trainable", "trainable parameter";
"weak supervision", "distant supervision") carries no subject by itself: the subject is in
each of its phrases, which the hot table ranks on their own. A subject written as one word
either stands alone ("lstm", "relu": a content word beside it in under half of its uses) or
keeps the same company ("siamese network", "bidirectional lstm", "gated recurrent",
"egocentric video", "energy consumption").

Read from the token positions of the sample that `filler.repetition` reads (every dropped
word, stop word or break takes a position, so position p + 1 holds a kept word only when the
two are adjacent in one clause). For the side on which the word has a content neighbour more
often, two numbers: the share of its uses with a neighbour there (`bound`), and the chance
that two of those uses have the same neighbour (`concentration`, Simpson's index, unbiased
whatever the number of uses: sum n_i (n_i - 1) / (N (N - 1)) over the neighbours' counts).
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

# Bound: a content word beside it, on its more frequent side, in at least this share of uses.
# Subjects that stand alone measured 0.26-0.45 ("lstm" 0.38, "cnn" 0.39, "relu" 0.43,
# "cifar-10" 0.26 as of 2016-06); modifiers and head nouns 0.6-1.0.
BOUND_SHARE = 0.6
# Scattered: two uses share a neighbour with a chance under this. As of 2016-06 and 2018-06
# cs.CL (the tuning tables): the parts of many phrases measured 0.02-0.06 ("trainable" 0.02,
# "cascaded" 0.04, "shallow" 0.05, "supervision" 0.06), one-word subjects 0.12-0.92
# ("siamese" 0.12, "bidirectional" 0.14, "gated" 0.16, "commonsense" 0.28, "hate" 0.92)
# except the cs.CL words of one family ("cross-lingual" 0.02, "bilingual" 0.05,
# "monolingual" 0.08), which `filler.scattered_part` keeps by their repetition.
SCATTER_CONCENTRATION = 0.1
# Uses on the bound side below which the concentration says too little.
MIN_BOUND_USES = 20
# A word's left and right neighbours with their counts.
_Sides = tuple[Counter[str], Counter[str]]


@dataclass(frozen=True)
class Company:
    """How a word keeps company in the sample (see module docstring)."""

    uses: int
    bound: float
    concentration: float

    @property
    def scattered(self) -> bool:
        """Part of many unrelated phrases: bound, with neighbours that seldom repeat."""
        return (
            self.bound * self.uses >= MIN_BOUND_USES
            and self.bound >= BOUND_SHARE
            and self.concentration < SCATTER_CONCENTRATION
        )


def company(
    words: set[str],
    paper_ids: Sequence[int],
    lexemes: Sequence[str],
    positions: Sequence[Sequence[int]],
) -> dict[str, Company]:
    """word -> its Company over the sample columns (a paper, a lexeme, the lexeme's
    positions in the paper), for the `words` with a use in the sample."""
    holding = {p for p, lexeme in zip(paper_ids, lexemes, strict=True) if lexeme in words}
    at: dict[int, dict[int, str]] = defaultdict(dict)
    for paper, lexeme, places in zip(paper_ids, lexemes, positions, strict=True):
        if paper in holding:
            for place in places:
                at[paper][place] = lexeme
    uses: Counter[str] = Counter()
    sides: dict[str, _Sides] = defaultdict(lambda: (Counter(), Counter()))
    for tokens in at.values():
        for place, lexeme in tokens.items():
            if lexeme not in words:
                continue
            uses[lexeme] += 1
            left, right = sides[lexeme]
            if place - 1 in tokens:
                left[tokens[place - 1]] += 1
            if place + 1 in tokens:
                right[tokens[place + 1]] += 1
    found = {}
    for word, n in uses.items():
        side = max(sides[word], key=lambda c: c.total())
        bound = side.total()
        found[word] = Company(n, bound / n, _concentration(side))
    return found


def _concentration(neighbours: Counter[str]) -> float:
    n = neighbours.total()
    if n < 2:
        return 1.0
    return sum(k * (k - 1) for k in neighbours.values()) / (n * (n - 1))
