"""Harvesting the arXiv API (through the `arxiv` package) from the fake arXiv on 127.0.0.1."""

import itertools
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import parse_qs

import psycopg
import pytest
import requests

from ingest.harvest import harvest_api
from ingest.models import IngestBusy, IngestRun
from papers.models import MonthCategoryCount, Paper
from tests.conftest import database_url_for_subprocess, paper
from tests.fake_arxiv import FakeArxiv, papers_of_month

pytestmark = pytest.mark.django_db(transaction=True)
ML = ["cs.AI", "cs.LG", "cs.CV", "cs.CL", "cs.NE", "stat.ML"]
GAP = 0.2
FEB = date(2019, 2, 1), date(2019, 2, 28)


@pytest.fixture(scope="module")
def february() -> list[dict[str, Any]]:
    return papers_of_month("2019-02")


def serve(settings: Any, papers: list[dict[str, Any]], **options: Any) -> FakeArxiv:
    fake = FakeArxiv(papers, **options)
    settings.ARXIV_API_URL = fake.api_url
    settings.ARXIV_OAI_URL = fake.oai_url
    settings.ARXIV_DELAY_SECONDS = GAP
    settings.ARXIV_API_PAGE_SIZE = 100
    settings.ARXIV_RETRIES = 3
    settings.ARXIV_BACKOFF_SECONDS = 0.1
    settings.ARXIV_TIMEOUT_SECONDS = 2.0
    return fake


@pytest.fixture
def fake(settings: Any, february: list[dict[str, Any]]) -> Iterator[FakeArxiv]:
    with serve(settings, february) as running:
        yield running


def stored_ids() -> set[str]:
    return set(Paper.objects.values_list("arxiv_id", flat=True))


def ids(papers: list[dict[str, Any]]) -> set[str]:
    return {p["id"] for p in papers}


def test_it_harvests_a_month_through_the_arxiv_package(fake, february):
    run = harvest_api(ML, *FEB)
    assert run.state == IngestRun.State.SUCCEEDED, run.message
    assert stored_ids() == ids(february)
    assert (run.read, run.imported, run.invalid) == (len(february), len(february), 0)
    # 697 papers in pages of 100: seven requests, one per page, nothing fetched twice.
    assert run.requests == len(fake.log) == 7
    assert sum(MonthCategoryCount.objects.values_list("papers", flat=True)) == len(february)
    stored = Paper.objects.get(arxiv_id=february[0]["id"])
    assert stored.title == " ".join(february[0]["title"].split())
    assert stored.categories == february[0]["categories"].split()
    gaps = [b.at - a.at for a, b in itertools.pairwise(fake.log)]
    assert min(gaps) >= GAP - 0.02, gaps


def test_it_stores_every_paper_of_a_feed_whose_entries_carry_classification_codes(
    settings, february
):
    with serve(settings, february[:60], classified_every=1) as fake:
        page = requests.get(fake.api_url, params={
            "search_query": "cat:cs.LG OR cat:cs.CV OR cat:cs.AI", "max_results": "60"},
            timeout=10).text  # fmt: skip
        run = harvest_api(ML, *FEB)
    assert 'term="68T45"' in page and 'term="I.2.6; I.4.8"' in page
    assert 'term="94A29, 94A08"' in page
    assert run.state == IngestRun.State.SUCCEEDED, run.message
    assert (run.imported, run.invalid) == (60, 0)
    assert stored_ids() == ids(february[:60])
    for stored in Paper.objects.all():
        assert all(c[0].islower() for c in stored.categories), stored.categories


def test_titles_with_tex_and_entities_multi_line_summaries_and_versions_arrive_intact(settings):
    title = "On $\\ell_1$ & <i>Caf\u00e9</i>-style \u201cattention\u201d:\n  $O(n^2)$ or less"
    revised = paper("1902.00001", title=title, categories="cs.LG 68T05",
        abstract="  We study $\\mathbb{R}^n$ & friends.\nSecond line of the\n  abstract.\n",
        versions=[{"version": "v1", "created": "Fri, 1 Feb 2019 10:00:00 GMT"},
                  {"version": "v2", "created": "Mon, 4 Mar 2019 12:00:00 GMT"},
                  {"version": "v3", "created": "Tue, 7 May 2019 08:30:00 GMT"}])  # fmt: skip
    with serve(settings, [revised], classified_every=0) as fake:
        feed = requests.get(fake.api_url, params={"search_query": "cat:cs.LG"}, timeout=10).text
        run = harvest_api(ML, *FEB)
    assert "&amp; &lt;i&gt;Caf&#233;&lt;/i&gt;" in feed and "1902.00001v3" in feed
    assert (run.imported, run.invalid) == (1, 0), run.errors
    stored = Paper.objects.get()
    assert stored.title == " ".join(title.split())
    assert stored.abstract == "We study $\\mathbb{R}^n$ & friends. Second line of the abstract."
    assert stored.submitted.isoformat() == "2019-02-01T10:00:00+00:00"  # v1, not v3
    assert stored.updated == date(2019, 5, 7)
    assert stored.categories == ["cs.LG"]


def test_harvesting_the_same_window_again_changes_nothing(fake, february):
    harvest_api(ML, *FEB)
    again = harvest_api(ML, *FEB)
    assert again.state == IngestRun.State.SUCCEEDED
    assert (again.imported, again.updated, again.unchanged) == (0, 0, len(february))
    assert Paper.objects.count() == len(february)


