"""An import rewrites only the months it touches; rebuild_terms gives the same numbers."""

from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from ingest.snapshot import SnapshotFilter, import_snapshot
from tests.conftest import paper, v1_created
from trends.models import PaperTokens, Term, TermMonthCount
from trends.terms import MIN_SUPPORT

pytestmark = pytest.mark.django_db

TEXTS = [
    "Dropout regularizes a deep neural network.",
    "Batch normalization speeds up training of neural networks.",
    "Word embeddings from word2vec help parsing.",
]


def _batch(month: str, start: int, count: int, extra: str = "") -> list[dict[str, Any]]:
    return [
        paper(
            f"{month[2:4]}{month[5:7]}.{start + i:05d}",
            month,
            title=f"Paper {i}",
            abstract=TEXTS[i % len(TEXTS)] + extra,
            categories=["cs.LG", "cs.CL stat.ML"][i % 2],
        )
        for i in range(count)
    ]


def _table() -> set[tuple[str, date, str, int]]:
    return set(
        TermMonthCount.objects.values_list("term__text", "month", "primary_category", "papers")
    )


def test_an_import_rewrites_only_its_months_and_a_rebuild_agrees(write_snapshot):
    first = _batch("2016-01", 0, 30) + _batch("2016-02", 100, 30)
    import_snapshot(write_snapshot(first, "a.jsonl"), SnapshotFilter(None))
    january = {row.pk: row.papers for row in TermMonthCount.objects.filter(month=date(2016, 1, 1))}
    assert january

    # A later month brings a new term ("capsule network") seen only there.
    second = _batch("2016-03", 200, 30, extra=" Capsule networks are new.")
    import_snapshot(write_snapshot(second, "b.jsonl"), SnapshotFilter(None))
    # Rows of untouched months were not rewritten (same primary keys, same numbers).
    assert {
        row.pk: row.papers for row in TermMonthCount.objects.filter(month=date(2016, 1, 1))
    } == january
    assert Term.objects.get(text="capsule network").first_month == date(2016, 3, 1)

    incremental = _table()
    summaries = set(Term.objects.values_list("text", "words", "papers", "first_month"))
    call_command("rebuild_terms")
    assert _table() == incremental
    assert set(Term.objects.values_list("text", "words", "papers", "first_month")) == summaries
    assert PaperTokens.objects.count() == 90


def test_a_term_crossing_the_threshold_late_gets_its_whole_history(write_snapshot):
    # "spiking neuron" in a few papers a month: below MIN_SUPPORT in every single import.
    per_month = MIN_SUPPORT // 2 - 1
    months = ["2015-01", "2015-02", "2015-03"]
    for n, month in enumerate(months):
        records = _batch(month, 1000 * n, 20)
        for record in records[:per_month]:
            record["abstract"] += " Spiking neurons fire; a neuron spikes."
        import_snapshot(write_snapshot(records, f"m{n}.jsonl"), SnapshotFilter(None))
    term = Term.objects.get(text="spiking neuron")  # added by the back-fill of the last import
    counts: dict[date, int] = {}
    for row in TermMonthCount.objects.filter(term=term):
        counts[row.month] = counts.get(row.month, 0) + row.papers
    assert counts == {date(2015, 1 + n, 1): per_month for n in range(3)}
    assert term.papers == 3 * per_month and term.first_month == date(2015, 1, 1)
    before = _table()
    call_command("rebuild_terms")
    assert _table() == before


def test_a_replaced_paper_moves_its_counts(write_snapshot):
    records = _batch("2016-01", 0, 33) + _batch("2016-02", 100, 3)
    import_snapshot(write_snapshot(records, "a.jsonl"), SnapshotFilter(None))
    dropout = Term.objects.get(text="dropout")
    assert dropout.papers == 12  # papers 0, 3, 6, ..., 30 of January, 0 of February
    # A newer version of paper 0 no longer mentions dropout.
    changed = dict(records[0], abstract="Nothing about regularizers.", update_date="2020-01-01")
    import_snapshot(write_snapshot([changed], "b.jsonl"), SnapshotFilter(None))
    dropout.refresh_from_db()
    assert dropout.papers == 11


def test_a_second_import_into_old_months_agrees_with_a_rebuild(write_snapshot):
    # Three months; "spiking neuron" below MIN_SUPPORT in them (2 papers a month).
    first = _batch("2015-01", 0, 20) + _batch("2015-02", 100, 20) + _batch("2015-03", 200, 20)
    for record in first[:2] + first[20:22] + first[40:42]:
        record["abstract"] += " Spiking neurons fire; a neuron spikes."
    import_snapshot(write_snapshot(first, "a.jsonl"), SnapshotFilter(None))
    assert not Term.objects.filter(text="spiking neuron").exists()

    # The second import goes back into February (new papers, one paper of it replaced by a
    # version that moves to March) and adds April: the back-fill of "spiking neuron" must
    # skip the rewritten February and March, and "dropout" moves a paper to March.
    spiking = " Spiking neurons fire; a neuron spikes."
    second = _batch("2015-02", 300, 4, extra=spiking) + _batch("2015-04", 400, 6)
    second.append(dict(first[20], versions=v1_created("2015-03"), update_date="2020-01-01"))
    import_snapshot(write_snapshot(second, "b.jsonl"), SnapshotFilter(None))
    term = Term.objects.get(text="spiking neuron")
    assert term.papers == 10 and term.first_month == date(2015, 1, 1)

    incremental = _table()
    summaries = set(Term.objects.values_list("text", "words", "papers", "first_month"))
    tokens = set(PaperTokens.objects.values_list("paper_id", "month", "primary_category"))
    call_command("rebuild_terms")
    assert _table() == incremental
    assert set(Term.objects.values_list("text", "words", "papers", "first_month")) == summaries
    assert set(PaperTokens.objects.values_list("paper_id", "month", "primary_category")) == tokens


def test_a_small_import_leaves_no_pending_vectors_for_phrase_searches(write_snapshot):
    first = _batch("2016-01", 0, 60) + _batch("2016-02", 100, 60)
    import_snapshot(write_snapshot(first, "a.jsonl"), SnapshotFilter(None))
    # 10 papers of 130: under BULK_SHARE, so the GIN index is kept and takes the new vectors.
    import_snapshot(write_snapshot(_batch("2016-03", 200, 10), "b.jsonl"), SnapshotFilter(None))
    # They were moved into the index proper before the back-fill's phrase searches, each of
    # which would otherwise read the whole pending list (a day of papers: ~500 pages).
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list('papertokens_tokens_gin')")
        assert cursor.fetchone() == (0,)
    assert PaperTokens.objects.filter(month=date(2016, 3, 1)).count() == 10
