"""The tokenisation rules (trends/text.py docstring), on single texts (trends/text.py)."""

import pytest

from trends.text import Lexicon, analyse, hyphen_variants, normalise_phrase, term_tokens

# Papers per word in an imaginary corpus: what attests a singular.
WORDS = {
    "gan": 449, "gans": 369, "cnn": 2000, "cnns": 1000, "network": 9000, "networks": 9000,
    "study": 800, "studies": 500, "approach": 5000, "approaches": 3000, "loss": 900,
    "losses": 300, "kera": 1, "keras": 33, "baye": 1, "bayes": 664, "ada": 7, "adas": 26,
    "cache": 77, "caches": 13, "normalization": 500, "normalizations": 5, "model": 10000,
    "models": 9000, "net": 400, "nets": 200, "language": 3000,
}  # fmt: skip
LEXICON = Lexicon.of(WORDS)


def paper_terms(title: str, abstract: str, lexicon: Lexicon = LEXICON) -> set[str]:
    return analyse(title, abstract, lexicon)[0]


def test_it_keeps_ml_tokens_whole():
    terms = paper_terms(
        "Word2Vec and seq2seq meet GPT-4",
        "We train a U-Net with L2 loss, visualise with t-SNE and render 3D scenes.",
    )
    for token in ["word2vec", "seq2seq", "gpt-4", "u-net", "l2", "t-sne", "3d"]:
        assert token in terms, token
    assert "gpt" not in terms and "net" not in terms


def test_it_keeps_modern_names_with_dotted_versions_whole():
    terms = paper_terms(
        "Llama-3.1-8B versus Qwen2.5 and GPT-4o",
        "We fine-tune YOLOv8 and Gemini-1.5-Pro. Accuracy rises to 93.5 points. Training ends.",
    )
    for token in ["llama-3.1-8b", "qwen2.5", "gpt-4o", "yolov8", "gemini-1.5-pro"]:
        assert token in terms, token
    # Prose decimals are numbers (dropped), sentence periods still break.
    assert not {"93.5", "93", "5", "points training", "93.5 points"} & terms
    assert {"points", "training", "training ends"} <= terms


def test_it_folds_a_plural_only_when_its_singular_is_attested():
    terms = paper_terms("GANs and CNNs", "Neural networks, studies of approaches and losses.")
    assert {"gan", "cnn", "study", "approach", "loss"} <= terms
    assert "neural network" in terms
    assert not {"gans", "networks", "studies", "approaches"} & terms
    names = paper_terms("Keras", "Naive Bayes on ADAS data, with caches.")
    assert {"keras", "naive bayes", "adas", "cache"} <= names
    assert not {"kera", "baye", "ada", "caches"} & names
    assert paper_terms("", "analysis of bias in series") >= {"analysis", "bias", "series"}


def test_an_unattested_plural_stays_whole_and_irregulars_come_from_the_curated_list():
    terms = paper_terms("", "Transformers and matrices")
    assert {"transformers", "matrix"} <= terms
    assert "transformer" in paper_terms("", "Transformers", Lexicon.of({"transformer": 50}))


def test_it_folds_accents():
    assert paper_terms("Naïve Bayes", "") == paper_terms("Naive Bayes", "")
    assert normalise_phrase("naïve bayes", LEXICON) == "naive bayes"


def test_it_drops_stop_words_numbers_latex_urls_and_emails():
    terms = paper_terms(
        "The 2019 model",
        r"We use $\mathbb{R}^n$ and \emph{sparse} codes; see https://github.com/x/y or "
        "mail me@example.org. Code at www.example.com/code.",
    )
    assert "the" not in terms and "2019" not in terms and "we" not in terms
    assert not any("mathbb" in t or "github" in t or "example" in t or "@" in t for t in terms)
    assert {"sparse", "codes", "model"} <= terms  # "code" is not attested in WORDS


@pytest.mark.parametrize(
    "abstract",
    [
        "a neural. Network",
        "a neural, network",
        "a neural (network)",
        "neural; network",
        "neural of the network",
        "neural 42 network",
        "neural 4.2 network",
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
    assert normalise_phrase("  Batch   Normalizations ", LEXICON) == "batch normalization"
    assert normalise_phrase("GANs", LEXICON) == "gan"
    assert normalise_phrase("Keras", LEXICON) == "keras"
    assert term_tokens("large language models", LEXICON) == ["large", "language", "model"]
    assert term_tokens('"deep learning"', LEXICON) == ["deep", "learning"]
    assert term_tokens("of the", LEXICON) is None
    assert term_tokens("gpt 4", LEXICON) is None


def test_hyphen_and_space_variants_are_listed_together():
    assert hyphen_variants(["batch-normalization"]) == [
        ["batch-normalization"],
        ["batch", "normalization"],
    ]
    assert hyphen_variants(["character", "level"]) == [["character", "level"], ["character-level"]]
    # Longer phrases: every way of joining their words at hyphens, the typed one first.
    variants = hyphen_variants(["long", "short-term", "memory"])
    assert variants[:2] == [["long", "short-term", "memory"], ["long", "short", "term", "memory"]]
    assert ["long-short", "term", "memory"] in variants and len(variants) == 8
    # Typed with spaces, the same set of spellings.
    assert sorted(hyphen_variants(["long", "short", "term", "memory"])) == sorted(variants)
    # Parts with digits or single letters never split: gpt-4, t-sne, u-net are names.
    for name in ["gpt-4", "t-sne", "u-net", "llama-3.1-8b"]:
        assert hyphen_variants([name]) == [[name]]


def test_the_token_vector_marks_breaks_with_gaps():
    _, vector = analyse("Neural nets", "neural, network", LEXICON)
    # title: neural=1 nets=2, break=3, then neural=4 ","=5 network=6
    assert vector.split() == ["'neural':1", "'net':2", "'neural':4", "'network':6"]


def test_stop_words_are_scikit_learns_read_without_importing_it():
    """trends.text reads scikit-learn's list from its module file (a second or so of every
    process start saved): the same words, and `import trends.text` loads no sklearn."""
    import subprocess
    import sys

    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from trends.text import ENGLISH_STOP_WORDS as read

    assert read == ENGLISH_STOP_WORDS and len(read) > 300
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, trends.text; print('sklearn' in sys.modules)"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert loaded.stdout.strip() == "False"
