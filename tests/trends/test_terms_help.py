"""Query help: autocomplete, "did you mean", total papers, offered unions, variants, labels."""

import pytest

from ingest.snapshot import SnapshotFilter, import_snapshot
from papers.models import DataGeneration
from tests.conftest import paper
from trends.models import Abbreviation

pytestmark = pytest.mark.django_db

TEXTS = [
    ("TensorFlow models", "We implement the model in TensorFlow with Keras."),
    ("Neural machine translation (NMT)", "Neural machine translation (NMT) with attention."),
    ("NMT at scale", "We scale NMT systems. Batch normalization helps."),
    ("GANs", "Generative adversarial networks (GANs): a GAN generator and GANs again."),
    ("Normalisation", "Batch-Normalization and naïve Bayes classifiers."),
    ("Naive", "A naive Bayes baseline, character-level and character level models."),
]


@pytest.fixture
def imported(write_snapshot):
    records = [
        paper(f"1801.{i:05d}", "2018-01", title=TEXTS[i % len(TEXTS)][0],
              abstract=TEXTS[i % len(TEXTS)][1], categories=["cs.LG", "cs.CL"][i % 2])
        for i in range(120)
    ]  # fmt: skip
    import_snapshot(write_snapshot(records), SnapshotFilter(None))


def _series(client, q):
    response = client.get("/api/fractions", {"q": q})
    assert response.status_code == 200, response.content
    return response.json()


def test_it_suggests_terms_by_prefix_ranked_by_papers(client, imported):
    data = client.get("/api/terms/suggest", {"prefix": "Ten", "limit": 5}).json()
    assert data["prefix"] == "Ten"
    assert data["suggestions"][0] == {"term": "tensorflow", "label": "TensorFlow", "papers": 20}
    papers = [
        s["papers"] for s in client.get("/api/terms/suggest", {"prefix": "n"}).json()["suggestions"]
    ]
    assert papers == sorted(papers, reverse=True) and papers


def test_suggest_validates_its_parameters(client, imported):
    assert client.get("/api/terms/suggest", {"prefix": "x" * 101}).status_code == 400
    assert client.get("/api/terms/suggest", {"prefix": "t", "limit": "0"}).status_code == 400
    assert client.get("/api/terms/suggest", {"prefix": ""}).json()["suggestions"] == []


def test_a_series_with_no_paper_says_so_and_offers_what_was_meant(client, imported):
    data = _series(client, "tensorflw, tensorflow")
    empty, full = data["series"]
    assert empty["total_papers"] == 0 and "tensorflow" in empty["did_you_mean"]
    assert full["total_papers"] == 20 and "did_you_mean" not in full
    assert full["label"] == "TensorFlow"
    assert {"term", "path", "counts", "fractions", "first_seen"} <= full.keys()


def test_labels_keep_names_and_show_plurals(client, imported):
    data = _series(client, "keras, gans, gan")
    keras, gans, gan = data["series"]
    assert keras["term"] == "keras" and keras["label"] == "Keras"
    assert gans["term"] == gan["term"] == "gan" and gan["label"] == "GAN(s)"


def test_accents_quotes_and_hyphen_variants_are_one_term(client, imported):
    data = _series(client, 'naïve bayes, naive bayes, "batch normalization", Batch-Normalization')
    accented, plain, quoted, hyphen = data["series"]
    assert accented["counts"] == plain["counts"] and plain["total_papers"] == 40
    # 20 papers write "Batch normalization", 20 "Batch-Normalization": one term either way.
    assert quoted["total_papers"] == hyphen["total_papers"] == 40
    # Both spellings are counted under the precomputed bigram, not by a scan of the tokens.
    assert quoted["path"] == hyphen["path"] == "vocabulary"
    level = _series(client, "character-level, character level")["series"]
    assert level[0]["counts"] == level[1]["counts"] and level[0]["total_papers"] == 20


def test_every_hyphen_and_space_spelling_of_a_longer_phrase_is_one_term(client, write_snapshot):
    from django.core.management import call_command

    spellings = ["long short-term memory", "long short term memory", "long-short term memory"]
    records = [
        paper(f"1802.{i:05d}", "2018-02", title=f"Sequences {i}",
              abstract=f"A {spellings[i % 3]} (LSTM) network reads text.", categories=["cs.CL"])
        for i in range(60)
    ]  # fmt: skip
    import_snapshot(write_snapshot(records), SnapshotFilter(None))
    series = _series(client, ", ".join(spellings))["series"]
    assert [s["total_papers"] for s in series] == [60, 60, 60]
    assert series[0]["counts"] == series[1]["counts"] == series[2]["counts"]
    call_command("learn_abbreviations")
    # Three spellings of one long form are defined, one offer is made (the first found).
    offers = _series(client, "lstm")["offers"]
    assert [o["query"].split(" + ")[0] for o in offers] == ["lstm"]
    assert _series(client, "lstm + long short term memory")["offers"] == []


def test_an_abbreviation_defined_in_the_corpus_is_offered_with_its_long_form(client, imported):
    from django.core.management import call_command

    call_command("learn_abbreviations")
    row = Abbreviation.objects.get(short="nmt")
    assert row.long_form == "neural machine translation" and row.papers == 20
    assert row.label == "NMT"
    offers = _series(client, "nmt")["offers"]
    assert offers[0]["query"] == "nmt + neural machine translation"
    assert "20 papers" in offers[0]["reason"]
    # Asked together already: nothing to offer. Rejected by staff: never offered.
    assert _series(client, "nmt + neural machine translation")["offers"] == []
    row.status = Abbreviation.Status.REJECTED
    row.save()
    DataGeneration.objects.bump()
    assert _series(client, "neural machine translation")["offers"] == []
    call_command("learn_abbreviations")  # relearning keeps the verdict
    assert Abbreviation.objects.get(short="nmt").status == Abbreviation.Status.REJECTED


def test_staff_curate_abbreviations_in_the_admin_recorded_and_revertible(client, imported):
    from django.contrib.auth.models import User

    from curation.history import revert
    from curation.models import ChangeRecord

    row = Abbreviation.objects.create(
        short="nmt", long_form="neural machine translation", label="NMT", papers=1
    )
    assert _series(client, "nmt")["offers"] == []  # one paper: not in use yet
    staff = User.objects.create_superuser("curator", "c@example.org", "pw")
    client.force_login(staff)
    response = client.post(
        "/admin/trends/abbreviation/",
        {"action": "approve", "_selected_action": [row.pk]},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == Abbreviation.Status.APPROVED
    assert _series(client, "nmt")["offers"][0]["query"] == "nmt + neural machine translation"
    change = ChangeRecord.objects.get(object_pk=str(row.pk), action=ChangeRecord.Action.CHANGE)
    revert(change, staff)
    row.refresh_from_db()
    assert row.status == Abbreviation.Status.LEARNED
    assert _series(client, "nmt")["offers"] == []
    assert client.get("/admin/trends/abbreviation/").status_code == 200
