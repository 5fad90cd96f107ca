from collections import Counter
from datetime import date
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command

from ingest.models import IngestBusy, IngestRun
from ingest.snapshot import SnapshotFilter, import_snapshot
from papers.models import MonthCategoryCount, Paper
from tests.conftest import database_url_for_subprocess, paper

pytestmark = pytest.mark.django_db


def run(path: Path, **kwargs):
    report, _run = import_snapshot(path, **kwargs)
    return report


def test_it_imports_a_record_with_every_field(write_snapshot):
    report = run(write_snapshot([paper()]))
    assert (report.read, report.imported, report.invalid) == (1, 1, 0)
    stored = Paper.objects.get()
    assert stored.arxiv_id == "1409.0473"
    assert stored.title == "Neural Machine Translation by Jointly Learning to Align and Translate"
    assert stored.abstract == "Neural machine translation is a recently proposed approach."
    assert stored.categories == ["cs.CL", "cs.LG", "cs.NE", "stat.ML"]
    assert stored.primary_category == "cs.CL"
    assert stored.month == date(2014, 9, 1)
    assert stored.submitted.isoformat() == "2014-09-01T16:33:02+00:00"
    assert stored.updated == date(2016, 5, 19)
    assert stored.comments == "ICLR 2015"


def test_it_accepts_records_without_the_optional_snapshot_fields(write_snapshot):
    minimal = {
        "id": "1706.03762",
        "title": "Attention Is All You Need",
        "categories": "cs.CL cs.LG",
        "versions": [{"version": "v1", "created": "Mon, 12 Jun 2017 17:57:34 GMT"}],
    }
    report = run(write_snapshot([minimal]))
    assert report.imported == 1
    assert Paper.objects.get().updated == date(2017, 6, 12)


@pytest.mark.parametrize("name", ["s.jsonl", "s.jsonl.gz", "s.jsonl.xz"])
def test_it_reads_plain_gzip_and_xz(write_snapshot, name):
    path = write_snapshot([paper("1409.0473"), paper("1706.03762")], name)
    assert run(path).imported == 2


def test_it_is_idempotent(write_snapshot):
    path = write_snapshot([paper("1409.0473"), paper("1706.03762")])
    run(path)
    again = run(path)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 2)
    assert Paper.objects.count() == 2


def test_a_newer_update_date_replaces_the_record_and_an_older_one_does_not(write_snapshot):
    run(write_snapshot([paper(update_date="2016-05-19")], "a.jsonl"))
    newer = paper(update_date="2018-01-01", title="Renamed", categories="cs.LG")
    report = run(write_snapshot([newer], "b.jsonl"))
    assert (report.imported, report.updated) == (0, 1)
    stored = Paper.objects.get()
    assert (stored.title, stored.categories, stored.updated) == (
        "Renamed",
        ["cs.LG"],
        date(2018, 1, 1),
    )
    older = run(write_snapshot([paper(update_date="2015-01-01", title="Old")], "c.jsonl"))
    assert (older.updated, older.unchanged) == (0, 1)
    assert Paper.objects.get().title == "Renamed"
    # The month table follows the replacement: cs.CL left, cs.LG arrived.
    assert list(MonthCategoryCount.objects.values_list("categories", "papers")) == [(["cs.LG"], 1)]


def test_the_same_id_twice_in_one_file_keeps_the_newest(write_snapshot):
    path = write_snapshot(
        [paper(update_date="2019-01-01", title="New"), paper(update_date="2015-01-01", title="Old")]
    )
    report = run(path)
    assert (report.imported, report.unchanged) == (1, 1)
    assert Paper.objects.get().title == "New"


def test_bad_lines_are_reported_with_line_and_reason_and_good_ones_kept(write_snapshot):
    lines = [
        paper("1409.0473"),
        "{not json",
        paper("1501.00001", versions=[]),
        paper("1501.00002", versions=[{"version": "v1", "created": "yesterday-ish"}]),
        paper("1501.00003", title="  "),
        paper("not-an-id"),
        "",
        paper("1501.00004", update_date="2019-99-99"),
        paper("1706.03762"),
    ]
    report = run(write_snapshot(lines))
    assert report.imported == 2
    assert report.invalid == 6
    assert set(Paper.objects.values_list("arxiv_id", flat=True)) == {"1409.0473", "1706.03762"}
    by_line = {e["where"]: e["reason"] for e in report.errors}
    assert by_line["line 2"].startswith("malformed JSON")
    assert by_line["line 3"] == "1501.00001: missing v1 date (no versions)"
    assert by_line["line 4"].startswith("1501.00002: unparseable v1 date")
    assert by_line["line 5"] == "1501.00003: missing title"
    assert by_line["line 6"].startswith("not an arXiv id")
    assert by_line["line 8"].startswith("1501.00004: unparseable update_date")
    assert report.reasons["missing title"] == 1


def test_it_keeps_a_paper_whose_categories_carry_msc_and_acm_classes(write_snapshot):
    lines = [
        paper("1409.0473", categories="cs.CV 68T45 I.2.6; I.4.8"),
        paper("1409.0474", categories="94A29, 94A08 cs.LG"),
        paper("1409.0475", categories="68T45 I.2.6"),
    ]
    report = run(write_snapshot(lines))
    assert (report.imported, report.invalid) == (2, 1)
    stored = dict(Paper.objects.values_list("arxiv_id", "categories"))
    assert stored == {"1409.0473": ["cs.CV"], "1409.0474": ["cs.LG"]}
    assert Paper.objects.get(arxiv_id="1409.0474").primary_category == "cs.LG"
    # Classes only, no arXiv category: the one reason to drop it, named and counted.
    assert report.reasons == Counter({"no arXiv category": 1})
    assert report.errors[0]["reason"].startswith("1409.0475: no arXiv category")
    assert "no arXiv category 1" in _run_message(report)


