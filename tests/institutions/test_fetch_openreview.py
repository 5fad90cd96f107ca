"""Fetching a venue from a fake OpenReview API v2 on 127.0.0.1 through openreview-py."""

import os
import signal
import subprocess
from collections.abc import Callable, Iterator

import pytest
import redis
from django.conf import settings
from django.core.management import CommandError, call_command

from ingest.models import IngestRun
from institutions.fetchers.openreview import fetch_openreview, venue_conference_year
from institutions.models import Authorship, ConferencePaper
from institutions.tasks import fetch_openreview_task
from tests.fake_openreview import FakeOpenReview, note, profile
from tests.institutions.fetch_support import GAP, fast_polite_fetcher, stored_rows

__all__ = ["fast_polite_fetcher"]
pytestmark = pytest.mark.django_db(transaction=True)
VENUE = "ICLR.cc/2025/Conference"
NOTES = [
    note("n1", "Attention Over Years", ["Ada Lovelace", "Alan Turing", "No Profile"],
         ["~Ada_Lovelace1", "~Alan_Turing1", "someone@example.org"], VENUE),
    note("n2", "A Spotlight Paper", ["Alan Turing"], ["~Alan_Turing1"], VENUE,
         "ICLR 2025 Spotlight"),
    note("n3", "A Rejected Paper", ["Ada Lovelace"], ["~Ada_Lovelace1"],
         f"{VENUE}/Rejected_Submission", "Submitted to ICLR 2025"),
]  # fmt: skip
PROFILES = [
    # Today at Google (since 2026); in 2025 at Stanford, before that at MIT.
    profile("~Ada_Lovelace1", [("Google", "google.com", 2026, None),
                               ("Stanford University", "stanford.edu", 2021, 2025),
                               ("Massachusetts Institute of Technology", "mit.edu", 2015, 2020)]),
    profile("~Alan_Turing1", [("University of Cambridge", "cam.ac.uk", 2018, None)]),
]  # fmt: skip


@pytest.fixture
def fake(settings) -> Iterator[FakeOpenReview]:
    with FakeOpenReview(NOTES, PROFILES) as running:
        settings.OPENREVIEW_API_URL = running.url
        yield running


def affiliations() -> dict[tuple[str, str], str]:
    return {
        (a.paper.title, a.name): a.raw_affiliation
        for a in Authorship.objects.select_related("paper")
    }


def test_it_takes_each_authors_affiliation_of_the_venues_year(fake):
    run = fetch_openreview(VENUE)
    assert run.state == IngestRun.State.SUCCEEDED, run.message
    assert affiliations() == {
        ("Attention Over Years", "Ada Lovelace"): "Stanford University",
        ("Attention Over Years", "Alan Turing"): "University of Cambridge",
        ("Attention Over Years", "No Profile"): "",
        ("A Spotlight Paper", "Alan Turing"): "University of Cambridge",
    }
    papers = ConferencePaper.objects.filter(conference__slug="iclr", year=2025)
    assert sorted(papers.values_list("source_id", "status")) == [
        ("n1", "poster"),
        ("n2", "spotlight"),
    ]
    assert Authorship.objects.get(name="Ada Lovelace").email_domain == "stanford.edu"
    # Exactly the calls openreview-py makes: notes with count, the page after, one search.
    calls = [(r.method, r.path, r.query.get("after", [""])[0]) for r in fake.log]
    assert calls == [("GET", "/notes", ""), ("GET", "/notes", "n2"),
                     ("POST", "/profiles/search", "")]  # fmt: skip
    assert fake.log[0].query["content.venueid"] == [VENUE]
    assert all(b.at - a.at >= GAP for a, b in zip(fake.log, fake.log[1:], strict=False))


def test_it_changes_nothing_when_a_venue_is_fetched_twice(fake):
    fetch_openreview(VENUE)
    before = stored_rows()
    again = fetch_openreview(VENUE)
    assert (again.state, again.read, again.imported, again.updated, again.unchanged) == (
        "succeeded", 2, 0, 0, 2,
    )  # fmt: skip
    papers, authorships, imports = stored_rows()
    assert papers == before[0] and len(authorships) == len(before[1])
    assert imports == before[2] + 1  # the fetch itself is recorded, nothing else changed
    assert affiliations()[("Attention Over Years", "Ada Lovelace")] == "Stanford University"


def test_it_honours_retry_after_on_a_429(fake):
    fake.inject(429, path="/profiles/search", retry_after="1")
    run = fetch_openreview(VENUE)
    assert run.state == IngestRun.State.SUCCEEDED, run.message
    searches = fake.requests_to("/profiles/search")
    assert [r.status for r in searches] == [429, 200] and run.requests == 4
    assert searches[1].at - searches[0].at >= 1.0
    assert "HTTP 429 (Retry-After 1 s)" in run.errors[0]["reason"]


def test_it_reports_a_broken_note_by_reason_and_imports_the_rest(settings):
    broken = note("n0", "Misaligned", ["One", "Two"], ["~One1"], VENUE)
    untitled = note("n9", "", ["Alan Turing"], ["~Alan_Turing1"], VENUE)
    with FakeOpenReview([*NOTES, broken, untitled], PROFILES) as fake:
        settings.OPENREVIEW_API_URL = fake.url
        run = fetch_openreview(VENUE)
    assert run.state == IngestRun.State.SUCCEEDED, run.message
    assert (run.read, run.imported, run.invalid) == (4, 2, 2)
    assert run.errors == [
        {"where": "note n0", "reason": "authors and authorids do not align"},
        {"where": "note n9", "reason": "missing title"},
    ]


def test_it_fails_the_run_naming_the_request_when_the_api_refuses(fake):
    fake.inject(403, path="/notes")
    run = fetch_openreview(VENUE)
    assert run.state == IngestRun.State.FAILED
    assert "content.venueid=ICLR.cc/2025/Conference" in run.errors[-1]["where"]
    assert run.errors[-1]["reason"].startswith("HTTP 403")


def test_it_reads_conference_and_year_from_the_venue_id():
    assert venue_conference_year("ICLR.cc/2025/Conference") == ("iclr", 2025)
    assert venue_conference_year("NeurIPS.cc/2024/Conference") == ("neurips", 2024)
    with pytest.raises(ValueError, match="expected a venue id"):
        venue_conference_year("ICLR.cc/Conference")
    with pytest.raises(CommandError, match="expected a venue id"):
        call_command("fetch_conference", "--openreview", "nonsense")


def test_a_worker_fetches_a_venue(celery_worker_process: Callable[..., subprocess.Popen[bytes]]):
    with FakeOpenReview(NOTES, PROFILES) as fake:
        process = celery_worker_process(
            OPENREVIEW_API_URL=fake.url, ARXIV_DELAY_SECONDS=str(GAP), ARXIV_RETRIES="3",
            ARXIV_BACKOFF_SECONDS="0.1",
        )  # fmt: skip
        try:
            summary = fetch_openreview_task.delay(VENUE).get(timeout=120)
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
            redis.Redis.from_url(settings.REDIS_URL).delete("unacked", "unacked_index", "celery")
    run = IngestRun.objects.get(pk=summary["run"])
    assert (run.state, run.source, run.imported) == ("succeeded", "openreview", 2)
    assert affiliations()[("Attention Over Years", "Ada Lovelace")] == "Stanford University"
