"""import_conference: paperlists JSON and CSV, statuses, bad records, idempotency, load_demo."""

import json
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from institutions.importer import ImportProblem, import_conference, infer_conference_year
from institutions.models import AffiliationMention, Authorship, ConferenceImport, ConferencePaper
from tests.institutions.support import ensure_registry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _seed(db: None) -> None:
    """The seed the migration loads; reloaded if a transactional test flushed it."""
    ensure_registry()


def record(pid: str, title: str = "A paper", status: str | None = "Poster", **fields: str) -> dict:
    base = {
        "id": pid, "title": title, "status": status, "track": "main",
        "author": "Ann One; Bo Two", "aff": "Google Brain; Stanford University + Google",
        "aff_domain": "google.com; ",
    }  # fmt: skip
    base.update(fields)
    return base


@pytest.fixture
def write_list(tmp_path: Path):
    def write(name: str, records: list) -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(records), encoding="utf-8")
        return path

    return write


def test_it_infers_conference_and_year_from_the_file_name():
    assert infer_conference_year(Path("icml2017.json")) == ("icml", 2017)
    assert infer_conference_year(Path("neurips_2018.csv")) == ("neurips", 2018)
    with pytest.raises(ImportProblem, match="cannot infer"):
        infer_conference_year(Path("papers.json"))


def test_it_imports_authors_affiliations_and_mentions(write_list):
    report = import_conference(write_list("icml2017.json", [record("1")]))
    assert (report.read, report.imported, report.invalid) == (1, 1, 0)
    paper = ConferencePaper.objects.get()
    assert (paper.conference.slug, paper.year, paper.accepted) == ("icml", 2017, True)
    authors = list(Authorship.objects.order_by("position").values_list("name", "email_domain"))
    assert authors == [("Ann One", "google.com"), ("Bo Two", "")]
    mentions = sorted(AffiliationMention.objects.values_list("raw", "email_domain"))
    # The second author has two affiliations: the e-mail domain is evidence for neither.
    assert mentions == [("Google", ""), ("Google Brain", "google.com"), ("Stanford University", "")]


def test_only_accepted_papers_are_kept_by_default(write_list):
    records = [record("1", status="Oral"), record("2", status="Reject"),
               record("3", status="Workshop"), record("4", status="Withdraw"),
               record("5", status="Spotlight"), record("6", status=None)]  # fmt: skip
    report = import_conference(write_list("iclr2018.json", records))
    assert (report.imported, report.skipped) == (3, 3)
    everything = import_conference(write_list("iclr2018.json", records), include_all=True)
    assert everything.imported == 3
    assert ConferencePaper.objects.filter(accepted=False).count() == 3


def test_it_is_idempotent(write_list):
    path = write_list("neurips2016.json", [record("1"), record("2", title="Other")])
    import_conference(path)
    again = import_conference(path)
    assert (again.imported, again.updated) == (0, 0)
    assert ConferencePaper.objects.count() == 2
    assert AffiliationMention.objects.count() == 6


def test_a_changed_record_updates_the_paper_and_its_authors(write_list):
    import_conference(write_list("icml2019.json", [record("1")]))
    report = import_conference(
        write_list(
            "icml2019.json", [record("1", title="Renamed", author="Solo", aff="MIT", aff_domain="")]
        )
    )
    assert report.updated == 1
    assert ConferencePaper.objects.get().title == "Renamed"
    assert list(AffiliationMention.objects.values_list("raw", flat=True)) == ["MIT"]


def test_bad_records_are_reported_and_the_rest_kept(write_list):
    records = [record("1"), record("2", title="  "), "junk",
               record("3", author="A; B; C", aff="X; Y"), record("4", title="Kept")]  # fmt: skip
    report = import_conference(write_list("icml2018.json", records))
    assert report.imported == 2
    reasons = {e["where"]: e["reason"] for e in report.errors}
    assert reasons == {
        "record 2": "missing title",
        "record 3": "not an object",
        "record 4": "'A paper': 3 authors but 2 affiliations",
    }
    assert ConferenceImport.objects.get().invalid == 3


def test_it_imports_a_csv_with_aligned_lists(tmp_path):
    path = tmp_path / "neurips2015.csv"
    path.write_text(
        "title,authors,affiliations\n"
        '"Deep things","Ann; Bo","Google Brain; MIT CSAIL + Harvard University"\n'
        '"No affiliations","Cy",""\n'
        '"Bad","Ann; Bo","Only one"\n',
        encoding="utf-8",
    )
    report = import_conference(path)
    assert (report.imported, report.invalid) == (2, 1)
    assert report.errors[0]["where"] == "line 4"
    assert AffiliationMention.objects.count() == 3


def test_a_file_that_is_not_a_list_is_refused(tmp_path):
    path = tmp_path / "icml2013.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ImportProblem, match="not valid JSON"):
        import_conference(path)
    csv_path = tmp_path / "icml2014.csv"
    csv_path.write_text("name,year\n", encoding="utf-8")
    with pytest.raises(ImportProblem, match="CSV header lacks"):
        import_conference(csv_path)


def test_the_command_imports_refreshes_and_reports(write_list, capsys):
    path = write_list("papers.json", [record("1")])
    call_command("import_conference", str(path), "--conference", "icml", "--year", "2015")
    out = capsys.readouterr().out
    assert "icml 2015: read 1, imported 1" in out and "statistics refreshed" in out
    with pytest.raises(CommandError):
        call_command("import_conference", str(path))


def test_load_demo_loads_the_bundled_lists_once_and_a_second_run_is_fast(capsys):
    call_command("load_conferences")
    assert ConferenceImport.objects.count() == 35
    assert ConferencePaper.objects.filter(conference__slug="icml", year=2017).count() == 435
    started = time.monotonic()
    call_command("load_conferences")
    assert time.monotonic() - started < 2
    assert "already loaded" in capsys.readouterr().out
    assert ConferenceImport.objects.count() == 35
