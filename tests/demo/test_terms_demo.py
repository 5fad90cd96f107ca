"""On the demo corpus, term series equal an independent brute-force count, month by month."""

from datetime import date

import pytest
from django.conf import settings

from papers.models import Paper
from tests.demo.conftest import DemoCorpus

pytestmark = pytest.mark.django_db

TERMS = [
    "gan", "lstm", "word2vec", "neural network", "batch normalization",
    "reinforcement learning", "dropout", "convolutional neural network",
]  # fmt: skip


def test_series_on_the_demo_corpus_equal_the_brute_force_count(client, demo_corpus: DemoCorpus):
    papers = list(Paper.objects.values_list("month", "primary_category", "title", "abstract"))
    assert len(papers) == 69760
    # The corpus is imported whole; the default import (ML categories) would keep it all.
    assert Paper.objects.in_categories(list(settings.ML_CATEGORIES)).count() == 69760
    data = client.get("/api/fractions", {"q": ",".join(TERMS)}).json()
    months = [date.fromisoformat(m + "-01") for m in data["months"]]
    ml = set(settings.ML_CATEGORIES)
    oracle = demo_corpus.oracle  # built from the raw file's texts (tests/demo/conftest.py)
    paths = set()
    for term, line in zip(TERMS, data["series"], strict=True):
        expected = oracle.count_by_month(term, papers, ml)
        got = {m: c for m, c in zip(months, line["counts"], strict=True) if c}
        assert got == dict(expected), term
        assert sum(got.values()) > 20, term
        paths.add(line["path"])
    assert paths == {"vocabulary", "phrase"}  # the trigram takes the phrase path
