"""Real 2023-2026 model, dataset and method names stay whole (tests/data/modern_names.tsv),
in a sentence, at its end and before a comma, and a typed name finds them."""

from pathlib import Path

import pytest

from trends.text import Lexicon, analyse, term_tokens

LEXICON = Lexicon.of({})
SOURCE = Path(__file__).parent.parent / "data" / "modern_names.tsv"
NAMES = [
    line.split("\t")[:2]
    for line in SOURCE.read_text().splitlines()
    if line and not line.startswith("#")
]


def test_the_list_is_long_enough_to_mean_something():
    assert len(NAMES) >= 25


@pytest.mark.parametrize(("name", "term"), NAMES)
def test_it_keeps_a_real_modern_name_whole(name, term):
    for text in [f"We fine-tune {name} on it.", f"Results of {name}.", f"{name}, then more"]:
        terms, _ = analyse("", text, LEXICON)
        assert term in terms, (text, sorted(terms))
    assert " ".join(term_tokens(name, LEXICON) or []) == term
