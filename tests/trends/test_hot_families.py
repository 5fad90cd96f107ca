"""Hot families and filler from evidence: bulk uploads, passing mentions, co-occurrence,
abbreviation parts and kinds of a word, on small fixtures where the answer is known."""

from datetime import date

import pytest

from core.months import add_months, parse_month
from ingest.snapshot import SnapshotFilter, import_snapshot
from papers.coverage import bulk_months
from tests.conftest import paper
from trends.analytics.families import closed_spelling, cooccurrence_links, family_links
from trends.analytics.filler import (
    is_fragment,
    passing_mention,
    repetition,
    scattered_part,
    unfocused,
)
from trends.analytics.hot import _collapse
from trends.analytics.hot_ranking import HotRow, Peak
from trends.analytics.neighbours import Company
from trends.analytics.topics import coherence
from trends.text import spelling_variants


def _series(values: list[int], start: str = "2012-01") -> dict[date, int]:
    first = parse_month(start)
    return {add_months(first, i): n for i, n in enumerate(values)}


def test_it_finds_a_bulk_upload_but_not_a_step_in_coverage():
    steady = [50] * 12 + [241, 249, 468] + [55] * 12
    step = [400] * 15 + [30] * 12  # complete, then a cross-list sample
    found = bulk_months({"cs.AI": _series(steady), "cs.CV": _series(step)})
    assert found == {("cs.AI", parse_month(m)) for m in ("2013-01", "2013-02", "2013-03")}


def test_a_term_said_once_in_passing_is_filler_a_repeated_one_is_not():
    assert passing_mention((1.0, 60))  # "trained end-to-end"
    assert passing_mention((1.02, 66))  # "outperforming"
    assert not passing_mention((1.68, 19))  # "batch normalization"
    # Too few papers to judge, or never measured (names and defined terms are not).
    assert not passing_mention((1.0, 4))
    assert not passing_mention(None)


def test_a_phrase_named_again_and_again_is_kept_whatever_its_association():
    # Figures of 2023-2025 conference abstracts: "model" is in most papers, so the
    # document-level NPMI of phrases with it is low or negative.
    assert not is_fragment("reward model", -0.40, {"model"}, (1.55, 20), 2.19)
    assert not is_fragment("language model", -0.02, {"model"}, (1.57, 357), 1.40)
    assert not is_fragment("test time", -0.03, {"test", "time"}, (1.95, 39), 1.50)
    # Said about once a paper, the same association still makes a fragment.
    assert is_fragment("model performance", -0.62, {"model", "performance"}, (1.10, 40), 1.3)
    assert is_fragment("strong performance", -0.25, {"performance"}, (1.0, 30), 1.2)
    # Too few papers to judge by repetition, or a pair the corpus never measured.
    assert is_fragment("reward model", -0.40, {"model"}, (1.55, 4), 2.19)
    assert is_fragment("pre training", None, set(), (2.66, 30), 2.0)


@pytest.mark.django_db
def test_names_are_the_words_written_with_capitals():
    from trends.analytics.filler import names
    from trends.models import Word

    for text, label in [("cifar-10", "CIFAR-10"), ("imagenet", "ImageNet"), ("trained", "trained")]:
        Word.objects.create(text=text, papers=20, label=label)
    assert names({"cifar-10", "imagenet", "trained", "unseen"}) == {"cifar-10", "imagenet"}
    assert names({"word2vec", "qwen2.5-7b", "u-net"}) == {"word2vec", "qwen2.5-7b"}


@pytest.mark.django_db
def test_repetition_and_the_papers_are_read_from_token_positions(write_snapshot):
    texts = [
        "Adversarial networks. The adversarial loss trains an adversarial critic, notably.",
        "Adversarial training. We notably fine-tune adversarial models end-to-end.",
        "Kernel methods. Notably we fine tune kernel methods.",
    ]
    records = [
        paper(f"1601.{i:05d}", "2016-01", title="x", abstract=t, categories="cs.LG")
        for i, t in enumerate(texts)
    ]
    import_snapshot(write_snapshot(records), SnapshotFilter(None))
    month = parse_month("2016-01")
    terms = {"adversarial", "notably", "end-to-end", "fine-tune"}
    found, papers, sample, _ = repetition(terms, month, month, None)
    assert found["adversarial"] == (5 / 2, 2)  # 3 mentions in the first paper, 2 in the second
    assert found["notably"] == (1.0, 3)
    # "fine-tune" and "fine tune" are one term: both papers count, once each.
    assert found["fine-tune"] == (1.0, 2) and found["end-to-end"] == (1.0, 1)
    assert len(papers["notably"]) == 3 and papers["adversarial"] <= papers["notably"]
    # Every lexeme of the three papers, with its positions, for the topic coherence.
    counts = {(p, lexeme): n for p, lexeme, n in zip(*sample, strict=True)}
    assert len({p for p, _ in counts}) == 3
    assert sorted(n for (p, lexeme), n in counts.items() if lexeme == "adversarial") == [2, 3]


