"""The forked extraction pool (trends.terms.refresh) counts what one process counts.

Below TERMS_PARALLEL_MIN_PAPERS, every other test extracts in its own process; this one
lowers the threshold for a `manage.py rebuild_terms` child, a single-threaded process as in
production, so its pool forks for real (and, with more chunks than a worker's task budget,
forks replacement workers too).
"""

import json
import lzma
import os
import subprocess
import sys
from itertools import islice

import pytest
from django.conf import settings

from ingest.snapshot import SnapshotFilter, import_snapshot
from tests.conftest import database_url_for_subprocess, v1_created
from trends.models import PaperTokens, Term, TermMonthCount, Word

pytestmark = pytest.mark.django_db(transaction=True)

# Demo records spread over 50 months: 50 chunks, more than the 2 x 20 tasks the first two
# workers may run, so the pool forks replacements as well.
PAPERS = 500
MONTHS = 50


def _term_tables() -> dict[str, set[tuple[object, ...]]]:
    return {
        "terms": set(Term.objects.values_list("text", "words", "papers", "first_month")),
        "counts": set(
            TermMonthCount.objects.values_list("term__text", "month", "primary_category", "papers")
        ),
        "tokens": set(PaperTokens.objects.values_list("paper_id", "month", "tokens")),
        "words": set(Word.objects.values_list("text", "papers", "label")),
    }


def test_it_counts_the_same_in_a_forked_pool(write_snapshot):
    with lzma.open(settings.DEMO_CORPUS, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in islice(lines, PAPERS)]
    for n, record in enumerate(records):
        month = n % MONTHS
        record["versions"] = v1_created(f"{2010 + month // 12}-{month % 12 + 1:02d}")
    # In this process: a first import is a rebuild, extracted inline (500 < 20,000 papers).
    import_snapshot(write_snapshot(records), SnapshotFilter(None))
    inline = _term_tables()
    assert len(inline["terms"]) > 500 and len(inline["tokens"]) == PAPERS

    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_subprocess(),
        "TERMS_PARALLEL_MIN_PAPERS": "1",
    }
    # A timeout, so that a child stuck on a lock fails the test instead of hanging the suite.
    child = subprocess.run(
        [sys.executable, "manage.py", "rebuild_terms", "--workers", "2"],
        env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert child.returncode == 0, child.stderr
    assert "extracted by 2 process(es)" in child.stdout
    assert _term_tables() == inline
