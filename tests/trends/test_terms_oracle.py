"""The brute-force oracle of the term tests (tests/bruteforce_terms.py), tested on its own."""

from datetime import date

from tests.trends.bruteforce_terms import Oracle

M = date(2020, 1, 1)


def _oracle(*abstracts: str) -> Oracle:
    return Oracle(("", a) for a in abstracts)


def _count(oracle: Oracle, term: str, *abstracts: str) -> int:
    return sum(oracle.count_by_month(term, [(M, "cs.LG", "", a) for a in abstracts], None).values())


def test_it_folds_a_plural_whose_singular_is_a_word_of_the_corpus():
    corpus = ["a gan", "one gan", "the gan", "two gans"]
    oracle = _oracle(*corpus)
    assert _count(oracle, "gan", *corpus) == 4
    assert _count(oracle, "gans", *corpus) == 4


def test_it_keeps_a_plural_whose_singular_is_not_attested():
    corpus = ["keras code", "keras again", "kera typo", "naive bayes", "ADAS", "ada", "ada", "ada"]
    oracle = _oracle(*corpus)
    assert _count(oracle, "keras", *corpus) == 2
    assert _count(oracle, "kera", *corpus) == 1
    assert _count(oracle, "bayes", *corpus) == 1
    assert _count(oracle, "adas", *corpus) == 1  # curated: never folded to "ada"


def test_it_folds_accents_and_keeps_dotted_names_whole():
    corpus = ["naïve bayes", "naive bayes", "qwen2.5 and qwen2", "gpt-4o not gpt-4"]
    oracle = _oracle(*corpus)
    assert _count(oracle, "naive bayes", *corpus) == 2
    assert _count(oracle, "qwen2.5", *corpus) == 1
    assert _count(oracle, "qwen2", *corpus) == 1
    assert _count(oracle, "gpt-4", *corpus) == 1
    assert _count(oracle, "gpt-4o", *corpus) == 1


def test_a_phrase_needs_whitespace_or_a_hyphen_between_its_words():
    corpus = ["neural networks", "neural, network", "neural-network", "neural network"]
    oracle = _oracle(*corpus, "network", "network", "network")
    assert _count(oracle, "neural network", *corpus) == 3
    assert _count(oracle, "neural-network", *corpus) == 3
    assert _count(oracle, "t-sne", "t-sne plot", "t sne") == 1  # one-letter parts never split


def test_every_gap_of_a_longer_phrase_is_a_space_or_a_hyphen():
    corpus = [
        "long short-term memory", "long short term memories", "long-short term memory",
        "long-short-term-memory", "long short, term memory", "longs-short term memory",
    ]  # fmt: skip
    oracle = _oracle(*corpus, "memory", "memory", "memory", "term", "term", "term")
    for typed in ["long short term memory", "long short-term memory", "long-short term memory"]:
        # Not across a comma, and only a hyphenated word's last part takes a plural.
        assert _count(oracle, typed, *corpus) == 4, typed
    # Five words and more: the spelling typed, and its hyphenated words split.
    five = ["alpha beta gamma delta-epsilon", "alpha beta gamma delta epsilon",
            "alpha-beta gamma delta epsilon"]  # fmt: skip
    assert _count(_oracle(*five), "alpha beta gamma delta-epsilon", *five) == 2
