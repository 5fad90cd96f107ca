"""On the demo corpus, the monthly totals equal an independent count of the raw file."""

import json
import lzma
from collections import Counter
from email.utils import parsedate_to_datetime

import pytest
from django.conf import settings

from tests.demo.conftest import DemoCorpus

pytestmark = pytest.mark.django_db


def test_the_demo_corpus_totals_equal_an_independent_count(client, demo_corpus: DemoCorpus):
    """The whole bundled corpus: 69,760 papers, each month equal to a count of the raw file."""
    assert (demo_corpus.run.imported, demo_corpus.run.invalid) == (69760, 0)
    expected: Counter[str] = Counter()
    with lzma.open(settings.DEMO_CORPUS, "rt") as raw:
        for line in raw:
            record = json.loads(line)
            v1 = parsedate_to_datetime(record["versions"][0]["created"])
            expected[f"{v1.year}-{v1.month:02d}"] += 1
    data = client.get("/api/months?categories=all").json()
    stored = {m: t for m, t in zip(data["months"], data["totals"], strict=True) if t is not None}
    assert sum(stored.values()) == 69760
    assert stored == dict(expected)
    # The file imported a second time (started by the fixture once the first import ended).
    again = demo_corpus.again.finish()
    assert again.pk != demo_corpus.run.pk
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 69760)