def _columns(rows):
    papers, lexemes, positions = zip(*rows, strict=True)
    return papers, lexemes, positions


def test_coherence_is_how_alike_a_terms_papers_are_beside_any_two():
    # Papers 0-3 are about kernels, 4-7 about parsing; "notably" is in all of them, "svm"
    # only in the kernel ones. Their own words are left out of the comparison.
    kernel = ["kernel", "margin", "hinge", "support"]
    parsing = ["parser", "treebank", "grammar", "syntax"]
    sample = [(p, w, 1) for p in range(4) for w in kernel]
    sample += [(p, w, 1) for p in range(4, 8) for w in parsing]
    sample += [(p, "notably", 1) for p in range(8)]
    sample += [(p, "svm", 2) for p in range(4)] + [(p, f"only{p}", 1) for p in range(8)]
    columns = _columns(sample)
    lifts = coherence({"svm": set(range(4)), "notably": set(range(8)), "one": {0}}, columns)
    assert lifts["notably"] == pytest.approx(1.0)  # its papers are the whole sample
    assert lifts["svm"] > 1.5  # its papers share a vocabulary (half the sample: at most 2)
    assert "one" not in lifts  # a single paper: no pair to compare
    # Papers that say nothing but the term: no evidence either way.
    assert coherence({"svm": {0, 1}}, _columns([(0, "svm", 1), (1, "svm", 1), (2, "x", 1)])) == {}
    assert coherence({"svm": {0, 1}}, ((), (), ())) == {}


def test_a_term_with_neither_repetition_nor_coherence_is_unfocused():
    assert unfocused((1.34, 468), 1.66)  # "end-to-end" as of 2017-03
    assert unfocused((1.25, 55), 1.33)  # "f1 score"
    assert not unfocused((1.49, 35), 1.95)  # "batch normalization": its papers are alike
    assert not unfocused((1.57, 51), 1.50)  # "softmax": said again and again
    assert not unfocused((1.2, 4), 1.0)  # too few papers to judge
    assert not unfocused(None, 1.0) and not unfocused((1.0, 50), None)
    # Names are never passing mentions, but a name must still show one of the two.
    assert not is_fragment("tensorflow", None, set(), (1.1, 23), 1.8, subject=True)
    assert is_fragment("f1 score", 0.8, set(), (1.25, 55), 1.33, subject=True)


# Phrases as 2016-06 cs.CV/cs.LG abstracts write them: "trainable" qualifies whatever
# follows it, "siamese" is always said of a network, "lstm" mostly stands alone.
_TRAINABLE = [
    "parameter", "nonlinear", "deep", "filter", "weight", "attention", "pooling", "kernel",
    "layer", "embedding", "classifier", "dictionary", "prior", "gate", "threshold",
    "activation", "mask", "graph", "metric", "module", "loss", "memory", "encoder", "policy",
]  # fmt: skip