def test_it_splits_a_window_holding_more_than_the_api_cap(settings, february):
    with serve(settings, february, api_cap=250) as fake:
        settings.ARXIV_API_RESULT_CAP = 250
        run = harvest_api(ML, *FEB)
    assert run.state == IngestRun.State.SUCCEEDED, run.message
    assert stored_ids() == ids(february)
    windows = {r.query.split("submittedDate")[1].split("&")[0] for r in fake.log}
    assert len(windows) >= 4  # 697 results under a cap of 250: at least 3 windows + the whole
    # No request ever asks past the cap (the real API would answer those with an error).
    assert all(int(parse_qs(r.query)["start"][0]) < 250 for r in fake.log)


def test_it_honours_retry_after_on_429_and_503(fake, february):
    fake.inject("429", retry_after="1")
    fake.inject("503", retry_after="1", match="start=100")
    run = harvest_api(ML, *FEB)
    assert run.state == IngestRun.State.SUCCEEDED
    assert stored_ids() == ids(february)
    for failed, following in itertools.pairwise(fake.log):
        if failed.status in (429, 503):
            assert following.at - failed.at >= 1.0 - 0.02, (failed, following)
    reasons = [e["reason"] for e in run.errors]
    assert "retried: HTTP 429 (Retry-After 1 s)" in reasons
    assert "retried: HTTP 503 (Retry-After 1 s)" in reasons


def test_without_retry_after_it_backs_off_exponentially(fake, settings, february):
    settings.ARXIV_BACKOFF_SECONDS = 0.4
    fake.inject("503", times=2)
    harvest_api(ML, *FEB)
    first, second, third = fake.log[:3]
    # Backoff base 0.4 s doubled per try, jittered by 0.5..1.5: >= 0.2 s, then >= 0.4 s.
    assert second.at - first.at >= 0.2 - 0.02
    assert third.at - second.at >= 0.4 - 0.02
    assert stored_ids() == ids(february)


def test_an_empty_page_mid_window_is_retried_not_taken_as_the_end(fake, february):
    fake.inject("empty", times=2, match="start=300")
    run = harvest_api(ML, *FEB)
    assert run.state == IngestRun.State.SUCCEEDED
    assert stored_ids() == ids(february)
    assert [r.fault for r in fake.log if "start=300" in r.query] == ["empty", "empty", ""]
    assert any("empty page: 0 of 100" in e["reason"] for e in run.errors)


def test_a_slow_response_times_out_and_is_retried(fake, settings, february):
    settings.ARXIV_TIMEOUT_SECONDS = 0.5
    fake.inject("slow", seconds=2.0, match="start=200")
    run = harvest_api(ML, *FEB)
    assert run.state == IngestRun.State.SUCCEEDED
    assert stored_ids() == ids(february)
    assert any("Timeout" in e["reason"] for e in run.errors), run.errors


def test_truncated_xml_is_retried_then_recorded_with_its_page_and_resumed(fake, february):
    fake.inject("truncated", times=4, match="start=400")  # every try of that page
    first = harvest_api(ML, *FEB)
    assert first.state == IngestRun.State.FAILED
    assert first.cursor["start"] == 400
    assert len(stored_ids()) == 400
    final = first.errors[-1]
    assert "start=400" in final["where"]
    assert "truncated or malformed XML" in final["reason"]
    assert "gave up after 4 tries" in final["reason"]
    assert sum(MonthCategoryCount.objects.values_list("papers", flat=True)) == 400

    seen = len(fake.log)
    second = harvest_api(ML, *FEB)
    assert second.state == IngestRun.State.SUCCEEDED
    assert second.parameters["resumed_from_run"] == first.pk
    assert "start=400" in fake.log[seen].query  # it started where the first run stopped
    assert stored_ids() == ids(february)
    assert sum(MonthCategoryCount.objects.values_list("papers", flat=True)) == len(february)


def test_a_run_left_running_by_a_dead_process_is_taken_over(fake, february):
    harvest_api(ML, *FEB)
    key = IngestRun.objects.get().key
    dead = IngestRun.objects.create(
        source=IngestRun.Source.ARXIV_API,
        key=key,
        cursor={"pending": [["201902150000", "201902282359"]], "start": 0, "months": []},
    )
    run = harvest_api(ML, *FEB)
    dead.refresh_from_db()
    assert dead.state == IngestRun.State.FAILED
    assert dead.message.startswith("abandoned")
    assert run.parameters["resumed_from_run"] == dead.pk
    assert "201902150000" in fake.log[-1].query


def test_a_second_harvest_of_the_same_window_is_refused_while_one_runs(fake):
    key = f"ingest:arxiv_api:{','.join(sorted(ML))}:2019-02-01:2019-02-28"
    with psycopg.connect(database_url_for_subprocess(), autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(hashtextextended(%s, 0))", [key])
        with pytest.raises(IngestBusy):
            harvest_api(ML, *FEB)
    assert not fake.log


def test_a_bad_entry_is_recorded_by_id_and_the_rest_is_kept(settings, february):
    broken = paper("1902.99999", title="", versions=[
        {"version": "v1", "created": "Fri, 1 Feb 2019 10:00:00 GMT"}])  # fmt: skip
    with serve(settings, [*february[:50], broken]):
        run = harvest_api(ML, *FEB)
    assert run.state == IngestRun.State.SUCCEEDED
    assert run.invalid == 1
    assert stored_ids() == ids(february[:50])
    (error,) = [e for e in run.errors if "1902.99999" in e["reason"]]
    assert "missing title" in error["reason"]
    assert "start=0" in error["where"]