def _run_message(report) -> str:
    return IngestRun.objects.get().message


def test_float_mangled_ids_are_repaired_and_counted(write_snapshot):
    report = run(write_snapshot([paper("704.005"), paper(1912.1350300000001)]))
    assert (report.imported, report.repaired) == (2, 2)
    assert set(Paper.objects.values_list("arxiv_id", flat=True)) == {"0704.0050", "1912.13503"}


def test_categories_and_months_filter_what_is_kept(write_snapshot):
    lines = [
        paper("1409.0473", categories="cs.CL"),
        paper("1409.0474", categories="math.OC"),
        paper("1409.0475", categories="math.OC stat.ML"),
        paper("1001.0001", versions=[{"version": "v1", "created": "Fri, 1 Jan 2010 00:00:00 GMT"}]),
    ]
    path = write_snapshot(lines)
    report = run(path, selection=SnapshotFilter(frozenset({"cs.CL", "stat.ML"}), date(2014, 1, 1)))
    assert (report.imported, report.skips["by category"], report.skips["by date"]) == (2, 1, 1)
    everything = run(path, selection=SnapshotFilter(None))
    assert everything.imported == 2
    assert Paper.objects.count() == 4


def test_a_truncated_xz_file_keeps_every_complete_record(write_snapshot, tmp_path):
    whole = write_snapshot([paper(f"1501.{n:05d}") for n in range(1, 2001)], "whole.jsonl.xz")
    cut = tmp_path / "cut.jsonl.xz"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size * 2 // 3])
    report = run(cut)
    assert 0 < report.imported < 2000
    assert Paper.objects.count() == report.imported
    assert any("truncated or corrupt" in e["reason"] for e in report.errors)


def test_resume_skips_the_lines_an_interrupted_run_committed(write_snapshot):
    path = write_snapshot([paper(f"1501.{n:05d}") for n in range(1, 31)])
    _report, first_run = import_snapshot(path, batch_size=10)
    IngestRun.objects.filter(pk=first_run.pk).update(state="failed", cursor={"line": 20})
    resumed, _run = import_snapshot(path, resume=True, batch_size=10)
    assert resumed.read == 10
    assert Paper.objects.count() == 30


def test_a_resumed_import_re_aggregates_the_months_its_predecessor_wrote(write_snapshot):
    path = write_snapshot([paper(f"1501.{n:05d}", f"2015-{n:02d}") for n in range(1, 13)])

    def stop(_position: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_snapshot(path, batch_size=5, on_progress=stop)
    stopped = IngestRun.objects.get()
    assert (stopped.state, stopped.cursor["line"], len(stopped.cursor["months"])) == (
        IngestRun.State.FAILED, 5, 5)  # fmt: skip
    assert not MonthCategoryCount.objects.exists()  # stopped before re-aggregating
    resumed, run_ = import_snapshot(path, resume=True, batch_size=5)
    assert (resumed.read, run_.parameters["resumed_from_run"]) == (7, stopped.pk)
    assert sum(MonthCategoryCount.objects.values_list("papers", flat=True)) == 12


def test_a_file_being_imported_elsewhere_is_refused(write_snapshot):
    path = write_snapshot([paper()])
    key = f"ingest:snapshot:{path.resolve()}:{path.stat().st_size}"
    with psycopg.connect(database_url_for_subprocess(), autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(hashtextextended(%s, 0))", [key])
        with pytest.raises(IngestBusy):
            import_snapshot(path)
    assert not Paper.objects.exists()


def test_the_command_prints_a_summary_and_fails_only_when_nothing_was_read(
    write_snapshot, tmp_path, capsys
):
    path = write_snapshot([paper(), "{broken"])
    call_command("import_snapshot", str(path))
    out, err = capsys.readouterr()
    assert "read 2, imported 1, updated 0, unchanged 0" in out
    assert "invalid 1" in out
    assert "line 2: malformed JSON" in err
    with pytest.raises(CommandError, match="nothing could be read"):
        call_command("import_snapshot", str(tmp_path / "missing.jsonl"))
    garbage = tmp_path / "garbage.jsonl.xz"
    garbage.write_bytes(b"this is not xz at all")
    with pytest.raises(CommandError, match="nothing could be read"):
        call_command("import_snapshot", str(garbage))


def test_month_counts_match_an_independent_count(write_snapshot):
    lines = []
    for n in range(1, 121):
        cats = ["cs.LG stat.ML", "cs.CV", "stat.ML", "cs.CL cs.LG"][n % 4]
        lines.append(paper(f"1501.{n:05d}", f"2015-{1 + n % 12:02d}", categories=cats))
    run(write_snapshot(lines))
    expected = Counter(date(2015, 1 + n % 12, 1) for n in range(1, 121))
    stored: Counter[date] = Counter()
    for row in MonthCategoryCount.objects.all():
        stored[row.month] += row.papers
    assert stored == expected
