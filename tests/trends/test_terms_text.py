"""The tokenisation rules (trends/text.py docstring), on single texts (trends/text.py)."""

import pytest

from trends.text import analyse, normalise_phrase, paper_terms, term_tokens


def test_it_keeps_ml_tokens_whole():
    terms = paper_terms(
        "Word2Vec and seq2seq meet GPT-4",
        "We train a U-Net with L2 loss, visualise with t-SNE and render 3D scenes.",
    )
    for token in ["word2vec", "seq2seq", "gpt-4", "u-net", "l2", "t-sne", "3d"]:
        assert token in terms, token
    assert "gpt" not in terms and "net" not in terms


def test_it_folds_simple_plurals_to_one_term():
    terms = paper_terms("GANs and CNNs", "Neural networks, studies of approaches and losses.")
    assert {"gan", "cnn", "study", "approach", "loss"} <= terms
    assert "neural network" in terms
    assert not {"gans", "networks", "studies", "approaches"} & terms
    assert paper_terms("", "analysis of bias in series") >= {"analysis", "bias", "series"}


def test_it_drops_stop_words_numbers_latex_urls_and_emails():
    terms = paper_terms(
        "The 2019 model",
        r"We use $\mathbb{R}^n$ and \emph{sparse} codes; see https://github.com/x/y or "
        "mail me@example.org. Code at www.example.com/code.",
    )
    assert "the" not in terms and "2019" not in terms and "we" not in terms
    assert not any("mathbb" in t or "github" in t or "example" in t or "@" in t for t in terms)
    assert {"sparse", "code", "model"} <= terms


@pytest.mark.parametrize(
    "abstract",
    [
        "a neural. Network",
        "a neural, network",
        "a neural (network)",
        "neural; network",
        "neural of the network",
        "neural 42 network",
        "neural $x$ network",
        "neural https://x.org network",
    ],
)
def test_a_bigram_never_spans_a_clause_break_or_a_dropped_word(abstract):
    terms = paper_terms("", abstract)
    assert {"neural", "network"} <= terms
    assert "neural network" not in terms


def test_title_and_abstract_do_not_join_into_a_bigram():
    assert "neural network" not in paper_terms("Going neural", "Network effects")
    assert "neural network" in paper_terms("A neural network", "")


def test_a_possessive_is_not_a_word():
    assert "model performance" in paper_terms("", "the model's performance")


def test_typed_phrases_normalise_like_text():
    assert normalise_phrase("  Batch   Normalizations ") == "batch normalization"
    assert normalise_phrase("GANs") == "gan"
    assert term_tokens("large language models") == ["large", "language", "model"]
    assert term_tokens("of the") is None
    assert term_tokens("gpt 4") is None


def test_the_token_vector_marks_breaks_with_gaps():
    _, vector = analyse("Neural nets", "neural, network")
    # title: neural=1 nets=2, break=3, then neural=4 ","=5 network=6
    assert vector.split() == ["'neural':1", "'net':2", "'neural':4", "'network':6"]