@pytest.mark.django_db
def test_a_word_of_scattered_company_is_told_from_one_that_keeps_its_company(write_snapshot):
    records = []
    for i, noun in enumerate(_TRAINABLE):
        # Said once in most papers, twice in every third: 1.33 times a paper.
        again = f"and a trainable {_TRAINABLE[(i + 1) % len(_TRAINABLE)]} " if i % 3 == 0 else ""
        abstract = (
            f"A trainable {noun} improves tracking, {again}helps. "
            f"Our siamese network and a siamese network loss match patches. The lstm reads the "
            "frames, and an lstm, with attention, too."
        )
        records.append(paper(f"1606.{i:05d}", "2016-06", title="x", abstract=abstract))
    import_snapshot(write_snapshot(records), SnapshotFilter(None))
    month = parse_month("2016-06")
    found, _, _, company = repetition({"trainable", "siamese", "lstm"}, month, month, None)
    # "trainable" stands before a noun in each of its 32 uses (24 nouns, eight of them twice):
    # bound in every use, two of which seldom share a neighbour.
    assert found["trainable"] == (32 / 24, 24)
    assert company["trainable"].uses == 32 and company["trainable"].bound == 1.0
    assert company["trainable"].concentration == pytest.approx(8 * 2 / (32 * 31))
    assert company["trainable"].scattered
    # "siamese" is always followed by "network": bound, and always the same neighbour.
    assert company["siamese"].bound == 1.0 and company["siamese"].concentration == 1.0
    assert not company["siamese"].scattered
    # "lstm" has a content word beside it in half of its uses ("lstm reads"; "an lstm,":
    # a stop word or a comma beside it is no neighbour): not bound.
    assert company["lstm"].bound == 0.5 and not company["lstm"].scattered
    assert scattered_part(found["trainable"], company["trainable"])
    assert not scattered_part(found["siamese"], company["siamese"])


def test_a_scattered_part_said_again_and_again_is_a_subject():
    scattered = Company(uses=43, bound=0.86, concentration=0.04)  # "cascaded" as of 2016-06
    assert scattered.scattered
    assert scattered_part((1.37, 30), scattered)  # "trainable"
    assert not scattered_part((2.21, 58), scattered)  # "cross-lingual", 2018-06 cs.CL
    assert not scattered_part((1.37, 8), scattered)  # too few papers to judge
    assert not scattered_part((1.37, 30), None) and not scattered_part(None, scattered)
    # Too few bound uses, or a word that stands alone, say nothing.
    assert not Company(uses=30, bound=0.6, concentration=0.02).scattered
    assert not Company(uses=321, bound=0.38, concentration=0.05).scattered  # "lstm"
    assert not Company(uses=48, bound=0.88, concentration=0.12).scattered  # "siamese"
    assert is_fragment("trainable", None, set(), (1.37, 30), 2.07, scattered)
    assert not is_fragment("trainable", None, set(), (1.37, 30), 2.07, scattered, subject=True)


def test_terms_of_the_same_papers_are_one_family_a_generic_term_is_not():
    sample = 1000
    papers_of = {
        "melanoma": set(range(0, 30)),
        "skin lesion": set(range(5, 40)),
        "deep neural": set(range(0, 600)),  # most papers: no evidence of one subject
        "batch normalization": set(range(100, 135)),
    }
    links = cooccurrence_links(papers_of, sample)
    assert links == [("melanoma", "skin lesion")]


def _row(term: str, papers: int = 20) -> HotRow:
    peak = Peak(parse_month("2016-06"), 0.1, papers, papers)
    return HotRow(term, 2.0, peak, peak)


def test_kinds_of_a_word_are_one_family_even_without_the_word_listed():
    corpus = {"deep": 3000, "learning": 9000, "residual": 200, "attention": 1000, "based": 9000}
    rows = [_row(t) for t in ["deep residual", "attention-based", "residual learning"]]
    rows.append(_row("deep", 200))  # "deep residual" holds 10 % of its papers: no family
    kept = _collapse(rows, 10, [], corpus)
    assert [(r.term, r.also) for r in kept] == [
        ("deep residual", ["residual learning"]),
        ("attention-based", []),
        ("deep", []),
    ]


@pytest.mark.django_db
def test_an_abbreviation_joins_only_the_bigrams_its_long_form_accounts_for():
    from trends.models import Abbreviation, Term

    Abbreviation.objects.create(
        short="gan", long_form="generative adversarial network", label="GAN", papers=40
    )
    Abbreviation.objects.create(
        short="resnet", long_form="residual neural network", label="ResNet", papers=10
    )
    for text, papers in [("adversarial network", 80), ("neural network", 5000),
                         ("residual neural", 12), ("generative adversarial", 90)]:  # fmt: skip
        Term.objects.create(text=text, words=2, papers=papers)
    terms = ["gan", "adversarial network", "neural network", "resnet", "residual neural",
             "generative adversarial"]  # fmt: skip
    links = set(family_links(terms))
    assert links == {
        ("gan", "generative adversarial"),
        ("gan", "adversarial network"),
        ("resnet", "residual neural"),
    }
    # "neural network" would have chained GAN and ResNet into one row.
    kept = _collapse([_row(t) for t in terms], 10, list(links))
    assert [r.term for r in kept] == ["gan", "neural network", "resnet"]


def test_british_and_american_spellings_of_a_term_are_variants_of_each_other():
    assert "optimization" in spelling_variants("optimisation")
    assert "dialogue" in spelling_variants("dialog")
    assert "language modelling" in spelling_variants("language modeling")
    assert "human behaviour" in spelling_variants("human behavior")
    assert "data-centre" in spelling_variants("data-center")
    # Short words are left alone ("hour" is not "hor"), and a word is never its own variant.
    assert spelling_variants("hour") == set()
    assert "noise" not in spelling_variants("noise")


@pytest.mark.django_db
def test_two_spellings_in_one_table_are_one_row_and_a_lookalike_alone_is_not_joined():
    terms = ["optimisation", "dialog", "optimization", "noise", "evolution", "dialogue"]
    links = set(family_links(terms))
    assert links == {
        ("optimisation", "optimization"),
        ("optimization", "optimisation"),
        ("dialog", "dialogue"),
        ("dialogue", "dialog"),
    }
    kept = _collapse([_row(t) for t in terms], 10, list(links))
    assert [r.term for r in kept] == ["optimisation", "dialog", "noise", "evolution"]
    assert kept[0].also == ["optimization"] and kept[1].also == ["dialogue"]


def test_a_word_is_written_closed_or_open_but_a_one_letter_part_is_not_a_word():
    assert closed_spelling("auto encoder") == closed_spelling("auto-encoder") == "autoencoder"
    assert closed_spelling("cifar-10") == "cifar10"
    assert closed_spelling("multi-task learning") == "multitasklearning"
    assert closed_spelling("autoencoder") is None
    # "s-r" (stimulus-response) is not "sr" (super-resolution), nor "a-priori" "apriori".
    assert closed_spelling("s-r") is None and closed_spelling("a-priori") is None


@pytest.mark.django_db
def test_a_word_written_open_joins_the_word_not_the_families_of_its_parts():
    # Window papers and corpus papers of the demo as of 2016-06 (cifar: 2017-03, where the
    # two spellings were rows 54 and 61). "auto encoder" (38) and "auto-encoder" (36) hold
    # over FAMILY_SHARE of "encoder"'s 50, so they sat in the family of "encoder decoder"
    # while "autoencoder" was a row of its own; the corpus writes the word closed 915 times,
    # open 307 and 284. "point cloud" (395) is written closed 15 times: a phrase, a kind of
    # cloud.
    window = [("encoder decoder", 41), ("point cloud", 47), ("autoencoder", 97),
              ("decoder", 41), ("cifar-10", 99), ("cifar10", 28), ("encoder", 50),
              ("cloud", 89), ("auto-encoder", 36), ("auto encoder", 38), ("s-r", 20),
              ("sr", 20)]  # fmt: skip
    corpus = {"encoder": 809, "decoder": 697, "auto": 73, "autoencoder": 915,
              "auto encoder": 307, "auto-encoder": 284, "point": 5390, "cloud": 838,
              "point cloud": 395, "pointcloud": 15, "cifar-10": 427, "cifar10": 135}  # fmt: skip
    terms = [t for t, _ in window]
    kept = _collapse([_row(t, n) for t, n in window], 10, family_links(terms), corpus)
    assert [(r.term, r.also) for r in kept] == [
        ("encoder decoder", ["decoder", "encoder"]),
        ("point cloud", ["cloud"]),
        ("autoencoder", ["auto-encoder", "auto encoder"]),
        ("cifar-10", ["cifar10"]),
        ("s-r", []),
        ("sr", []),
    ]


@pytest.mark.django_db
def test_about_states_the_scattered_part_thresholds_the_code_applies(client):
    from trends.analytics import neighbours

    about = client.get("/about/").content.decode()
    section = about[about.index('id="hot"') :]
    assert f"at least {100 * neighbours.BOUND_SHARE:.0f} % of its uses" in section
    assert f"a chance under {neighbours.SCATTER_CONCENTRATION}" in section
    assert f"{neighbours.MIN_BOUND_USES}+ uses" in section
    assert "Scattered part (filler)" in about  # the threshold table
